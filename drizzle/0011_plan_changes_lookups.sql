-- The plans a statement changed, found through the primary keys: the distinct keys of the changed
-- rows are looked up one at a time (a scalar subquery: an index lookup whatever the statistics say).
-- Joined, the planner took a hash join over every indicator of the database for an import's few
-- thousand values: at national size (488,640 indicators) 0.56 s of the 0.86 s it took to insert
-- one plan's 3,180 values, and growing with the database.
CREATE OR REPLACE FUNCTION shinchoku_plan_changed_item_departments() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT (SELECT i.plan_id FROM plan_items i WHERE i.id = c.item_id) AS plan_id FROM (SELECT DISTINCT item_id FROM new_rows) c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT (SELECT i.plan_id FROM plan_items i WHERE i.id = c.item_id) AS plan_id FROM (SELECT DISTINCT item_id FROM old_rows) c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT (SELECT i.plan_id FROM plan_items i WHERE i.id = c.item_id) AS plan_id FROM (SELECT item_id FROM new_rows UNION SELECT item_id FROM old_rows) c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shinchoku_plan_changed_targets() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id FROM (SELECT DISTINCT indicator_id FROM new_rows) c) x WHERE x.plan_id IS NOT NULL;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id FROM (SELECT DISTINCT indicator_id FROM old_rows) c) x WHERE x.plan_id IS NOT NULL;
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id FROM (SELECT indicator_id FROM new_rows UNION SELECT indicator_id FROM old_rows) c) x WHERE x.plan_id IS NOT NULL;
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shinchoku_plan_changed_observations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- rows the public sees, before or after
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (
        SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id, c.fiscal_year, c.recorded_at
          FROM (SELECT DISTINCT indicator_id, fiscal_year, recorded_at FROM new_rows) c) x
     WHERE x.plan_id IS NOT NULL AND shinchoku_observation_is_public(x.plan_id, x.fiscal_year, x.recorded_at);
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (
        SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id, c.fiscal_year, c.recorded_at
          FROM (SELECT DISTINCT indicator_id, fiscal_year, recorded_at FROM old_rows) c) x
     WHERE x.plan_id IS NOT NULL AND shinchoku_observation_is_public(x.plan_id, x.fiscal_year, x.recorded_at);
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT x.plan_id FROM (
        SELECT (SELECT i.plan_id FROM indicators i WHERE i.id = c.indicator_id) AS plan_id, c.fiscal_year, c.recorded_at
          FROM (SELECT indicator_id, fiscal_year, recorded_at FROM new_rows UNION SELECT indicator_id, fiscal_year, recorded_at FROM old_rows) c) x
     WHERE x.plan_id IS NOT NULL AND shinchoku_observation_is_public(x.plan_id, x.fiscal_year, x.recorded_at);
  END IF;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION shinchoku_plan_changed_entries() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- entries of published rounds only (migration 0010)
  IF TG_OP = 'INSERT' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT c.plan_id FROM (SELECT DISTINCT plan_id, round_id FROM new_rows) c
     WHERE (SELECT r.state FROM rounds r WHERE r.id = c.round_id) = 'published';
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT c.plan_id FROM (SELECT DISTINCT plan_id, round_id FROM old_rows) c
     WHERE (SELECT r.state FROM rounds r WHERE r.id = c.round_id) = 'published';
  ELSE
    INSERT INTO plan_changes (plan_id) SELECT DISTINCT c.plan_id FROM (SELECT plan_id, round_id FROM new_rows UNION SELECT plan_id, round_id FROM old_rows) c
     WHERE (SELECT r.state FROM rounds r WHERE r.id = c.round_id) = 'published';
  END IF;
  RETURN NULL;
END
$$;
