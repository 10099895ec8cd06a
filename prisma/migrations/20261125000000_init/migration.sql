-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UnitType" AS ENUM ('township', 'street', 'department', 'institution');

-- CreateEnum
CREATE TYPE "RankGroup" AS ENUM ('grassroots', 'organs');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('leadership', 'inspector', 'unit', 'admin');

-- CreateEnum
CREATE TYPE "SubmissionStatus" AS ENUM ('draft', 'submitted', 'verified', 'returned');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('minor', 'major', 'veto');

-- CreateEnum
CREATE TYPE "RectificationStatus" AS ENUM ('open', 'pending', 'confirmed', 'rejected');

-- CreateEnum
CREATE TYPE "Grade" AS ENUM ('excellent', 'good', 'pass', 'fail');

-- CreateTable
CREATE TABLE "Unit" (
    "id" SERIAL NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(120) NOT NULL,
    "type" "UnitType" NOT NULL,
    "group" "RankGroup" NOT NULL,
    "parentId" INTEGER,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "User" (
    "id" SERIAL NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "displayName" VARCHAR(120) NOT NULL DEFAULT '',
    "passwordHash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "unitId" INTEGER,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "passwordChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Session" (
    "id" VARCHAR(64) NOT NULL,
    "userId" INTEGER NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "lastSeenAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMPTZ(3),
    "ip" VARCHAR(64),

    CONSTRAINT "Session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LoginThrottle" (
    "key" VARCHAR(200) NOT NULL,
    "failures" INTEGER NOT NULL DEFAULT 0,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "blockedUntil" TIMESTAMPTZ(3),

    CONSTRAINT "LoginThrottle_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "Period" (
    "code" VARCHAR(8) NOT NULL,
    "year" INTEGER NOT NULL,
    "quarter" INTEGER,
    "lockedAt" TIMESTAMPTZ(3),
    "lockedById" INTEGER,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedById" INTEGER,

    CONSTRAINT "Period_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "PeriodLockEvent" (
    "id" SERIAL NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "action" VARCHAR(16) NOT NULL,
    "reason" TEXT,
    "actorId" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PeriodLockEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Indicator" (
    "code" VARCHAR(64) NOT NULL,
    "nameZh" VARCHAR(120) NOT NULL,
    "nameEn" VARCHAR(120) NOT NULL,
    "category" VARCHAR(32) NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "measure" VARCHAR(16) NOT NULL DEFAULT '',
    "min" INTEGER NOT NULL DEFAULT 0,
    "max" INTEGER,
    "notAboveSumOf" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "group" "RankGroup",
    "enteredBy" "Role" NOT NULL DEFAULT 'unit',
    "sortOrder" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "Indicator_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "Submission" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "status" "SubmissionStatus" NOT NULL DEFAULT 'draft',
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMPTZ(3),
    "submittedById" INTEGER,
    "verifiedAt" TIMESTAMPTZ(3),
    "verifiedById" INTEGER,
    "returnedAt" TIMESTAMPTZ(3),
    "returnReason" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Value" (
    "submissionId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "indicatorCode" VARCHAR(64) NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "Value_pkey" PRIMARY KEY ("periodCode","unitId","indicatorCode")
);

-- CreateTable
CREATE TABLE "InspectionRound" (
    "id" SERIAL NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "date" DATE NOT NULL,
    "offices" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InspectionRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "roundId" INTEGER,
    "severity" "Severity" NOT NULL,
    "deduction" DECIMAL(6,2) NOT NULL,
    "description" TEXT NOT NULL,
    "evidence" TEXT NOT NULL DEFAULT '',
    "deadline" DATE,
    "rectifiedAt" DATE,
    "rectificationNote" TEXT,
    "rectificationStatus" "RectificationStatus" NOT NULL DEFAULT 'open',
    "confirmedAt" TIMESTAMPTZ(3),
    "confirmedById" INTEGER,
    "rejectionReason" TEXT,
    "version" INTEGER NOT NULL DEFAULT 1,
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Commendation" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "points" DECIMAL(6,2) NOT NULL,
    "reason" TEXT NOT NULL,
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Commendation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Scheme" (
    "id" SERIAL NOT NULL,
    "year" INTEGER NOT NULL,
    "version" INTEGER NOT NULL,
    "definition" JSONB NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "createdById" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Scheme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Score" (
    "periodCode" VARCHAR(8) NOT NULL,
    "unitId" INTEGER NOT NULL,
    "group" "RankGroup" NOT NULL,
    "submitted" BOOLEAN NOT NULL,
    "rules" JSONB NOT NULL,
    "base" DECIMAL(8,2) NOT NULL,
    "deductions" DECIMAL(8,2) NOT NULL,
    "bonus" DECIMAL(8,2) NOT NULL,
    "score" DECIMAL(8,2) NOT NULL,
    "grade" "Grade" NOT NULL,
    "veto" BOOLEAN NOT NULL,
    "rank" INTEGER,
    "rankChange" INTEGER,
    "schemeYear" INTEGER NOT NULL,
    "schemeVersion" INTEGER NOT NULL,
    "explanation" JSONB NOT NULL,
    "computedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Score_pkey" PRIMARY KEY ("periodCode","unitId")
);

-- CreateTable
CREATE TABLE "ReportText" (
    "year" INTEGER NOT NULL,
    "scope" VARCHAR(32) NOT NULL,
    "section" VARCHAR(32) NOT NULL,
    "text" TEXT NOT NULL,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportText_pkey" PRIMARY KEY ("year","scope","section")
);

-- CreateTable
CREATE TABLE "ReportFigure" (
    "year" INTEGER NOT NULL,
    "scope" VARCHAR(32) NOT NULL,
    "key" VARCHAR(64) NOT NULL,
    "value" DECIMAL(14,2) NOT NULL,
    "updatedById" INTEGER,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ReportFigure_pkey" PRIMARY KEY ("year","scope","key")
);

-- CreateTable
CREATE TABLE "AuditLog" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" INTEGER,
    "actorName" VARCHAR(64) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "entity" VARCHAR(32) NOT NULL,
    "entityId" VARCHAR(120) NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "requestId" VARCHAR(64),

    CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Setting" (
    "key" VARCHAR(64) NOT NULL,
    "value" JSONB NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Setting_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE UNIQUE INDEX "Unit_code_key" ON "Unit"("code");

-- CreateIndex
CREATE INDEX "Unit_group_code_idx" ON "Unit"("group", "code");

-- CreateIndex
CREATE UNIQUE INDEX "User_username_key" ON "User"("username");

-- CreateIndex
CREATE INDEX "Session_userId_idx" ON "Session"("userId");

-- CreateIndex
CREATE INDEX "Period_year_idx" ON "Period"("year");

-- CreateIndex
CREATE INDEX "PeriodLockEvent_periodCode_at_idx" ON "PeriodLockEvent"("periodCode", "at");

-- CreateIndex
CREATE INDEX "Submission_periodCode_status_idx" ON "Submission"("periodCode", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Submission_unitId_periodCode_key" ON "Submission"("unitId", "periodCode");

-- CreateIndex
CREATE INDEX "Value_unitId_periodCode_idx" ON "Value"("unitId", "periodCode");

-- CreateIndex
CREATE INDEX "Value_submissionId_idx" ON "Value"("submissionId");

-- CreateIndex
CREATE INDEX "InspectionRound_periodCode_idx" ON "InspectionRound"("periodCode");

-- CreateIndex
CREATE INDEX "Finding_periodCode_unitId_idx" ON "Finding"("periodCode", "unitId");

-- CreateIndex
CREATE INDEX "Finding_unitId_deadline_idx" ON "Finding"("unitId", "deadline");

-- CreateIndex
CREATE INDEX "Finding_deadline_idx" ON "Finding"("deadline");

-- CreateIndex
CREATE INDEX "Commendation_periodCode_unitId_idx" ON "Commendation"("periodCode", "unitId");

-- CreateIndex
CREATE INDEX "Commendation_unitId_idx" ON "Commendation"("unitId");

-- CreateIndex
CREATE UNIQUE INDEX "Scheme_year_version_key" ON "Scheme"("year", "version");

-- CreateIndex
CREATE INDEX "Score_periodCode_group_rank_idx" ON "Score"("periodCode", "group", "rank");

-- CreateIndex
CREATE INDEX "Score_unitId_idx" ON "Score"("unitId");

-- CreateIndex
CREATE INDEX "AuditLog_at_idx" ON "AuditLog"("at");

-- CreateIndex
CREATE INDEX "AuditLog_entity_entityId_idx" ON "AuditLog"("entity", "entityId");

-- CreateIndex
CREATE INDEX "AuditLog_actorId_at_idx" ON "AuditLog"("actorId", "at");

-- AddForeignKey
ALTER TABLE "Unit" ADD CONSTRAINT "Unit_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Session" ADD CONSTRAINT "Session_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PeriodLockEvent" ADD CONSTRAINT "PeriodLockEvent_periodCode_fkey" FOREIGN KEY ("periodCode") REFERENCES "Period"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Submission" ADD CONSTRAINT "Submission_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Value" ADD CONSTRAINT "Value_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Value" ADD CONSTRAINT "Value_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "InspectionRound"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Commendation" ADD CONSTRAINT "Commendation_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Score" ADD CONSTRAINT "Score_unitId_fkey" FOREIGN KEY ("unitId") REFERENCES "Unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The audit log is append-only: refuse UPDATE, DELETE and TRUNCATE for every role.
CREATE FUNCTION "audit_log_refuse_change"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'AuditLog is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "AuditLog_no_update_delete" BEFORE UPDATE OR DELETE ON "AuditLog"
  FOR EACH ROW EXECUTE FUNCTION "audit_log_refuse_change"();
CREATE TRIGGER "AuditLog_no_truncate" BEFORE TRUNCATE ON "AuditLog"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_log_refuse_change"();
