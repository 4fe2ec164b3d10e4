CREATE TABLE "plan_changes" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_changes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "plan_changes_plan_idx" ON "plan_changes" USING btree ("plan_id","id");
--> statement-breakpoint
-- What changed, per plan: every table a plan's pages read records, once per statement, the plans
-- whose pages the statement changed (src/db/schema.ts, plan_changes). Statement-level triggers
-- with transition tables: an import of 10,000 observations adds one row per plan, not 10,000.
-- (PostgreSQL allows a transition table only on a trigger of one event: three triggers per table.)
CREATE FUNCTION shinchoku_plan_changed_plans() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.id AS plan_id FROM new_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.id AS plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.id AS plan_id FROM new_rows c UNION SELECT c.id AS plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER plans_changed_insert AFTER INSERT ON plans REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plans();
--> statement-breakpoint
CREATE TRIGGER plans_changed_update AFTER UPDATE ON plans REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plans();
--> statement-breakpoint
CREATE TRIGGER plans_changed_delete AFTER DELETE ON plans REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plans();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_plan_items() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM new_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.plan_id FROM new_rows c UNION SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER plan_items_changed_insert AFTER INSERT ON plan_items REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plan_items();
--> statement-breakpoint
CREATE TRIGGER plan_items_changed_update AFTER UPDATE ON plan_items REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plan_items();
--> statement-breakpoint
CREATE TRIGGER plan_items_changed_delete AFTER DELETE ON plan_items REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plan_items();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_indicators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM new_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.plan_id FROM new_rows c UNION SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER indicators_changed_insert AFTER INSERT ON indicators REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_indicators();
--> statement-breakpoint
CREATE TRIGGER indicators_changed_update AFTER UPDATE ON indicators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_indicators();
--> statement-breakpoint
CREATE TRIGGER indicators_changed_delete AFTER DELETE ON indicators REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_indicators();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_rounds() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM new_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.plan_id FROM new_rows c UNION SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER rounds_changed_insert AFTER INSERT ON rounds REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_rounds();
--> statement-breakpoint
CREATE TRIGGER rounds_changed_update AFTER UPDATE ON rounds REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_rounds();
--> statement-breakpoint
CREATE TRIGGER rounds_changed_delete AFTER DELETE ON rounds REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_rounds();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM new_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.plan_id FROM new_rows c UNION SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER entries_changed_insert AFTER INSERT ON entries REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_entries();
--> statement-breakpoint
CREATE TRIGGER entries_changed_update AFTER UPDATE ON entries REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_entries();
--> statement-breakpoint
CREATE TRIGGER entries_changed_delete AFTER DELETE ON entries REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_entries();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_feedback() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM new_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.plan_id FROM new_rows c UNION SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER feedback_changed_insert AFTER INSERT ON feedback REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_feedback();
--> statement-breakpoint
CREATE TRIGGER feedback_changed_update AFTER UPDATE ON feedback REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_feedback();
--> statement-breakpoint
CREATE TRIGGER feedback_changed_delete AFTER DELETE ON feedback REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_feedback();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_plan_versions() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM new_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT c.plan_id FROM new_rows c UNION SELECT c.plan_id FROM old_rows c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER plan_versions_changed_insert AFTER INSERT ON plan_versions REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plan_versions();
--> statement-breakpoint
CREATE TRIGGER plan_versions_changed_update AFTER UPDATE ON plan_versions REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plan_versions();
--> statement-breakpoint
CREATE TRIGGER plan_versions_changed_delete AFTER DELETE ON plan_versions REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_plan_versions();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_item_departments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN plan_items i ON i.id = c.item_id) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM old_rows c JOIN plan_items i ON i.id = c.item_id) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN plan_items i ON i.id = c.item_id UNION SELECT i.plan_id FROM old_rows c JOIN plan_items i ON i.id = c.item_id) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER item_departments_changed_insert AFTER INSERT ON item_departments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_item_departments();
--> statement-breakpoint
CREATE TRIGGER item_departments_changed_update AFTER UPDATE ON item_departments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_item_departments();
--> statement-breakpoint
CREATE TRIGGER item_departments_changed_delete AFTER DELETE ON item_departments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_item_departments();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_targets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM old_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN indicators i ON i.id = c.indicator_id UNION SELECT i.plan_id FROM old_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER targets_changed_insert AFTER INSERT ON targets REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_targets();
--> statement-breakpoint
CREATE TRIGGER targets_changed_update AFTER UPDATE ON targets REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_targets();
--> statement-breakpoint
CREATE TRIGGER targets_changed_delete AFTER DELETE ON targets REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_targets();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_observations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM old_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN indicators i ON i.id = c.indicator_id UNION SELECT i.plan_id FROM old_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER observations_changed_insert AFTER INSERT ON observations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_observations();
--> statement-breakpoint
CREATE TRIGGER observations_changed_update AFTER UPDATE ON observations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_observations();
--> statement-breakpoint
CREATE TRIGGER observations_changed_delete AFTER DELETE ON observations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_observations();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_catalogue_links() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM old_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN indicators i ON i.id = c.indicator_id UNION SELECT i.plan_id FROM old_rows c JOIN indicators i ON i.id = c.indicator_id) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER catalogue_links_changed_insert AFTER INSERT ON catalogue_links REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_catalogue_links();
--> statement-breakpoint
CREATE TRIGGER catalogue_links_changed_update AFTER UPDATE ON catalogue_links REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_catalogue_links();
--> statement-breakpoint
CREATE TRIGGER catalogue_links_changed_delete AFTER DELETE ON catalogue_links REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_catalogue_links();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_catalogue_indicators() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN catalogue_links l ON l.catalogue_id = c.id JOIN indicators i ON i.id = l.indicator_id) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT i.plan_id FROM old_rows c JOIN catalogue_links l ON l.catalogue_id = c.id JOIN indicators i ON i.id = l.indicator_id) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT i.plan_id FROM new_rows c JOIN catalogue_links l ON l.catalogue_id = c.id JOIN indicators i ON i.id = l.indicator_id UNION SELECT i.plan_id FROM old_rows c JOIN catalogue_links l ON l.catalogue_id = c.id JOIN indicators i ON i.id = l.indicator_id) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER catalogue_indicators_changed_insert AFTER INSERT ON catalogue_indicators REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_catalogue_indicators();
--> statement-breakpoint
CREATE TRIGGER catalogue_indicators_changed_update AFTER UPDATE ON catalogue_indicators REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_catalogue_indicators();
--> statement-breakpoint
CREATE TRIGGER catalogue_indicators_changed_delete AFTER DELETE ON catalogue_indicators REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_catalogue_indicators();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_departments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT p.id AS plan_id FROM new_rows c JOIN plans p ON p.organisation_id = c.organisation_id) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT p.id AS plan_id FROM old_rows c JOIN plans p ON p.organisation_id = c.organisation_id) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT p.id AS plan_id FROM new_rows c JOIN plans p ON p.organisation_id = c.organisation_id UNION SELECT p.id AS plan_id FROM old_rows c JOIN plans p ON p.organisation_id = c.organisation_id) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER departments_changed_insert AFTER INSERT ON departments REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_departments();
--> statement-breakpoint
CREATE TRIGGER departments_changed_update AFTER UPDATE ON departments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_departments();
--> statement-breakpoint
CREATE TRIGGER departments_changed_delete AFTER DELETE ON departments REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_departments();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_organisations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT p.id AS plan_id FROM new_rows c JOIN plans p ON p.organisation_id = c.id) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT p.id AS plan_id FROM old_rows c JOIN plans p ON p.organisation_id = c.id) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT p.id AS plan_id FROM new_rows c JOIN plans p ON p.organisation_id = c.id UNION SELECT p.id AS plan_id FROM old_rows c JOIN plans p ON p.organisation_id = c.id) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER organisations_changed_insert AFTER INSERT ON organisations REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_organisations();
--> statement-breakpoint
CREATE TRIGGER organisations_changed_update AFTER UPDATE ON organisations REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_organisations();
--> statement-breakpoint
CREATE TRIGGER organisations_changed_delete AFTER DELETE ON organisations REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_organisations();
--> statement-breakpoint
CREATE FUNCTION shinchoku_plan_changed_evaluation_scales() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT p.id AS plan_id FROM new_rows c JOIN plans p ON p.scale_id = c.id) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT p.id AS plan_id FROM old_rows c JOIN plans p ON p.scale_id = c.id) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT x.plan_id FROM (SELECT p.id AS plan_id FROM new_rows c JOIN plans p ON p.scale_id = c.id UNION SELECT p.id AS plan_id FROM old_rows c JOIN plans p ON p.scale_id = c.id) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER evaluation_scales_changed_insert AFTER INSERT ON evaluation_scales REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_evaluation_scales();
--> statement-breakpoint
CREATE TRIGGER evaluation_scales_changed_update AFTER UPDATE ON evaluation_scales REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_evaluation_scales();
--> statement-breakpoint
CREATE TRIGGER evaluation_scales_changed_delete AFTER DELETE ON evaluation_scales REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION shinchoku_plan_changed_evaluation_scales();
