CREATE TYPE "public"."refund_status" AS ENUM('requested', 'succeeded', 'failed');--> statement-breakpoint
ALTER TYPE "public"."ledger_entry_kind" ADD VALUE 'platform_cover';--> statement-breakpoint
CREATE TABLE "installation_secrets" (
	"name" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ledger_check_gateway_records" (
	"run_id" uuid NOT NULL,
	"type" text NOT NULL,
	"ref" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	CONSTRAINT "ledger_check_gateway_records_run_id_type_ref_pk" PRIMARY KEY("run_id","type","ref")
);
--> statement-breakpoint
CREATE TABLE "refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"donation_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"cumulative" bigint NOT NULL,
	"status" "refund_status" DEFAULT 'requested' NOT NULL,
	"platform_covers" boolean DEFAULT false NOT NULL,
	"reason" text NOT NULL,
	"requested_by" uuid,
	"gateway_refund_id" text,
	"failure" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone,
	CONSTRAINT "refunds_amount_positive" CHECK ("refunds"."amount" > 0)
);
--> statement-breakpoint
CREATE TABLE "sandbox_invoices" (
	"id" text PRIMARY KEY NOT NULL,
	"subscription_id" text NOT NULL,
	"amount" bigint NOT NULL,
	"currency" char(3) NOT NULL,
	"paid_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "held_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "held_reason" text;--> statement-breakpoint
ALTER TABLE "ledger_seals" ADD COLUMN "prev_hash" text;--> statement-breakpoint
ALTER TABLE "ledger_seals" ADD COLUMN "project_id" uuid;--> statement-breakpoint
ALTER TABLE "ledger_seals" ADD COLUMN "project_position" bigint;--> statement-breakpoint
ALTER TABLE "ledger_seals" ADD COLUMN "project_hash" text;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_donation_id_donations_id_fk" FOREIGN KEY ("donation_id") REFERENCES "public"."donations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "refunds" ADD CONSTRAINT "refunds_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "refunds_donation_cumulative_key" ON "refunds" USING btree ("donation_id","cumulative");--> statement-breakpoint
CREATE INDEX "refunds_open_idx" ON "refunds" USING btree ("project_id") WHERE "refunds"."status" = 'requested';--> statement-breakpoint
CREATE UNIQUE INDEX "ledger_seals_project_position_key" ON "ledger_seals" USING btree ("project_id","project_position");--> statement-breakpoint
-- Seals made before this migration get their predecessor and their project's chain, computed the
-- way the sealing job now computes them (app/ledger/seal.server.ts). This is the one time seals are
-- written after the fact: the append-only trigger is off for this statement only.
ALTER TABLE "ledger_seals" DISABLE TRIGGER "ledger_seals_append_only";
--> statement-breakpoint
WITH ordered AS (
  SELECT s.entry_id, e.project_id,
         lag(s.hash, 1, repeat('0', 64)) OVER (ORDER BY s.position) AS prev_hash,
         row_number() OVER (PARTITION BY e.project_id ORDER BY s.position) AS project_position
    FROM ledger_seals s JOIN ledger_entries e ON e.id = s.entry_id)
UPDATE ledger_seals s
   SET prev_hash = o.prev_hash, project_id = o.project_id, project_position = o.project_position
  FROM ordered o WHERE o.entry_id = s.entry_id;
--> statement-breakpoint
WITH RECURSIVE chain AS (
  SELECT s.entry_id, s.project_id, s.project_position,
         encode(sha256(convert_to(repeat('0', 64) || s.hash, 'UTF8')), 'hex') AS project_hash
    FROM ledger_seals s WHERE s.project_position = 1
  UNION ALL
  SELECT s.entry_id, s.project_id, s.project_position,
         encode(sha256(convert_to(c.project_hash || s.hash, 'UTF8')), 'hex')
    FROM chain c JOIN ledger_seals s ON s.project_id = c.project_id AND s.project_position = c.project_position + 1)
UPDATE ledger_seals s SET project_hash = chain.project_hash FROM chain WHERE chain.entry_id = s.entry_id;
--> statement-breakpoint
ALTER TABLE "ledger_seals" ENABLE TRIGGER "ledger_seals_append_only";
--> statement-breakpoint
ALTER TABLE "ledger_seals" ALTER COLUMN "prev_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_seals" ALTER COLUMN "project_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_seals" ALTER COLUMN "project_position" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_seals" ALTER COLUMN "project_hash" SET NOT NULL;--> statement-breakpoint
-- One totals mechanism: the ledger's insert trigger keeps the summaries AND the project's received
-- total and gift count, in the same statement as the entries; and it refuses any statement that
-- would leave a project's unspent balance (the sum of all its entries) below zero. The ledger module
-- checks the same first, under the project's lock, to give a clear message; this is the backstop.
CREATE OR REPLACE FUNCTION project_ledger_summaries_add() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  overdrawn record;
BEGIN
  INSERT INTO project_ledger_totals AS t (project_id, kind, entries, amount)
    SELECT project_id, kind, count(*), sum(amount)
      FROM new_entries
     GROUP BY 1, 2
     ORDER BY 1, 2
  ON CONFLICT (project_id, kind)
    DO UPDATE SET entries = t.entries + excluded.entries, amount = t.amount + excluded.amount;
  INSERT INTO project_ledger_hours AS h (project_id, kind, hour, entries, amount)
    SELECT project_id, kind, date_trunc('hour', occurred_at, 'UTC'), count(*), sum(amount)
      FROM new_entries
     GROUP BY 1, 2, 3
     ORDER BY 1, 2, 3
  ON CONFLICT (project_id, kind, hour)
    DO UPDATE SET entries = h.entries + excluded.entries, amount = h.amount + excluded.amount;
  UPDATE projects p
     SET raised_amount = p.raised_amount + s.received, donation_count = p.donation_count + s.gifts
    FROM (SELECT project_id,
                 coalesce(sum(amount) FILTER (WHERE kind::text NOT IN ('expense', 'expense_reversal')), 0) AS received,
                 count(*) FILTER (WHERE kind::text = 'donation') AS gifts
            FROM new_entries GROUP BY 1) s
   WHERE p.id = s.project_id AND (s.received <> 0 OR s.gifts <> 0);
  SELECT t.project_id, sum(t.amount) AS balance INTO overdrawn
    FROM project_ledger_totals t
   WHERE t.project_id IN (SELECT DISTINCT project_id FROM new_entries)
   GROUP BY 1 HAVING sum(t.amount) < 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'ledger: project % would be overdrawn (unspent balance %)', overdrawn.project_id, overdrawn.balance
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- The derived columns are the trigger's alone: a direct UPDATE of them (not from inside the ledger
-- trigger) is refused.
CREATE OR REPLACE FUNCTION projects_refuse_total_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF pg_trigger_depth() < 2 AND (NEW.raised_amount IS DISTINCT FROM OLD.raised_amount OR NEW.donation_count IS DISTINCT FROM OLD.donation_count) THEN
    RAISE EXCEPTION 'projects.raised_amount and donation_count are derived from the ledger: % refused', TG_OP
      USING ERRCODE = 'insufficient_privilege';
  END IF;
  RETURN NEW;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER projects_totals_from_ledger_only
  BEFORE UPDATE OF raised_amount, donation_count ON projects
  FOR EACH ROW EXECUTE FUNCTION projects_refuse_total_change();
--> statement-breakpoint
-- Existing projects: the derived columns as the ledger says (they agreed before; ledger:check proved it).
ALTER TABLE "projects" DISABLE TRIGGER "projects_totals_from_ledger_only";
--> statement-breakpoint
UPDATE projects p
   SET raised_amount = coalesce(s.received, 0), donation_count = coalesce(s.gifts, 0)
  FROM (SELECT p2.id,
               (SELECT sum(amount) FROM project_ledger_totals t WHERE t.project_id = p2.id AND t.kind::text NOT IN ('expense', 'expense_reversal')) AS received,
               (SELECT entries FROM project_ledger_totals t WHERE t.project_id = p2.id AND t.kind::text = 'donation') AS gifts
          FROM projects p2) s
 WHERE s.id = p.id;
--> statement-breakpoint
ALTER TABLE "projects" ENABLE TRIGGER "projects_totals_from_ledger_only";
