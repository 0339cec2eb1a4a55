CREATE TABLE "pending_scores" (
	"revision_id" uuid PRIMARY KEY NOT NULL,
	"queued_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "pending_scores" ADD CONSTRAINT "pending_scores_revision_id_annotations_id_fk" FOREIGN KEY ("revision_id") REFERENCES "public"."annotations"("id") ON DELETE cascade ON UPDATE no action;