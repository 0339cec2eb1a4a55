CREATE TABLE "item_repeats" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"original_revision_id" uuid NOT NULL,
	"asset_alias" uuid NOT NULL,
	"position" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"lease_expires_at" timestamp with time zone NOT NULL,
	"served_at" timestamp with time zone NOT NULL,
	"answer" jsonb,
	"revision" integer DEFAULT 0 NOT NULL,
	"escalated" boolean DEFAULT false NOT NULL,
	"answered_at" timestamp with time zone,
	"score" double precision,
	CONSTRAINT "item_repeats_asset_alias_unique" UNIQUE("asset_alias")
);
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "repeat_rate" double precision DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "repeat_min_gap" integer DEFAULT 20 NOT NULL;--> statement-breakpoint
ALTER TABLE "item_repeats" ADD CONSTRAINT "item_repeats_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_repeats" ADD CONSTRAINT "item_repeats_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_repeats" ADD CONSTRAINT "item_repeats_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_repeats" ADD CONSTRAINT "item_repeats_original_revision_id_annotations_id_fk" FOREIGN KEY ("original_revision_id") REFERENCES "public"."annotations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "item_repeats_user_item_uq" ON "item_repeats" USING btree ("user_id","item_id");--> statement-breakpoint
CREATE INDEX "item_repeats_user_project_idx" ON "item_repeats" USING btree ("user_id","project_id","status","position");--> statement-breakpoint
CREATE INDEX "item_repeats_project_user_idx" ON "item_repeats" USING btree ("project_id","user_id");