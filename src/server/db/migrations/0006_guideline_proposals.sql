CREATE TABLE "guideline_proposal_escalations" (
	"proposal_id" uuid NOT NULL,
	"escalation_id" uuid NOT NULL,
	CONSTRAINT "guideline_proposal_escalations_proposal_id_escalation_id_pk" PRIMARY KEY("proposal_id","escalation_id")
);
--> statement-breakpoint
CREATE TABLE "guideline_proposals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"section_id" text NOT NULL,
	"section_title" text NOT NULL,
	"text" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"proposed_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"comment" text DEFAULT '' NOT NULL,
	"settled_by_version_id" uuid
);
--> statement-breakpoint
ALTER TABLE "guideline_proposal_escalations" ADD CONSTRAINT "guideline_proposal_escalations_proposal_id_guideline_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."guideline_proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_proposal_escalations" ADD CONSTRAINT "guideline_proposal_escalations_escalation_id_escalations_id_fk" FOREIGN KEY ("escalation_id") REFERENCES "public"."escalations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_proposals" ADD CONSTRAINT "guideline_proposals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_proposals" ADD CONSTRAINT "guideline_proposals_proposed_by_users_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_proposals" ADD CONSTRAINT "guideline_proposals_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "guideline_proposals" ADD CONSTRAINT "guideline_proposals_settled_by_version_id_guideline_versions_id_fk" FOREIGN KEY ("settled_by_version_id") REFERENCES "public"."guideline_versions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "guideline_proposal_escalations_escalation_idx" ON "guideline_proposal_escalations" USING btree ("escalation_id");--> statement-breakpoint
CREATE INDEX "guideline_proposals_project_status_idx" ON "guideline_proposals" USING btree ("project_id","status","created_at");