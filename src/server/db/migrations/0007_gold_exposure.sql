ALTER TABLE "items" ADD COLUMN "served_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "gold_exposure_cap" integer;--> statement-breakpoint
-- Items served before the counter existed: one assignment per annotator and item, whatever its state.
UPDATE "items" SET "served_count" = s.n FROM (SELECT "item_id", count(*)::int AS n FROM "assignments" GROUP BY "item_id") s WHERE s."item_id" = "items"."id";
