CREATE TABLE "escalation_work" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"label" text NOT NULL,
	"items" integer NOT NULL,
	CONSTRAINT "escalation_work_project_id_user_id_label_pk" PRIMARY KEY("project_id","user_id","label")
);
--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "escalation_alert_hours" integer DEFAULT 48 NOT NULL;--> statement-breakpoint
ALTER TABLE "escalation_work" ADD CONSTRAINT "escalation_work_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_work" ADD CONSTRAINT "escalation_work_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Work done before escalation_work existed: each annotator's items (their own revisions, not a reviewer's correction), whole and per label of their current revision.
INSERT INTO "escalation_work" ("project_id", "user_id", "label", "items") SELECT "project_id", "user_id", '', count(DISTINCT "item_id")::int FROM "annotations" WHERE "reviewer_id" IS NULL GROUP BY 1, 2;--> statement-breakpoint
INSERT INTO "escalation_work" ("project_id", "user_id", "label", "items")
SELECT c."project_id", c."user_id", l."label", count(*)::int
FROM (SELECT DISTINCT ON ("item_id", "user_id") "project_id", "item_id", "user_id", "payload" FROM "annotations" WHERE "reviewer_id" IS NULL ORDER BY "item_id", "user_id", "revision" DESC) c
CROSS JOIN LATERAL (
  SELECT s->>'label' AS "label" FROM jsonb_array_elements(coalesce(c."payload"->'shapes', '[]'::jsonb)) s
  UNION SELECT s->>'label' FROM jsonb_array_elements(coalesce(c."payload"->'spans', '[]'::jsonb)) s
  UNION SELECT jsonb_array_elements_text(coalesce(c."payload"->'classes', '[]'::jsonb))
) l
GROUP BY 1, 2, 3;
