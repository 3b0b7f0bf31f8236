CREATE TABLE "operations_status" (
	"key" text PRIMARY KEY NOT NULL,
	"ok" boolean NOT NULL,
	"detail" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"alerted_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "webhook_events" ADD COLUMN "request_id" text;