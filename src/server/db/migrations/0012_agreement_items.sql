CREATE TABLE "agreement_items" (
	"item_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"iou_threshold" double precision,
	"summary" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "agreement_pending" (
	"revision_id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"item_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "agreement_items" ADD CONSTRAINT "agreement_items_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_items" ADD CONSTRAINT "agreement_items_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agreement_pending" ADD CONSTRAINT "agreement_pending_revision_id_annotations_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."annotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agreement_items_project_idx" ON "agreement_items" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "agreement_pending_project_item_idx" ON "agreement_pending" USING btree ("project_id","item_id");--> statement-breakpoint
-- Answers given before this table existed: one pending row per answered item (any one of its revisions: the whole item is redone).
INSERT INTO "agreement_pending" ("revision_id", "project_id", "item_id")
SELECT DISTINCT ON ("item_id") "id", "project_id", "item_id" FROM "annotations" ORDER BY "item_id", "id";
