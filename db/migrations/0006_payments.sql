CREATE TYPE "public"."plan_status" AS ENUM('pending', 'active', 'canceled');--> statement-breakpoint
CREATE TABLE "donation_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" uuid,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" "plan_status" DEFAULT 'pending' NOT NULL,
	"subscription_id" text,
	"first_donation_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"canceled_at" timestamp with time zone,
	CONSTRAINT "donation_plans_subscription_id_unique" UNIQUE("subscription_id")
);
--> statement-breakpoint
CREATE TABLE "sandbox_deliveries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"event_id" text NOT NULL,
	"payload" text NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_status" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sandbox_sessions" (
	"id" text PRIMARY KEY NOT NULL,
	"donation_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"payment_status" text DEFAULT 'unpaid' NOT NULL,
	"payment_intent_id" text,
	"charge_id" text,
	"subscription_id" text,
	"customer_email" text,
	"success_url" text NOT NULL,
	"cancel_url" text NOT NULL,
	"title" text NOT NULL,
	"refunded_amount" bigint DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_events" (
	"id" text PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"outcome" text NOT NULL,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "donations_user_idx";--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "gateway" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "checkout_session_id" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "payment_intent_id" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "charge_id" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "invoice_id" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "plan_id" uuid;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "refunded_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "receipt_number" text;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "access_token" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "locale" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "external_ref" text;--> statement-breakpoint
ALTER TABLE "donation_plans" ADD CONSTRAINT "donation_plans_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "donation_plans" ADD CONSTRAINT "donation_plans_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "donation_plans_user_idx" ON "donation_plans" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "sandbox_deliveries_due_idx" ON "sandbox_deliveries" USING btree ("next_attempt_at") WHERE "sandbox_deliveries"."delivered_at" is null;--> statement-breakpoint
CREATE INDEX "donations_pending_idx" ON "donations" USING btree ("created_at") WHERE "donations"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "donations_plan_idx" ON "donations" USING btree ("plan_id");--> statement-breakpoint
CREATE INDEX "donations_user_idx" ON "donations" USING btree ("user_id","created_at");--> statement-breakpoint
ALTER TABLE "donations" ADD CONSTRAINT "donations_checkout_session_id_unique" UNIQUE("checkout_session_id");--> statement-breakpoint
ALTER TABLE "donations" ADD CONSTRAINT "donations_payment_intent_id_unique" UNIQUE("payment_intent_id");--> statement-breakpoint
ALTER TABLE "donations" ADD CONSTRAINT "donations_charge_id_unique" UNIQUE("charge_id");--> statement-breakpoint
ALTER TABLE "donations" ADD CONSTRAINT "donations_invoice_id_unique" UNIQUE("invoice_id");--> statement-breakpoint
ALTER TABLE "donations" ADD CONSTRAINT "donations_receipt_number_unique" UNIQUE("receipt_number");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_external_ref_unique" UNIQUE("external_ref");--> statement-breakpoint
ALTER TABLE "donations" ADD CONSTRAINT "donations_refund_bounded" CHECK ("donations"."refunded_amount" >= 0 and "donations"."refunded_amount" <= "donations"."amount");--> statement-breakpoint
-- Receipt numbers: gap-free is not required, unique and increasing is.
CREATE SEQUENCE IF NOT EXISTS "receipt_number_seq";
