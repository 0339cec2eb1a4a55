CREATE TABLE "escalation_counts" (
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"label" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "escalation_counts_project_id_user_id_label_pk" PRIMARY KEY("project_id","user_id","label")
);
--> statement-breakpoint
CREATE TABLE "escalation_fold" (
	"project_id" uuid PRIMARY KEY NOT NULL,
	"received_until" timestamp with time zone NOT NULL,
	"decided_until" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "escalation_resolution_minutes" (
	"project_id" uuid NOT NULL,
	"minutes" integer NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "escalation_resolution_minutes_project_id_minutes_pk" PRIMARY KEY("project_id","minutes")
);
--> statement-breakpoint
ALTER TABLE "escalation_counts" ADD CONSTRAINT "escalation_counts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_counts" ADD CONSTRAINT "escalation_counts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_fold" ADD CONSTRAINT "escalation_fold_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_resolution_minutes" ADD CONSTRAINT "escalation_resolution_minutes_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "escalations_project_received_idx" ON "escalations" USING btree ("project_id","received_at");--> statement-breakpoint
CREATE INDEX "escalations_project_decided_idx" ON "escalations" USING btree ("project_id","decided_at");