-- Publication (公示) as numbered, frozen snapshots; appeals (申诉复核) against a published version;
-- the quarterly bulletin's (督查情况通报) edited texts. Issue 14.

-- CreateTable
CREATE TABLE "Publication" (
    "id" SERIAL NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "version" INTEGER NOT NULL,
    "publishedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "publishedById" INTEGER,
    "publishedByName" VARCHAR(64) NOT NULL,
    "reason" TEXT,
    "incomplete" JSONB NOT NULL,
    "body" TEXT NOT NULL,
    "digest" VARCHAR(64) NOT NULL,

    CONSTRAINT "Publication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Publication_periodCode_version_key" ON "Publication"("periodCode", "version");

-- AddForeignKey
ALTER TABLE "Publication" ADD CONSTRAINT "Publication_periodCode_fkey" FOREIGN KEY ("periodCode") REFERENCES "Period"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A stored version is never changed: UPDATE, DELETE and TRUNCATE are refused by the database itself.
CREATE FUNCTION "publication_refuse_change"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'Publication versions are frozen: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "Publication_no_update_delete" BEFORE UPDATE OR DELETE ON "Publication"
  FOR EACH ROW EXECUTE FUNCTION "publication_refuse_change"();
CREATE TRIGGER "Publication_no_truncate" BEFORE TRUNCATE ON "Publication"
  FOR EACH STATEMENT EXECUTE FUNCTION "publication_refuse_change"();

-- Quarters published before versions existed keep what they showed: their stored scores become version 1
-- (same body layout as server/domain/publication.ts writes, without the bulletin's facts).
INSERT INTO "Publication" ("periodCode", "version", "publishedAt", "publishedById", "publishedByName", "reason", "incomplete", "body", "digest")
SELECT p.code, 1, p."publishedAt", p."publishedById", 'system',
       'Published before versions existed; the scores stored at the upgrade were kept as version 1.',
       '[]'::jsonb, b.body, encode(sha256(convert_to(b.body, 'UTF8')), 'hex')
  FROM "Period" p
  CROSS JOIN LATERAL (
    SELECT json_build_object(
      'format', 1,
      'period', p.code,
      'rows', coalesce((
        SELECT json_agg(json_build_object(
                 'unit', u.code, 'name', u.name, 'group', s."group"::text, 'submitted', s.submitted,
                 'base', s.base::float8, 'deductions', s.deductions::float8, 'bonus', s.bonus::float8,
                 'score', s.score::float8, 'grade', s.grade::text, 'veto', s.veto,
                 'rank', s.rank, 'rank_change', s."rankChange")
                 ORDER BY CASE s."group" WHEN 'grassroots' THEN 0 ELSE 1 END, s.rank NULLS LAST, u.code)
          FROM "Score" s JOIN "Unit" u ON u.id = s."unitId" WHERE s."periodCode" = p.code), '[]'::json),
      'facts', NULL
    )::text AS body
  ) b
 WHERE p."publishedAt" IS NOT NULL;

-- CreateTable
CREATE TABLE "Appeal" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "findingId" INTEGER,
    "indicatorCode" VARCHAR(64),
    "publicationId" INTEGER NOT NULL,
    "reason" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL DEFAULT 'open',
    "filedById" INTEGER,
    "filedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "decidedById" INTEGER,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionReason" TEXT,
    "newDeduction" DECIMAL(6,2),
    "version" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "Appeal_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "Appeal_target_check" CHECK (("findingId" IS NULL) <> ("indicatorCode" IS NULL)),
    CONSTRAINT "Appeal_status_check" CHECK ("status" IN ('open', 'upheld', 'partly_upheld', 'rejected'))
);

-- CreateIndex
CREATE INDEX "Appeal_periodCode_status_idx" ON "Appeal"("periodCode", "status");
CREATE INDEX "Appeal_unitId_idx" ON "Appeal"("unitId");
-- One open appeal per finding (and per figure of a unit's quarter).
CREATE UNIQUE INDEX "Appeal_open_finding_key" ON "Appeal"("findingId") WHERE "status" = 'open';
CREATE UNIQUE INDEX "Appeal_open_figure_key" ON "Appeal"("unitId", "periodCode", "indicatorCode") WHERE "status" = 'open' AND "indicatorCode" IS NOT NULL;

-- AddForeignKey
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Appeal" ADD CONSTRAINT "Appeal_publicationId_fkey" FOREIGN KEY ("publicationId") REFERENCES "Publication"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- CreateTable
CREATE TABLE "BulletinText" (
    "periodCode" VARCHAR(8) NOT NULL,
    "section" VARCHAR(32) NOT NULL,
    "text" TEXT NOT NULL,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "BulletinText_pkey" PRIMARY KEY ("periodCode","section")
);
