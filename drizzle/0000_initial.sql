CREATE TABLE "audit_log" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_log_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" integer,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "departments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "departments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer NOT NULL,
	"parent_id" integer,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text DEFAULT 'section' NOT NULL,
	"valid_from" date,
	"valid_to" date,
	"successor_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "departments_org_code_unique" UNIQUE("organisation_id","code"),
	CONSTRAINT "departments_org_id_unique" UNIQUE("organisation_id","id"),
	CONSTRAINT "departments_kind_check" CHECK (kind IN ('bureau', 'section', 'ward', 'office', 'other')),
	CONSTRAINT "departments_not_own_parent" CHECK ("departments"."parent_id" IS NULL OR "departments"."parent_id" <> "departments"."id"),
	CONSTRAINT "departments_validity" CHECK ("departments"."valid_to" IS NULL OR "departments"."valid_from" IS NULL OR "departments"."valid_to" >= "departments"."valid_from")
);
--> statement-breakpoint
CREATE TABLE "entries" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "entries_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"round_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"state" text DEFAULT 'not_started' NOT NULL,
	"self_grade" text,
	"computed_grade" text,
	"disagreement_reason" text,
	"final_grade" text,
	"results_text" text,
	"plan_text" text,
	"issues_text" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_by" integer,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entries_round_item_unique" UNIQUE("round_id","item_id"),
	CONSTRAINT "entries_state_check" CHECK (state IN ('not_started', 'in_progress', 'submitted', 'returned', 'approved')),
	CONSTRAINT "entries_version_positive" CHECK ("entries"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "entry_comments" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "entry_comments_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"entry_id" integer NOT NULL,
	"author_id" integer,
	"kind" text DEFAULT 'comment' NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entry_comments_kind_check" CHECK (kind IN ('comment', 'return', 'approve'))
);
--> statement-breakpoint
CREATE TABLE "evaluation_scales" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "evaluation_scales_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"basis" text DEFAULT 'judgement' NOT NULL,
	"grades" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluation_scales_code_unique" UNIQUE("code"),
	CONSTRAINT "evaluation_scales_basis_check" CHECK (basis IN ('rate', 'judgement', 'mixed')),
	CONSTRAINT "evaluation_scales_grades_array" CHECK (jsonb_typeof("evaluation_scales"."grades") = 'array' AND jsonb_array_length("evaluation_scales"."grades") > 0)
);
--> statement-breakpoint
CREATE TABLE "feedback" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "feedback_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"item_id" integer,
	"body" text NOT NULL,
	"author_name" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"moderated_by" integer,
	"moderated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "feedback_state_check" CHECK (state IN ('pending', 'published', 'rejected')),
	CONSTRAINT "feedback_body_length" CHECK (length("feedback"."body") BETWEEN 1 AND 4000)
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "indicators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"item_id" integer NOT NULL,
	"code" text NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"category" text,
	"unit" text,
	"direction" text DEFAULT 'up' NOT NULL,
	"aggregation" text DEFAULT 'annual' NOT NULL,
	"rate_method" text,
	"baseline_value" numeric,
	"baseline_text" text,
	"baseline_fy" integer,
	"baseline_as_of" date,
	"breakdown_labels" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"source" text,
	"notes" text,
	"is_reference" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicators_plan_code_unique" UNIQUE("plan_id","code"),
	CONSTRAINT "indicators_direction_check" CHECK (direction IN ('up', 'down', 'maintain')),
	CONSTRAINT "indicators_aggregation_check" CHECK (aggregation IN ('annual', 'cumulative')),
	CONSTRAINT "indicators_rate_method_check" CHECK ("indicators"."rate_method" IS NULL OR rate_method IN ('ratio', 'improvement', 'prorated', 'band', 'every_year'))
);
--> statement-breakpoint
CREATE TABLE "item_departments" (
	"item_id" integer NOT NULL,
	"department_id" integer NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"role" text DEFAULT 'lead' NOT NULL,
	"text_as_written" text,
	CONSTRAINT "item_departments_pk" PRIMARY KEY("item_id","department_id"),
	CONSTRAINT "item_departments_role_check" CHECK (role IN ('lead', 'joint'))
);
--> statement-breakpoint
CREATE TABLE "observations" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "observations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"indicator_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"kind" text DEFAULT 'actual' NOT NULL,
	"value" numeric,
	"text" text NOT NULL,
	"unit" text,
	"approximate" boolean DEFAULT false NOT NULL,
	"parts" jsonb,
	"as_of" date,
	"missing_reason" text,
	"note" text,
	"source" text,
	"recorded_by" integer,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "observations_indicator_year_kind_unique" UNIQUE("indicator_id","fiscal_year","kind"),
	CONSTRAINT "observations_kind_check" CHECK (kind IN ('actual', 'estimate', 'status')),
	CONSTRAINT "observations_missing_reason_check" CHECK ("observations"."missing_reason" IS NULL OR missing_reason IN ('not_yet_surveyed', 'not_applicable', 'not_evaluated', 'not_aggregated', 'blank')),
	CONSTRAINT "observations_value_or_reason" CHECK (("observations"."value" IS NULL) <> ("observations"."missing_reason" IS NULL)),
	CONSTRAINT "observations_fiscal_year_range" CHECK ("observations"."fiscal_year" BETWEEN 1868 AND 2200)
);
--> statement-breakpoint
CREATE TABLE "organisations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"kind" text DEFAULT 'municipality' NOT NULL,
	"local_government_code" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisations_code_unique" UNIQUE("code"),
	CONSTRAINT "organisations_kind_check" CHECK (kind IN ('municipality', 'prefecture', 'national', 'other')),
	CONSTRAINT "organisations_code_format" CHECK ("organisations"."code" ~ '^[a-z0-9][a-z0-9-]*$')
);
--> statement-breakpoint
CREATE TABLE "plan_items" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_items_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"parent_id" integer,
	"code" text NOT NULL,
	"depth" integer NOT NULL,
	"position" integer NOT NULL,
	"number" text,
	"name" text NOT NULL,
	"description" text,
	"numeric_target_text" text,
	"is_priority" boolean DEFAULT false NOT NULL,
	"is_new" boolean DEFAULT false NOT NULL,
	"is_partner_project" boolean DEFAULT false NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"relist_of_id" integer,
	"relist_kind" text,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"retired_at" date,
	"retired_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_items_plan_code_unique" UNIQUE("plan_id","code"),
	CONSTRAINT "plan_items_plan_id_unique" UNIQUE("plan_id","id"),
	CONSTRAINT "plan_items_relist_kind_check" CHECK (("plan_items"."relist_of_id" IS NULL AND "plan_items"."relist_kind" IS NULL) OR ("plan_items"."relist_of_id" IS NOT NULL AND "plan_items"."relist_kind" IS NOT NULL AND relist_kind IN ('full', 'partial'))),
	CONSTRAINT "plan_items_not_own_parent" CHECK ("plan_items"."parent_id" IS NULL OR "plan_items"."parent_id" <> "plan_items"."id"),
	CONSTRAINT "plan_items_not_own_relist" CHECK ("plan_items"."relist_of_id" IS NULL OR "plan_items"."relist_of_id" <> "plan_items"."id"),
	CONSTRAINT "plan_items_depth_check" CHECK ("plan_items"."depth" >= 0 AND (("plan_items"."depth" = 0) = ("plan_items"."parent_id" IS NULL))),
	CONSTRAINT "plan_items_position_check" CHECK ("plan_items"."position" >= 0),
	CONSTRAINT "plan_items_retired_reason" CHECK ("plan_items"."retired_at" IS NULL OR "plan_items"."retired_reason" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "plans" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plans_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"short_title" text,
	"description" text,
	"period_start_fy" integer NOT NULL,
	"period_end_fy" integer NOT NULL,
	"upper_plans" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sdg_goals" integer[] DEFAULT '{}'::integer[] NOT NULL,
	"level_names" jsonb NOT NULL,
	"scale_id" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"settings" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"source" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"attributes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"predecessor_id" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plans_code_unique" UNIQUE("code"),
	CONSTRAINT "plans_status_check" CHECK (status IN ('draft', 'active', 'finished', 'archived')),
	CONSTRAINT "plans_period_check" CHECK ("plans"."period_end_fy" >= "plans"."period_start_fy" AND "plans"."period_start_fy" BETWEEN 1868 AND 2200),
	CONSTRAINT "plans_code_format" CHECK ("plans"."code" ~ '^[a-z0-9][a-z0-9-]*$'),
	CONSTRAINT "plans_sdg_goals_range" CHECK ("plans"."sdg_goals" <@ ARRAY[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]),
	CONSTRAINT "plans_level_names_array" CHECK (jsonb_typeof("plans"."level_names") = 'array' AND jsonb_array_length("plans"."level_names") > 0)
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "rounds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"fiscal_year" integer NOT NULL,
	"state" text DEFAULT 'preparing' NOT NULL,
	"entry_deadline" date,
	"review_deadline" date,
	"publish_deadline" date,
	"opened_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"published_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rounds_plan_year_unique" UNIQUE("plan_id","fiscal_year"),
	CONSTRAINT "rounds_plan_id_unique" UNIQUE("plan_id","id"),
	CONSTRAINT "rounds_state_check" CHECK (state IN ('preparing', 'entry', 'review', 'closed', 'published')),
	CONSTRAINT "rounds_fiscal_year_range" CHECK ("rounds"."fiscal_year" BETWEEN 1868 AND 2200),
	CONSTRAINT "rounds_deadline_order" CHECK (("rounds"."entry_deadline" IS NULL OR "rounds"."review_deadline" IS NULL OR "rounds"."entry_deadline" <= "rounds"."review_deadline") AND ("rounds"."review_deadline" IS NULL OR "rounds"."publish_deadline" IS NULL OR "rounds"."review_deadline" <= "rounds"."publish_deadline"))
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" integer NOT NULL,
	"csrf_token" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ip_address" text,
	"user_agent" text,
	CONSTRAINT "sessions_expiry" CHECK ("sessions"."expires_at" > "sessions"."created_at")
);
--> statement-breakpoint
CREATE TABLE "targets" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "targets_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"indicator_id" integer NOT NULL,
	"kind" text NOT NULL,
	"fiscal_year" integer,
	"value" numeric,
	"band_low" numeric,
	"band_high" numeric,
	"change_percent" numeric,
	"text" text,
	"set_by" text DEFAULT 'this_plan' NOT NULL,
	"set_by_name" text,
	"notes" text,
	"position" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "targets_kind_check" CHECK (kind IN ('by_year', 'every_year_min', 'every_year_max', 'maintain', 'percent_change', 'qualitative')),
	CONSTRAINT "targets_set_by_check" CHECK (set_by IN ('this_plan', 'action_plan', 'strategic_vision', 'upper_plan', 'other')),
	CONSTRAINT "targets_band_order" CHECK ("targets"."band_low" IS NULL OR "targets"."band_high" IS NULL OR "targets"."band_low" <= "targets"."band_high"),
	CONSTRAINT "targets_value_present" CHECK ("targets"."kind" = 'qualitative' OR "targets"."value" IS NOT NULL OR "targets"."band_low" IS NOT NULL OR "targets"."band_high" IS NOT NULL),
	CONSTRAINT "targets_fiscal_year_range" CHECK ("targets"."fiscal_year" IS NULL OR "targets"."fiscal_year" BETWEEN 1868 AND 2200)
);
--> statement-breakpoint
CREATE TABLE "user_scopes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "user_scopes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"user_id" integer NOT NULL,
	"department_id" integer,
	"plan_id" integer,
	CONSTRAINT "user_scopes_target" CHECK ("user_scopes"."department_id" IS NOT NULL OR "user_scopes"."plan_id" IS NOT NULL)
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "users_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"organisation_id" integer,
	"login" text NOT NULL,
	"email" text,
	"display_name" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"disabled_at" timestamp with time zone,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_login_unique" UNIQUE("login"),
	CONSTRAINT "users_role_check" CHECK (role IN ('admin', 'editor', 'reviewer', 'committee')),
	CONSTRAINT "users_login_format" CHECK (length("users"."login") BETWEEN 2 AND 100 AND "users"."login" !~ '\s')
);
--> statement-breakpoint
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_actor_id_users_id_fk" FOREIGN KEY ("actor_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_parent_fk" FOREIGN KEY ("organisation_id","parent_id") REFERENCES "public"."departments"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_successor_fk" FOREIGN KEY ("organisation_id","successor_id") REFERENCES "public"."departments"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_round_fk" FOREIGN KEY ("plan_id","round_id") REFERENCES "public"."rounds"("plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entries" ADD CONSTRAINT "entries_item_fk" FOREIGN KEY ("plan_id","item_id") REFERENCES "public"."plan_items"("plan_id","id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_comments" ADD CONSTRAINT "entry_comments_entry_id_entries_id_fk" FOREIGN KEY ("entry_id") REFERENCES "public"."entries"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entry_comments" ADD CONSTRAINT "entry_comments_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluation_scales" ADD CONSTRAINT "evaluation_scales_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_item_id_plan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plan_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "feedback" ADD CONSTRAINT "feedback_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_item_fk" FOREIGN KEY ("plan_id","item_id") REFERENCES "public"."plan_items"("plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_departments" ADD CONSTRAINT "item_departments_item_id_plan_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."plan_items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_departments" ADD CONSTRAINT "item_departments_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "observations" ADD CONSTRAINT "observations_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_parent_fk" FOREIGN KEY ("plan_id","parent_id") REFERENCES "public"."plan_items"("plan_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_relist_fk" FOREIGN KEY ("plan_id","relist_of_id") REFERENCES "public"."plan_items"("plan_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_scale_id_evaluation_scales_id_fk" FOREIGN KEY ("scale_id") REFERENCES "public"."evaluation_scales"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plans" ADD CONSTRAINT "plans_predecessor_fk" FOREIGN KEY ("predecessor_id") REFERENCES "public"."plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "targets" ADD CONSTRAINT "targets_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_scopes" ADD CONSTRAINT "user_scopes_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_scopes" ADD CONSTRAINT "user_scopes_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "user_scopes" ADD CONSTRAINT "user_scopes_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_log_subject_idx" ON "audit_log" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("at");--> statement-breakpoint
CREATE INDEX "entries_item_idx" ON "entries" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "entry_comments_entry_idx" ON "entry_comments" USING btree ("entry_id");--> statement-breakpoint
CREATE INDEX "indicators_item_idx" ON "indicators" USING btree ("item_id");--> statement-breakpoint
CREATE INDEX "item_departments_department_idx" ON "item_departments" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "plan_items_parent_idx" ON "plan_items" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "plans_organisation_idx" ON "plans" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "targets_indicator_idx" ON "targets" USING btree ("indicator_id");--> statement-breakpoint
CREATE UNIQUE INDEX "user_scopes_unique" ON "user_scopes" USING btree ("user_id",coalesce("department_id", 0),coalesce("plan_id", 0));