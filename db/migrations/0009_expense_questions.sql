ALTER TABLE "expenses" ADD COLUMN "question" text;--> statement-breakpoint
ALTER TABLE "expenses" ADD COLUMN "questioned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "expenses" ADD COLUMN "answer" text;--> statement-breakpoint
ALTER TABLE "expenses" ADD COLUMN "answered_at" timestamp with time zone;