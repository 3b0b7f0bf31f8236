CREATE TYPE "public"."media_status" AS ENUM('processing', 'ready', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."supporter_video_status" AS ENUM('pending', 'approved', 'rejected', 'hidden');--> statement-breakpoint
CREATE TYPE "public"."update_email_mode" AS ENUM('each', 'daily', 'off');--> statement-breakpoint
CREATE TYPE "public"."update_status" AS ENUM('published', 'hidden', 'removed');--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"dedupe_key" text,
	"run_at" timestamp with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"max_attempts" integer DEFAULT 8 NOT NULL,
	"locked_until" timestamp with time zone,
	"last_error" text,
	"done_at" timestamp with time zone,
	"failed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"author_id" uuid,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"video_media_id" uuid,
	"image_media_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"expense_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"share_code" text,
	"status" "update_status" DEFAULT 'published' NOT NULL,
	"edited_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "supporter_videos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"project_id" uuid NOT NULL,
	"user_id" uuid,
	"title" text NOT NULL,
	"media_id" uuid NOT NULL,
	"share_code" text NOT NULL,
	"status" "supporter_video_status" DEFAULT 'pending' NOT NULL,
	"reviewed_by" uuid,
	"reviewed_at" timestamp with time zone,
	"rejection_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "update_revisions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"update_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"edited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "share_links_project_user_key";--> statement-breakpoint
DROP INDEX "share_links_project_anonymous_key";--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "status" "media_status" DEFAULT 'ready' NOT NULL;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "rejection_reason" text;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "poster_media_id" uuid;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "duration_ms" integer;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "width" integer;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "height" integer;--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "hidden_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "update_id" uuid;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "digested_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "headers" jsonb;--> statement-breakpoint
ALTER TABLE "share_links" ADD COLUMN "video_id" uuid;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "update_emails" "update_email_mode" DEFAULT 'each' NOT NULL;--> statement-breakpoint
ALTER TABLE "project_updates" ADD CONSTRAINT "project_updates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_updates" ADD CONSTRAINT "project_updates_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_updates" ADD CONSTRAINT "project_updates_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_videos" ADD CONSTRAINT "supporter_videos_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_videos" ADD CONSTRAINT "supporter_videos_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "supporter_videos" ADD CONSTRAINT "supporter_videos_reviewed_by_users_id_fk" FOREIGN KEY ("reviewed_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "update_revisions" ADD CONSTRAINT "update_revisions_update_id_project_updates_id_fk" FOREIGN KEY ("update_id") REFERENCES "public"."project_updates"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "update_revisions" ADD CONSTRAINT "update_revisions_edited_by_users_id_fk" FOREIGN KEY ("edited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "jobs_due_idx" ON "jobs" USING btree ("run_at") WHERE "jobs"."done_at" is null and "jobs"."failed_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "jobs_dedupe_key" ON "jobs" USING btree ("dedupe_key");--> statement-breakpoint
CREATE INDEX "project_updates_project_idx" ON "project_updates" USING btree ("project_id","created_at","id");--> statement-breakpoint
CREATE INDEX "project_updates_organization_idx" ON "project_updates" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "supporter_videos_project_idx" ON "supporter_videos" USING btree ("project_id","status","created_at");--> statement-breakpoint
CREATE INDEX "supporter_videos_pending_idx" ON "supporter_videos" USING btree ("created_at") WHERE "supporter_videos"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "update_revisions_update_idx" ON "update_revisions" USING btree ("update_id","id");--> statement-breakpoint
CREATE INDEX "donations_attribution_idx" ON "donations" USING btree ("attribution_code") WHERE "donations"."attribution_code" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_user_update_key" ON "notifications" USING btree ("user_id","update_id");--> statement-breakpoint
CREATE INDEX "notifications_digest_idx" ON "notifications" USING btree ("user_id") WHERE "notifications"."update_id" is not null and "notifications"."digested_at" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_video_key" ON "share_links" USING btree ("video_id");--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_project_user_key" ON "share_links" USING btree ("project_id","user_id") WHERE "share_links"."video_id" is null;--> statement-breakpoint
CREATE UNIQUE INDEX "share_links_project_anonymous_key" ON "share_links" USING btree ("project_id") WHERE "share_links"."user_id" is null and "share_links"."video_id" is null;