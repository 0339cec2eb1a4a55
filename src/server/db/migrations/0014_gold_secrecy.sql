ALTER TABLE "projects" ALTER COLUMN "gold_exposure_cap" SET DEFAULT 3;--> statement-breakpoint
ALTER TABLE "mutations" ADD COLUMN "body_hash" text;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "collusion_precision" double precision DEFAULT 0.5 NOT NULL;