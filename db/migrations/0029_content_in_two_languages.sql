ALTER TABLE "budget_lines" ADD COLUMN "content_language" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "budget_lines" ADD COLUMN "translations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "content_language" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "challenges" ADD COLUMN "translations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "content_language" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "translations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "organizations" ADD COLUMN "region_code" text;--> statement-breakpoint
ALTER TABLE "project_updates" ADD COLUMN "content_language" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "project_updates" ADD COLUMN "translations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "content_language" text DEFAULT 'zh-CN' NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "translations" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "projects" ADD COLUMN "search_en" "tsvector" GENERATED ALWAYS AS (to_tsvector('english'::regconfig, case when content_language = 'en' then title || ' ' || summary else coalesce(translations #>> '{en,title}', '') || ' ' || coalesce(translations #>> '{en,summary}', '') end)) STORED;--> statement-breakpoint
CREATE INDEX "organizations_status_region_code_name_idx" ON "organizations" USING btree ("status","region_code","name","id");--> statement-breakpoint
CREATE INDEX "projects_search_en_idx" ON "projects" USING gin ("search_en");--> statement-breakpoint
ALTER TABLE "budget_lines" ADD CONSTRAINT "budget_lines_content_language" CHECK ("budget_lines"."content_language" in ('zh-CN', 'en'));--> statement-breakpoint
ALTER TABLE "challenges" ADD CONSTRAINT "challenges_content_language" CHECK ("challenges"."content_language" in ('zh-CN', 'en'));--> statement-breakpoint
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_content_language" CHECK ("organizations"."content_language" in ('zh-CN', 'en'));--> statement-breakpoint
ALTER TABLE "project_updates" ADD CONSTRAINT "project_updates_content_language" CHECK ("project_updates"."content_language" in ('zh-CN', 'en'));--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_content_language" CHECK ("projects"."content_language" in ('zh-CN', 'en'));--> statement-breakpoint
-- Organisations' free-text regions read as GB/T 2260 divisions, exactly as migration 0028 read projects' (app/regions regionFromText).
UPDATE "organizations" SET "region_code" = CASE
  WHEN "region" LIKE '全国%' THEN '000000'
  WHEN "region" LIKE '北京%' THEN '110000'
  WHEN "region" LIKE '天津%' THEN '120000'
  WHEN "region" LIKE '河北%' THEN '130000'
  WHEN "region" LIKE '山西%' THEN '140000'
  WHEN "region" LIKE '内蒙古%' AND "region" LIKE '%巴彦淖尔%' THEN '150800'
  WHEN "region" LIKE '内蒙古%' THEN '150000'
  WHEN "region" LIKE '辽宁%' THEN '210000'
  WHEN "region" LIKE '吉林%' THEN '220000'
  WHEN "region" LIKE '黑龙江%' THEN '230000'
  WHEN "region" LIKE '上海%' THEN '310000'
  WHEN "region" LIKE '江苏%' AND "region" LIKE '%南京%' THEN '320100'
  WHEN "region" LIKE '江苏%' THEN '320000'
  WHEN "region" LIKE '浙江%' THEN '330000'
  WHEN "region" LIKE '安徽%' THEN '340000'
  WHEN "region" LIKE '福建%' THEN '350000'
  WHEN "region" LIKE '江西%' THEN '360000'
  WHEN "region" LIKE '山东%' THEN '370000'
  WHEN "region" LIKE '河南%' AND "region" LIKE '%周口%' THEN '411600'
  WHEN "region" LIKE '河南%' THEN '410000'
  WHEN "region" LIKE '湖北%' THEN '420000'
  WHEN "region" LIKE '湖南%' THEN '430000'
  WHEN "region" LIKE '广东%' AND "region" LIKE '%深圳%' THEN '440300'
  WHEN "region" LIKE '广东%' THEN '440000'
  WHEN "region" LIKE '广西%' THEN '450000'
  WHEN "region" LIKE '海南%' THEN '460000'
  WHEN "region" LIKE '重庆%' THEN '500000'
  WHEN "region" LIKE '四川%' AND "region" LIKE '%成都%' THEN '510100'
  WHEN "region" LIKE '四川%' AND "region" LIKE '%凉山%' THEN '513400'
  WHEN "region" LIKE '四川%' THEN '510000'
  WHEN "region" LIKE '贵州%' THEN '520000'
  WHEN "region" LIKE '云南%' THEN '530000'
  WHEN "region" LIKE '西藏%' THEN '540000'
  WHEN "region" LIKE '陕西%' THEN '610000'
  WHEN "region" LIKE '甘肃%' THEN '620000'
  WHEN "region" LIKE '青海%' THEN '630000'
  WHEN "region" LIKE '宁夏%' THEN '640000'
  WHEN "region" LIKE '新疆%' THEN '650000'
  WHEN "region" LIKE '台湾%' THEN '710000'
  WHEN "region" LIKE '香港%' THEN '810000'
  WHEN "region" LIKE '澳门%' THEN '820000'
  WHEN "region" LIKE '%巴彦淖尔%' THEN '150800'
  WHEN "region" LIKE '%南京%' THEN '320100'
  WHEN "region" LIKE '%周口%' THEN '411600'
  WHEN "region" LIKE '%深圳%' THEN '440300'
  WHEN "region" LIKE '%成都%' THEN '510100'
  WHEN "region" LIKE '%凉山%' THEN '513400'
END
WHERE "region_code" IS NULL;
