CREATE TABLE "gold_daily" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"label" text NOT NULL,
	"day" timestamp with time zone NOT NULL,
	"n" integer NOT NULL,
	"sum" double precision NOT NULL,
	CONSTRAINT "gold_daily_project_id_user_id_label_day_pk" PRIMARY KEY("project_id","user_id","label","day")
);
--> statement-breakpoint
CREATE TABLE "gold_totals" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"label" text NOT NULL,
	"guideline_version_id" uuid NOT NULL,
	"n" integer NOT NULL,
	"sum" double precision NOT NULL,
	CONSTRAINT "gold_totals_project_id_user_id_label_guideline_version_id_pk" PRIMARY KEY("project_id","user_id","label","guideline_version_id")
);
--> statement-breakpoint
ALTER TABLE "gold_daily" ADD CONSTRAINT "gold_daily_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_daily" ADD CONSTRAINT "gold_daily_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_totals" ADD CONSTRAINT "gold_totals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_totals" ADD CONSTRAINT "gold_totals_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gold_totals" ADD CONSTRAINT "gold_totals_guideline_version_id_guideline_versions_id_fk" FOREIGN KEY ("guideline_version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gold_daily_project_day_idx" ON "gold_daily" USING btree ("project_id","day");--> statement-breakpoint
-- Backfill the roll-ups from the hourly aggregates already kept (the sync hook maintains all three from here on).
INSERT INTO "gold_totals" ("project_id", "user_id", "label", "guideline_version_id", "n", "sum")
  SELECT "project_id", "user_id", "label", "guideline_version_id", sum("n"), sum("sum") FROM "gold_aggregates" GROUP BY 1, 2, 3, 4;--> statement-breakpoint
INSERT INTO "gold_daily" ("project_id", "user_id", "label", "day", "n", "sum")
  SELECT "project_id", "user_id", "label", date_trunc('day', "bucket", 'UTC'), sum("n"), sum("sum") FROM "gold_aggregates" GROUP BY 1, 2, 3, 4;
