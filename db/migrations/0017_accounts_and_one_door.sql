ALTER TABLE "users" ADD COLUMN "birth_date" date;--> statement-breakpoint
-- The age rule is decided by the day of birth. Accounts that gave only a year get the last day of
-- that year: nobody is ever treated as older than they can be (a minor is never let through early).
UPDATE "users" SET "birth_date" = make_date("birth_year", 12, 31) WHERE "birth_year" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "birth_year";--> statement-breakpoint
ALTER TABLE "donations" ADD COLUMN "message_hidden_by" text;--> statement-breakpoint
-- Messages a moderator hid before this column existed: the latest decision on them was a moderator's.
UPDATE "donations" d SET "message_hidden_by" = 'moderator'
 WHERE d."message_status" = 'hidden'
   AND (SELECT a."action" FROM "audit_log" a
         WHERE a."target_type" = 'donation_message' AND a."target_id" = d."id"::text
           AND (a."action" LIKE 'moderation.%' OR a."action" LIKE 'donationMessage.%')
         ORDER BY a."id" DESC LIMIT 1) = 'moderation.hide';--> statement-breakpoint
UPDATE "donations" SET "message_hidden_by" = 'organization' WHERE "message_status" = 'hidden' AND "message_hidden_by" IS NULL;--> statement-breakpoint
CREATE INDEX "media_uploader_idx" ON "media" USING btree ("uploaded_by","created_at");--> statement-breakpoint
CREATE INDEX "supporter_videos_user_idx" ON "supporter_videos" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "supporter_videos_project_day_idx" ON "supporter_videos" USING btree ("project_id","created_at");