-- Unlogged: no WAL for a row that lives a fraction of a second. A crash loses pending purges; the
-- pages' s-maxage bounds how stale that leaves them.
CREATE UNLOGGED TABLE "page_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rate_limits" (
	"key" varchar(255) PRIMARY KEY NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"expire" bigint
);
--> statement-breakpoint
CREATE INDEX "rate_limits_expire_idx" ON "rate_limits" USING btree ("expire");
--> statement-breakpoint
-- Which public pages a committed change touches, as the surrogate keys those pages carry (xkey).
-- A trigger, not application code, so that no write path can forget a purge: the key row commits
-- with the change and the background runner purges it from the cache (docs/scaling.md).
-- Arguments: columns no public page shows; an update that changed only those touches nothing.
CREATE FUNCTION note_page_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r jsonb := CASE WHEN TG_OP = 'DELETE' THEN to_jsonb(OLD) ELSE to_jsonb(NEW) END;
  ignored text[] := coalesce(TG_ARGV::text[], '{}');
  keys text[];
BEGIN
  IF TG_OP = 'UPDATE' AND (to_jsonb(NEW) - ignored) = (to_jsonb(OLD) - ignored) THEN
    RETURN NULL;
  END IF;
  keys := CASE TG_TABLE_NAME
    WHEN 'projects' THEN ARRAY['project-' || (r->>'id'), 'org-' || (r->>'organization_id'), 'home', 'discover']
    WHEN 'organizations' THEN ARRAY['org-' || (r->>'id'), 'home', 'discover', 'partners']
    WHEN 'project_updates' THEN ARRAY['project-' || (r->>'project_id'), 'update-' || (r->>'id'), 'org-' || (r->>'organization_id')]
    WHEN 'supporter_videos' THEN ARRAY['project-' || (r->>'project_id')]
    WHEN 'donations' THEN ARRAY['project-' || (r->>'project_id')]
    WHEN 'expenses' THEN ARRAY['project-' || (r->>'project_id')]
    WHEN 'budget_lines' THEN ARRAY['project-' || (r->>'project_id')]
    WHEN 'expense_evidence' THEN ARRAY(SELECT 'project-' || e.project_id FROM expenses e WHERE e.id = (r->>'expense_id')::uuid)
    -- A picture or video changed (processed, hidden): every page of its organisation carries its key;
    -- a supporter's video is shown on its project.
    WHEN 'media' THEN CASE WHEN r->>'organization_id' IS NOT NULL THEN ARRAY['org-' || (r->>'organization_id')]
                           ELSE ARRAY(SELECT 'project-' || v.project_id FROM supporter_videos v WHERE v.media_id = (r->>'id')::uuid) END
    WHEN 'enforcement_actions' THEN ARRAY['enforcement']
    ELSE ARRAY[]::text[]
  END;
  IF cardinality(keys) > 0 THEN
    INSERT INTO page_changes (key) SELECT unnest(keys);
    PERFORM pg_notify('page_changes', '');
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Ranking and impressions move every few seconds and show only in the order of lists that expire
-- on their own (s-maxage); they purge nothing.
CREATE TRIGGER projects_page_changes AFTER INSERT OR UPDATE OR DELETE ON projects
  FOR EACH ROW EXECUTE FUNCTION note_page_changes('rank_score', 'impressions');
--> statement-breakpoint
CREATE TRIGGER organizations_page_changes AFTER INSERT OR UPDATE OR DELETE ON organizations
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
CREATE TRIGGER project_updates_page_changes AFTER INSERT OR UPDATE OR DELETE ON project_updates
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
CREATE TRIGGER supporter_videos_page_changes AFTER INSERT OR UPDATE OR DELETE ON supporter_videos
  FOR EACH ROW EXECUTE FUNCTION note_page_changes('reviewed_by');
--> statement-breakpoint
-- A gift shows once it succeeded; its name, message and refunds show on the project page.
CREATE TRIGGER donations_page_changes AFTER UPDATE ON donations
  FOR EACH ROW
  WHEN ((OLD.status, OLD.display_name, OLD.is_anonymous, OLD.message, OLD.message_status, OLD.refunded_amount)
        IS DISTINCT FROM (NEW.status, NEW.display_name, NEW.is_anonymous, NEW.message, NEW.message_status, NEW.refunded_amount))
  EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
CREATE TRIGGER expenses_page_changes AFTER INSERT OR UPDATE OR DELETE ON expenses
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
CREATE TRIGGER expense_evidence_page_changes AFTER INSERT OR UPDATE OR DELETE ON expense_evidence
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
CREATE TRIGGER budget_lines_page_changes AFTER INSERT OR UPDATE OR DELETE ON budget_lines
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
CREATE TRIGGER media_page_changes AFTER UPDATE ON media
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
CREATE TRIGGER enforcement_actions_page_changes AFTER INSERT ON enforcement_actions
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
-- Money: the platform's transparency page and every project an entry names (one row each per statement).
CREATE FUNCTION note_ledger_page_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO page_changes (key)
  SELECT 'transparency'
  UNION SELECT DISTINCT 'project-' || project_id FROM new_entries;
  PERFORM pg_notify('page_changes', '');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER ledger_entries_page_changes AFTER INSERT ON ledger_entries
  REFERENCING NEW TABLE AS new_entries
  FOR EACH STATEMENT EXECUTE FUNCTION note_ledger_page_changes();
