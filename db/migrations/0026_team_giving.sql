CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"campaign_id" uuid,
	"created_by" uuid,
	"name" text NOT NULL,
	"goal_amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"message" text,
	"show_starter" boolean DEFAULT false NOT NULL,
	"goal_reached_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_goal_positive" CHECK ("teams"."goal_amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "start_announced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "dedupe_key" text;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "teams_project_idx" ON "teams" USING btree ("project_id","created_at");--> statement-breakpoint
CREATE INDEX "teams_campaign_idx" ON "teams" USING btree ("campaign_id") WHERE "teams"."campaign_id" is not null;--> statement-breakpoint
CREATE INDEX "teams_creator_idx" ON "teams" USING btree ("created_by");--> statement-breakpoint
ALTER TABLE "donations" ADD CONSTRAINT "donations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "donations_team_idx" ON "donations" USING btree ("team_id") WHERE "donations"."team_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_dedupe_key" ON "notifications" USING btree ("user_id","dedupe_key");