-- Gifts through an organisation's embedded donate widget name the embedding site (ADR 0020).
ALTER TABLE "donations" ADD COLUMN "referrer_site" text;
