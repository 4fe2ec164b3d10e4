-- A plan's version (migration 0007) moves only for changes the public can see: an entry of a
-- round that is not published, a value recorded while a round of its fiscal year is open (a
-- draft: src/plans/publication.ts) and feedback that is not published are on no public page, so
-- writing them leaves that plan's kept pages and validators as they are (on a deadline day, 50
-- editors saving their entries made every public page of their plan render again). Publishing a
-- round or a comment moves the version through the rounds and feedback rows themselves.
CREATE OR REPLACE FUNCTION shinchoku_plan_changed_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT c.plan_id FROM new_rows c JOIN rounds r ON r.id = c.round_id WHERE r.state = 'published';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT c.plan_id FROM old_rows c JOIN rounds r ON r.id = c.round_id WHERE r.state = 'published';
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.plan_id FROM new_rows c JOIN rounds r ON r.id = c.round_id WHERE r.state = 'published'
                                                             UNION SELECT c.plan_id FROM old_rows c JOIN rounds r ON r.id = c.round_id WHERE r.state = 'published') x;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shinchoku_plan_changed_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT c.plan_id FROM new_rows c WHERE c.state = 'published';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT c.plan_id FROM old_rows c WHERE c.state = 'published';
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.plan_id FROM new_rows c WHERE c.state = 'published'
                                                             UNION SELECT c.plan_id FROM old_rows c WHERE c.state = 'published') x;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
-- a value the public sees: not recorded while a round of its fiscal year is open (the SQL twin
-- of isDraftObservation in src/plans/publication.ts)
CREATE FUNCTION shinchoku_observation_is_public(plan_id integer, fiscal_year integer, recorded_at timestamptz) RETURNS boolean LANGUAGE sql STABLE AS $$
  SELECT NOT EXISTS (SELECT 1 FROM rounds r WHERE r.plan_id = $1 AND r.fiscal_year = $2 AND r.state <> 'published' AND $3 >= r.created_at)
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shinchoku_plan_changed_observations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- rows the public sees, before or after
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT i.plan_id FROM new_rows c JOIN indicators i ON i.id = c.indicator_id
     WHERE shinchoku_observation_is_public(i.plan_id, c.fiscal_year, c.recorded_at);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT i.plan_id FROM old_rows c JOIN indicators i ON i.id = c.indicator_id
     WHERE shinchoku_observation_is_public(i.plan_id, c.fiscal_year, c.recorded_at);
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (
        SELECT i.plan_id FROM new_rows c JOIN indicators i ON i.id = c.indicator_id WHERE shinchoku_observation_is_public(i.plan_id, c.fiscal_year, c.recorded_at)
        UNION
        SELECT i.plan_id FROM old_rows c JOIN indicators i ON i.id = c.indicator_id WHERE shinchoku_observation_is_public(i.plan_id, c.fiscal_year, c.recorded_at)) x;
  END IF;
  RETURN NULL;
END
$$;
