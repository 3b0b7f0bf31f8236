CREATE TYPE "public"."challenge_status" AS ENUM('open', 'closed');--> statement-breakpoint
CREATE TABLE "challenges" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"tag" text NOT NULL,
	"title" text NOT NULL,
	"brief" text NOT NULL,
	"project_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"created_by" uuid,
	"status" "challenge_status" DEFAULT 'open' NOT NULL,
	"ends_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "challenges_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "video_stats" (
	"video_id" uuid PRIMARY KEY NOT NULL,
	"impressions" bigint DEFAULT 0 NOT NULL,
	"plays" bigint DEFAULT 0 NOT NULL,
	"completions" bigint DEFAULT 0 NOT NULL,
	"shares" bigint DEFAULT 0 NOT NULL,
	"rank_score" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "video_views" (
	"video_id" uuid NOT NULL,
	"viewer" text NOT NULL,
	"day" date NOT NULL,
	"network" text NOT NULL,
	"seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"played_at" timestamp with time zone,
	"completed_at" timestamp with time zone,
	"shared_at" timestamp with time zone,
	CONSTRAINT "video_views_video_id_viewer_day_pk" PRIMARY KEY("video_id","viewer","day")
);
--> statement-breakpoint
ALTER TABLE "supporter_videos" ADD COLUMN "challenge_id" uuid;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "challenges_project_idx" ON "challenges" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "challenges_organization_idx" ON "challenges" USING btree ("organization_id");--> statement-breakpoint
CREATE INDEX "video_stats_rank_idx" ON "video_stats" USING btree ("rank_score" DESC NULLS LAST,"video_id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "video_views_network_idx" ON "video_views" USING btree ("video_id","day","network");--> statement-breakpoint
CREATE INDEX "video_views_day_idx" ON "video_views" USING btree ("day");--> statement-breakpoint
ALTER TABLE "supporter_videos" ADD CONSTRAINT "supporter_videos_challenge_id_challenges_id_fk" FOREIGN KEY ("challenge_id") REFERENCES "public"."challenges"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "supporter_videos_challenge_idx" ON "supporter_videos" USING btree ("challenge_id","status") WHERE "supporter_videos"."challenge_id" is not null;--> statement-breakpoint
-- Video first: the watch feed ('watch'), each video's page ('video-<id>') and challenge pages
-- ('challenge-<id>') are purged when what they show changes; plays and ranks purge nothing (they
-- show in pages that expire on their own, like discover's order).
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
CREATE TRIGGER challenges_page_changes AFTER INSERT OR UPDATE OR DELETE ON challenges
  FOR EACH ROW EXECUTE FUNCTION note_page_changes();
