CREATE TABLE "gold_scores" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"annotation_id" uuid NOT NULL,
	"guideline_version_id" uuid NOT NULL,
	"score" double precision NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"details" jsonb NOT NULL,
	"scored_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_annotation_id_annotations_id_fk" FOREIGN KEY ("annotation_id") REFERENCES "public"."annotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_scores" ADD CONSTRAINT "gold_scores_guideline_version_id_guideline_versions_id_fk" FOREIGN KEY ("guideline_version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gold_scores_annotation_uq" ON "gold_scores" USING btree ("annotation_id");--> statement-breakpoint
CREATE INDEX "gold_scores_user_idx" ON "gold_scores" USING btree ("project_id","user_id","scored_at");