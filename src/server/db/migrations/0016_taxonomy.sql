ALTER TABLE "guideline_drafts" ADD COLUMN "schema_changes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "guideline_versions" ADD COLUMN "label_schema" jsonb;--> statement-breakpoint
ALTER TABLE "guideline_versions" ADD COLUMN "schema_changes" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "guideline_versions" ADD COLUMN "requeue" jsonb;