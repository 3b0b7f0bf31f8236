ALTER TABLE "page_changes" ADD COLUMN "purge_after" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "page_changes" ADD COLUMN "first" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "page_changes_due_idx" ON "page_changes" USING btree ("purge_after","id");