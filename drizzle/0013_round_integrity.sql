CREATE TABLE "corrections" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "corrections_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"observation_id" bigint NOT NULL,
	"before_text" text NOT NULL,
	"before_value" numeric,
	"after_text" text NOT NULL,
	"after_value" numeric,
	"reason" text NOT NULL,
	"corrected_by" integer,
	"corrected_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "corrections" ADD CONSTRAINT "corrections_observation_id_observations_id_fk" FOREIGN KEY ("observation_id") REFERENCES "public"."observations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "corrections" ADD CONSTRAINT "corrections_corrected_by_users_id_fk" FOREIGN KEY ("corrected_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "corrections_observation_idx" ON "corrections" USING btree ("observation_id");--> statement-breakpoint
-- What the public sees of a round (the one place the rule is written: src/plans/publication.ts
-- calls these functions, and the plan-change triggers use them). An entry is public once the round
-- is published and the entry approved; a value typed into a round is public on the same terms
-- (its item's entry approved, the round published); values recorded before the round existed (the
-- plan's documents) are public.
CREATE FUNCTION shinchoku_entry_is_public(round_state text, entry_state text) RETURNS boolean LANGUAGE sql IMMUTABLE AS $$
  SELECT $1 = 'published' AND $2 = 'approved'
$$;
--> statement-breakpoint
CREATE FUNCTION shinchoku_observation_is_public(plan_id integer, indicator_id integer, fiscal_year integer, recorded_at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT NOT EXISTS (
    SELECT 1 FROM rounds r
     WHERE r.plan_id = $1 AND r.fiscal_year = $3 AND $4 >= r.created_at
       AND (r.state <> 'published'
            OR EXISTS (SELECT 1 FROM entries e JOIN indicators i ON i.item_id = e.item_id
                        WHERE e.round_id = r.id AND i.id = $2 AND NOT shinchoku_entry_is_public(r.state, e.state))))
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shinchoku_plan_changed_observations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- rows the public sees, before or after
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (
        SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id, c.indicator_id, c.fiscal_year, c.recorded_at
          FROM (SELECT DISTINCT indicator_id, fiscal_year, recorded_at FROM new_rows) c) x
     WHERE x.plan_id IS NOT NULL AND shinchoku_observation_is_public(x.plan_id, x.indicator_id, x.fiscal_year, x.recorded_at);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (
        SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id, c.indicator_id, c.fiscal_year, c.recorded_at
          FROM (SELECT DISTINCT indicator_id, fiscal_year, recorded_at FROM old_rows) c) x
     WHERE x.plan_id IS NOT NULL AND shinchoku_observation_is_public(x.plan_id, x.indicator_id, x.fiscal_year, x.recorded_at);
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (
        SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id, c.indicator_id, c.fiscal_year, c.recorded_at
          FROM (SELECT indicator_id, fiscal_year, recorded_at FROM new_rows UNION SELECT indicator_id, fiscal_year, recorded_at FROM old_rows) c) x
     WHERE x.plan_id IS NOT NULL AND shinchoku_observation_is_public(x.plan_id, x.indicator_id, x.fiscal_year, x.recorded_at);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
DROP FUNCTION shinchoku_observation_is_public(integer, integer, timestamptz);
