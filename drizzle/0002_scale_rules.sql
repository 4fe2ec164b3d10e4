ALTER TABLE "evaluation_scales" DROP CONSTRAINT "evaluation_scales_basis_check";--> statement-breakpoint
ALTER TABLE "evaluation_scales" ADD COLUMN "rule" jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "evaluation_scales" DROP COLUMN "basis";--> statement-breakpoint
ALTER TABLE "evaluation_scales" ADD CONSTRAINT "evaluation_scales_rule_type" CHECK ("evaluation_scales"."rule"->>'type' IN ('manual', 'thresholds'));