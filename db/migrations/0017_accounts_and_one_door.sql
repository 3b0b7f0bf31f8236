ALTER TABLE "users" ADD COLUMN "birth_date" date;--> statement-breakpoint
-- The age rule is decided by the day of birth. Accounts that gave only a year get the last day of
-- that year: nobody is ever treated as older than they can be (a minor is never let through early).
UPDATE "users" SET "birth_date" = make_date("birth_year", 12, 31) WHERE "birth_year" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "birth_year";