ALTER TABLE "update_revisions" ADD COLUMN "content_language" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "update_revisions" ADD COLUMN "translations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "update_revisions" ADD CONSTRAINT "update_revisions_content_language" CHECK ("update_revisions"."content_language" in ('zh-CN', 'en'));