ALTER TABLE "pending_scores" ADD COLUMN "attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "pending_scores" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "pending_scores" ADD COLUMN "parked_at" timestamp with time zone;