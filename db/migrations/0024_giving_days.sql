CREATE TYPE "public"."campaign_project_status" AS ENUM('applied', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."campaign_status" AS ENUM('draft', 'live', 'closed');--> statement-breakpoint
CREATE TYPE "public"."match_event_kind" AS ENUM('decided', 'paid', 'released', 'reversed');--> statement-breakpoint
CREATE TYPE "public"."match_status" AS ENUM('paid', 'held', 'reversed', 'released', 'unmatched');--> statement-breakpoint
ALTER TYPE "public"."ledger_entry_kind" ADD VALUE 'match';--> statement-breakpoint
ALTER TYPE "public"."ledger_entry_kind" ADD VALUE 'match_reversal';--> statement-breakpoint
CREATE TABLE "campaign_projects" (
	"campaign_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"status" "campaign_project_status" DEFAULT 'applied' NOT NULL,
	"applied_by" uuid,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_projects_campaign_id_project_id_pk" PRIMARY KEY("campaign_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"title" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"status" "campaign_status" DEFAULT 'draft' NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaigns_slug_unique" UNIQUE("slug"),
	CONSTRAINT "campaigns_window_ordered" CHECK ("campaigns"."ends_at" > "campaigns"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "match_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pool_id" uuid NOT NULL,
	"match_id" bigint NOT NULL,
	"kind" "match_event_kind" NOT NULL,
	"amount" bigint NOT NULL,
	"outcome" "match_status",
	"reason" text,
	"gift_remaining" bigint,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "matches" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"pool_id" uuid NOT NULL,
	"campaign_id" uuid NOT NULL,
	"donation_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"donor_key" text NOT NULL,
	"card_key" text,
	"gift_amount" bigint NOT NULL,
	"given_at" timestamp with time zone NOT NULL,
	"day" date NOT NULL,
	"amount" bigint NOT NULL,
	"reversed_amount" bigint DEFAULT 0 NOT NULL,
	"status" "match_status" NOT NULL,
	"reason" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	CONSTRAINT "matches_amounts" CHECK ("matches"."amount" >= 0 and "matches"."reversed_amount" >= 0 and "matches"."reversed_amount" <= "matches"."amount")
);
--> statement-breakpoint
CREATE TABLE "sponsor_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"campaign_id" uuid NOT NULL,
	"sponsor_name" text NOT NULL,
	"currency" char(3) DEFAULT 'CNY' NOT NULL,
	"total_amount" bigint NOT NULL,
	"committed_amount" bigint DEFAULT 0 NOT NULL,
	"ratio_percent" integer NOT NULL,
	"cap_per_gift" bigint,
	"cap_per_donor_day" bigint,
	"cap_per_project" bigint,
	"first_gift_only" boolean DEFAULT false NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"card_daily_limit" integer DEFAULT 3 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sponsor_pools_total_positive" CHECK ("sponsor_pools"."total_amount" > 0),
	CONSTRAINT "sponsor_pools_never_overspent" CHECK ("sponsor_pools"."committed_amount" >= 0 and "sponsor_pools"."committed_amount" <= "sponsor_pools"."total_amount"),
	CONSTRAINT "sponsor_pools_ratio" CHECK ("sponsor_pools"."ratio_percent" > 0 and "sponsor_pools"."ratio_percent" <= 1000),
	CONSTRAINT "sponsor_pools_caps_positive" CHECK (coalesce("sponsor_pools"."cap_per_gift", 1) > 0 and coalesce("sponsor_pools"."cap_per_donor_day", 1) > 0 and coalesce("sponsor_pools"."cap_per_project", 1) > 0),
	CONSTRAINT "sponsor_pools_window_ordered" CHECK ("sponsor_pools"."ends_at" > "sponsor_pools"."starts_at"),
	CONSTRAINT "sponsor_pools_card_limit" CHECK ("sponsor_pools"."card_daily_limit" > 0)
);
--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "card_fingerprint" text;--> statement-breakpoint
ALTER TABLE "campaign_projects" ADD CONSTRAINT "campaign_projects_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_projects" ADD CONSTRAINT "campaign_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_projects" ADD CONSTRAINT "campaign_projects_applied_by_users_id_fk" FOREIGN KEY ("applied_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_projects" ADD CONSTRAINT "campaign_projects_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_pool_id_sponsor_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."sponsor_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "match_events" ADD CONSTRAINT "match_events_match_id_matches_id_fk" FOREIGN KEY ("match_id") REFERENCES "public"."matches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_pool_id_sponsor_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."sponsor_pools"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_donation_id_donations_id_fk" FOREIGN KEY ("donation_id") REFERENCES "public"."donations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "matches" ADD CONSTRAINT "matches_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsor_pools" ADD CONSTRAINT "sponsor_pools_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sponsor_pools" ADD CONSTRAINT "sponsor_pools_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "campaign_projects_project_idx" ON "campaign_projects" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "match_events_pool_idx" ON "match_events" USING btree ("pool_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "matches_pool_donation_key" ON "matches" USING btree ("pool_id","donation_id");--> statement-breakpoint
CREATE INDEX "matches_pool_donor_day_idx" ON "matches" USING btree ("pool_id","donor_key","day");--> statement-breakpoint
CREATE INDEX "matches_pool_project_idx" ON "matches" USING btree ("pool_id","project_id","donor_key");--> statement-breakpoint
CREATE INDEX "matches_pool_card_day_idx" ON "matches" USING btree ("pool_id","card_key","day") WHERE "matches"."card_key" is not null;--> statement-breakpoint
CREATE INDEX "matches_campaign_donor_idx" ON "matches" USING btree ("campaign_id","donor_key");--> statement-breakpoint
CREATE INDEX "matches_donation_idx" ON "matches" USING btree ("donation_id");--> statement-breakpoint
CREATE INDEX "matches_held_idx" ON "matches" USING btree ("decided_at") WHERE "matches"."status" = 'held';--> statement-breakpoint
CREATE INDEX "sponsor_pools_campaign_idx" ON "sponsor_pools" USING btree ("campaign_id");--> statement-breakpoint
-- A pool's history is append-only, like the ledger and the audit log: the public matching export
-- replays it, so what happened to a pool can never be rewritten (a correction is a new event).
CREATE OR REPLACE FUNCTION match_events_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'match_events is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
--> statement-breakpoint
CREATE TRIGGER match_events_append_only
  BEFORE UPDATE OR DELETE ON match_events
  FOR EACH ROW EXECUTE FUNCTION match_events_refuse_change();
--> statement-breakpoint
CREATE TRIGGER match_events_no_truncate
  BEFORE TRUNCATE ON match_events
  FOR EACH STATEMENT EXECUTE FUNCTION match_events_refuse_change();
