ALTER TABLE "sandbox_sessions" ADD COLUMN "card_fingerprint" text;--> statement-breakpoint
-- Giving days' pages are purged when what they show changes (ADR 0009; keys as in app/utils/cache.ts).
-- A pool's committed amount moves with every matched gift or sponsored action: it purges nothing (the
-- campaign page is kept 5 s and polls live.json), only a change to the pool itself does. A campaign's
-- start announcement is not shown anywhere.
CREATE OR REPLACE FUNCTION note_page_changes() RETURNS trigger LANGUAGE plpgsql AS $$
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
    WHEN 'project_updates' THEN ARRAY['project-' || (r->>'project_id'), 'update-' || (r->>'id'), 'org-' || (r->>'organization_id'), 'video-' || (r->>'id'), 'watch']
    WHEN 'supporter_videos' THEN ARRAY['project-' || (r->>'project_id'), 'video-' || (r->>'id'), 'watch'] || CASE WHEN r->>'challenge_id' IS NULL THEN ARRAY[]::text[] ELSE ARRAY['challenge-' || (r->>'challenge_id')] END
    WHEN 'challenges' THEN ARRAY['challenge-' || (r->>'id'), 'project-' || (r->>'project_id')]
    WHEN 'donations' THEN ARRAY['project-' || (r->>'project_id')]
    WHEN 'expenses' THEN ARRAY['project-' || (r->>'project_id')]
    WHEN 'budget_lines' THEN ARRAY['project-' || (r->>'project_id')]
    WHEN 'expense_evidence' THEN ARRAY(SELECT 'project-' || e.project_id FROM expenses e WHERE e.id = (r->>'expense_id')::uuid)
    -- A picture or video changed (processed, hidden): every page of its organisation carries its key;
    -- a supporter's video is shown on its project.
    WHEN 'media' THEN CASE WHEN r->>'organization_id' IS NOT NULL THEN ARRAY['org-' || (r->>'organization_id')]
                           ELSE ARRAY(SELECT 'project-' || v.project_id FROM supporter_videos v WHERE v.media_id = (r->>'id')::uuid) END
    WHEN 'enforcement_actions' THEN ARRAY['enforcement']
    -- Giving days (migration 0030): the campaign's page ('campaign-<id>'), the list of campaigns and the
    -- home page that shows the running one ('campaigns', 'home'), the banner on each of its projects'
    -- pages ('project-<id>'), and a team's own page ('team-<id>').
    WHEN 'campaigns' THEN ARRAY['campaign-' || (r->>'id'), 'campaigns', 'home']
                          || ARRAY(SELECT 'project-' || cp.project_id FROM campaign_projects cp WHERE cp.campaign_id = (r->>'id')::uuid)
    WHEN 'sponsor_pools' THEN ARRAY['campaign-' || (r->>'campaign_id')]
    WHEN 'participation_pools' THEN ARRAY['campaign-' || (r->>'campaign_id')]
    WHEN 'campaign_projects' THEN ARRAY['campaign-' || (r->>'campaign_id'), 'project-' || (r->>'project_id')]
    WHEN 'teams' THEN ARRAY['team-' || (r->>'id'), 'project-' || (r->>'project_id')]
                      || CASE WHEN r->>'campaign_id' IS NULL THEN ARRAY[]::text[] ELSE ARRAY['campaign-' || (r->>'campaign_id')] END
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
CREATE TRIGGER campaigns_page_changes AFTER INSERT OR UPDATE OR DELETE ON campaigns
  FOR EACH ROW EXECUTE FUNCTION note_page_changes('start_announced_at');
--> statement-breakpoint
CREATE TRIGGER sponsor_pools_page_changes AFTER INSERT OR UPDATE OR DELETE ON sponsor_pools
  FOR EACH ROW EXECUTE FUNCTION note_page_changes('committed_amount');
--> statement-breakpoint
CREATE TRIGGER participation_pools_page_changes AFTER INSERT OR UPDATE OR DELETE ON participation_pools
  FOR EACH ROW EXECUTE FUNCTION note_page_changes('committed_amount');
--> statement-breakpoint
CREATE TRIGGER campaign_projects_page_changes AFTER INSERT OR UPDATE OR DELETE ON campaign_projects
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
--> statement-breakpoint
CREATE TRIGGER teams_page_changes AFTER INSERT OR UPDATE OR DELETE ON teams
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
