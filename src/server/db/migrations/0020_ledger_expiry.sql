ALTER TABLE "annotations" ADD COLUMN "via_sync" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "gold_scores_user_item_idx" ON "gold_scores" USING btree ("user_id","item_id","scored_at");--> statement-breakpoint
CREATE INDEX "mutations_applied_idx" ON "mutations" USING btree ("applied_at");--> statement-breakpoint
-- Revisions stored by a sync before the column existed: the ledger still holds every one of them.
UPDATE "annotations" a SET "via_sync" = true WHERE EXISTS (SELECT 1 FROM "mutations" m WHERE m."id" = a."mutation_id");
