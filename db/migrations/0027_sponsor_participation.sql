CREATE TYPE "public"."participation_action" AS ENUM('watch_update', 'read_disclosure', 'share_visit');--> statement-breakpoint
ALTER TYPE "public"."ledger_entry_kind" ADD VALUE 'sponsor_gift';--> statement-breakpoint
CREATE TABLE "participation_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"sponsor_name" text NOT NULL,
	"currency" char(3) DEFAULT 'CNY' NOT NULL,
	"total_amount" bigint NOT NULL,
	"committed_amount" bigint DEFAULT 0 NOT NULL,
	"amount_per_action" bigint NOT NULL,
	"actions" "participation_action"[] NOT NULL,
	"cap_per_person_day" integer NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participation_pools_amounts" CHECK ("participation_pools"."amount_per_action" > 0 and "participation_pools"."total_amount" > 0 and "participation_pools"."total_amount" % "participation_pools"."amount_per_action" = 0),
	CONSTRAINT "participation_pools_never_overspent" CHECK ("participation_pools"."committed_amount" >= 0 and "participation_pools"."committed_amount" <= "participation_pools"."total_amount"),
	CONSTRAINT "participation_pools_cap" CHECK ("participation_pools"."cap_per_person_day" > 0),
	CONSTRAINT "participation_pools_actions" CHECK (cardinality("participation_pools"."actions") > 0),
	CONSTRAINT "participation_pools_window_ordered" CHECK ("participation_pools"."ends_at" > "participation_pools"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "participations" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pool_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"action" "participation_action" NOT NULL,
	"item_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"day" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "participations_amount_positive" CHECK ("participations"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "participation_pools" ADD CONSTRAINT "participation_pools_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participation_pools" ADD CONSTRAINT "participation_pools_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_pool_id_participation_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."participation_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "participations" ADD CONSTRAINT "participations_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "participation_pools_campaign_idx" ON "participation_pools" USING btree ("campaign_id");--> statement-breakpoint
CREATE UNIQUE INDEX "participations_one_per_item_key" ON "participations" USING btree ("campaign_id","user_id","action","project_id","item_id");--> statement-breakpoint
CREATE INDEX "participations_pool_user_day_idx" ON "participations" USING btree ("pool_id","user_id","day");--> statement-breakpoint
CREATE INDEX "participations_user_idx" ON "participations" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "participations_project_idx" ON "participations" USING btree ("project_id");