CREATE TABLE "project_ledger_hours" (
	"project_id" uuid NOT NULL,
	"kind" "ledger_entry_kind" NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"entries" integer NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "project_ledger_hours_project_id_kind_hour_pk" PRIMARY KEY("project_id","kind","hour")
);
--> statement-breakpoint
CREATE TABLE "project_ledger_totals" (
	"project_id" uuid NOT NULL,
	"kind" "ledger_entry_kind" NOT NULL,
	"entries" integer NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "project_ledger_totals_project_id_kind_pk" PRIMARY KEY("project_id","kind")
);
--> statement-breakpoint
ALTER TABLE "project_ledger_hours" ADD CONSTRAINT "project_ledger_hours_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_ledger_totals" ADD CONSTRAINT "project_ledger_totals_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "project_ledger_hours_recent_idx" ON "project_ledger_hours" USING btree ("project_id","hour");--> statement-breakpoint
-- Kept in the same transaction as every insert into the (append-only) ledger: one upsert per
-- statement and summary, summed over the statement's new rows, in key order so that concurrent
-- statements wait for each other instead of deadlocking.
CREATE OR REPLACE FUNCTION project_ledger_summaries_add() RETURNS trigger
LANGUAGE plpgsql AS $$
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
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_summaries
  AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION project_ledger_summaries_add();
--> statement-breakpoint
INSERT INTO project_ledger_totals (project_id, kind, entries, amount)
  SELECT project_id, kind, count(*), sum(amount)
    FROM ledger_entries
   GROUP BY 1, 2;
--> statement-breakpoint
INSERT INTO project_ledger_hours (project_id, kind, hour, entries, amount)
  SELECT project_id, kind, date_trunc('hour', occurred_at, 'UTC'), count(*), sum(amount)
    FROM ledger_entries
   GROUP BY 1, 2, 3;
