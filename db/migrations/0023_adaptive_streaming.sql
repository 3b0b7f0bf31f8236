CREATE TYPE "public"."media_hls_status" AS ENUM('pending', 'ready', 'failed');--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "hls_status" "media_hls_status";--> statement-breakpoint
ALTER TABLE "media" ADD COLUMN "hls_key" text;--> statement-breakpoint
CREATE INDEX "media_hls_backlog_idx" ON "media" USING btree ("created_at") WHERE "media"."kind" = 'video' and "media"."status" = 'ready' and "media"."hls_status" is null;