ALTER TABLE "plan_changes" ADD COLUMN "rows" bigint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "plan_changes" ADD COLUMN "id_sum" numeric;