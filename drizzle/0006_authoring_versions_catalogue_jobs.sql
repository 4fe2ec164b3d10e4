CREATE TABLE "catalogue_indicators" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "catalogue_indicators_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"code" text NOT NULL,
	"name" text NOT NULL,
	"name_en" text,
	"description" text,
	"unit" text NOT NULL,
	"kind" text DEFAULT 'count' NOT NULL,
	"direction" text DEFAULT 'up' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_indicators_code_unique" UNIQUE("code"),
	CONSTRAINT "catalogue_indicators_code_format" CHECK ("catalogue_indicators"."code" ~ '^[a-z0-9][a-z0-9-]*$'),
	CONSTRAINT "catalogue_indicators_kind_check" CHECK (kind IN ('count', 'amount', 'ratio')),
	CONSTRAINT "catalogue_indicators_direction_check" CHECK (direction IN ('up', 'down', 'maintain'))
);
--> statement-breakpoint
CREATE TABLE "catalogue_links" (
	"indicator_id" integer PRIMARY KEY NOT NULL,
	"catalogue_id" integer NOT NULL,
	"unit_factor" numeric DEFAULT '1' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "catalogue_links_factor_positive" CHECK ("catalogue_links"."unit_factor" > 0)
);
--> statement-breakpoint
CREATE TABLE "plan_versions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "plan_versions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"number" integer NOT NULL,
	"name" text NOT NULL,
	"adopted_on" date NOT NULL,
	"note" text,
	"snapshot" jsonb NOT NULL,
	"created_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_versions_plan_number_unique" UNIQUE("plan_id","number"),
	CONSTRAINT "plan_versions_plan_id_unique" UNIQUE("plan_id","id"),
	CONSTRAINT "plan_versions_number_positive" CHECK ("plan_versions"."number" >= 1),
	CONSTRAINT "plan_versions_name_length" CHECK (length("plan_versions"."name") BETWEEN 1 AND 200)
);
--> statement-breakpoint
CREATE TABLE "report_jobs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "report_jobs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"plan_id" integer NOT NULL,
	"fiscal_year" integer,
	"format" text NOT NULL,
	"options" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"state" text DEFAULT 'queued' NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"step" text,
	"file_name" text,
	"content_type" text,
	"content" "bytea",
	"error" text,
	"requested_by" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "report_jobs_state_check" CHECK (state IN ('queued', 'running', 'done', 'failed')),
	CONSTRAINT "report_jobs_format_check" CHECK (format IN ('html', 'pdf', 'xlsx')),
	CONSTRAINT "report_jobs_progress" CHECK ("report_jobs"."done" >= 0 AND "report_jobs"."total" >= 0 AND "report_jobs"."done" <= "report_jobs"."total")
);
--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "end_kind" text;--> statement-breakpoint
ALTER TABLE "departments" ADD COLUMN "current_id" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "population" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "population_as_of" date;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "population_source" text;--> statement-breakpoint
ALTER TABLE "plan_items" ADD COLUMN "continues_item_id" integer;--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "plan_version_id" integer;--> statement-breakpoint
ALTER TABLE "catalogue_links" ADD CONSTRAINT "catalogue_links_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "catalogue_links" ADD CONSTRAINT "catalogue_links_catalogue_id_catalogue_indicators_id_fk" FOREIGN KEY ("catalogue_id") REFERENCES "public"."catalogue_indicators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD CONSTRAINT "report_jobs_plan_id_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."plans"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_jobs" ADD CONSTRAINT "report_jobs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "catalogue_links_catalogue_idx" ON "catalogue_links" USING btree ("catalogue_id");--> statement-breakpoint
CREATE INDEX "report_jobs_plan_idx" ON "report_jobs" USING btree ("plan_id");--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_current_fk" FOREIGN KEY ("organisation_id","current_id") REFERENCES "public"."departments"("organisation_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_continues_fk" FOREIGN KEY ("continues_item_id") REFERENCES "public"."plan_items"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_plan_version_fk" FOREIGN KEY ("plan_id","plan_version_id") REFERENCES "public"."plan_versions"("plan_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "departments_current_idx" ON "departments" USING btree ("current_id");--> statement-breakpoint
CREATE INDEX "plan_items_continues_idx" ON "plan_items" USING btree ("continues_item_id");--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_end_kind_check" CHECK ("departments"."end_kind" IS NULL OR end_kind IN ('rename', 'merge', 'abolish'));--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_not_own_successor" CHECK ("departments"."successor_id" IS NULL OR "departments"."successor_id" <> "departments"."id");--> statement-breakpoint
ALTER TABLE "departments" ADD CONSTRAINT "departments_not_own_current" CHECK ("departments"."current_id" IS NULL OR "departments"."current_id" <> "departments"."id");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_population_positive" CHECK ("organisations"."population" IS NULL OR "organisations"."population" > 0);--> statement-breakpoint
ALTER TABLE "plan_items" ADD CONSTRAINT "plan_items_not_own_continuation" CHECK ("plan_items"."continues_item_id" IS NULL OR "plan_items"."continues_item_id" <> "plan_items"."id");