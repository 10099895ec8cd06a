-- Issue 13, the supervision loop: rectification claims apart from confirmed facts, evidence files in the
-- database, submission deadlines, reminders, notifications and a job table for the once-a-day job.
-- CreateEnum
CREATE TYPE "ClaimStatus" AS ENUM ('pending', 'confirmed', 'rejected');

-- AlterTable
ALTER TABLE "Period" ADD COLUMN     "submissionDeadline" DATE,
ADD COLUMN     "waitingChanges" INTEGER NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "onTime" BOOLEAN;

-- CreateTable
CREATE TABLE "RectificationClaim" (
    "id" SERIAL NOT NULL,
    "findingId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "rectifiedAt" DATE NOT NULL,
    "note" TEXT NOT NULL,
    "status" "ClaimStatus" NOT NULL DEFAULT 'pending',
    "claimedById" INTEGER,
    "claimedAt" TIMESTAMPTZ(3) NOT NULL,
    "reviewedById" INTEGER,
    "reviewedAt" TIMESTAMPTZ(3),
    "reviewReason" TEXT,

    CONSTRAINT "RectificationClaim_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvidenceFile" (
    "id" SERIAL NOT NULL,
    "ownerKind" VARCHAR(16) NOT NULL,
    "ownerId" INTEGER NOT NULL,
    "unitId" INTEGER NOT NULL,
    "name" VARCHAR(255) NOT NULL,
    "mime" VARCHAR(100) NOT NULL,
    "size" INTEGER NOT NULL DEFAULT 0,
    "sha256" VARCHAR(64) NOT NULL DEFAULT '',
    "state" VARCHAR(12) NOT NULL DEFAULT 'uploading',
    "uploadedById" INTEGER NOT NULL,
    "uploadedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deletedAt" TIMESTAMPTZ(3),
    "deletedById" INTEGER,

    CONSTRAINT "EvidenceFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EvidenceChunk" (
    "fileId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "data" BYTEA NOT NULL,

    CONSTRAINT "EvidenceChunk_pkey" PRIMARY KEY ("fileId","seq")
);

-- CreateTable
CREATE TABLE "Reminder" (
    "id" SERIAL NOT NULL,
    "unitId" INTEGER NOT NULL,
    "itemKind" VARCHAR(16) NOT NULL,
    "itemId" VARCHAR(32) NOT NULL,
    "message" TEXT NOT NULL,
    "sentById" INTEGER NOT NULL,
    "sentAt" TIMESTAMPTZ(3) NOT NULL,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedById" INTEGER,

    CONSTRAINT "Reminder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" SERIAL NOT NULL,
    "userId" INTEGER NOT NULL,
    "kind" VARCHAR(16) NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "body" TEXT NOT NULL,
    "reminderId" INTEGER,
    "dedupeKey" VARCHAR(120) NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL,
    "readAt" TIMESTAMPTZ(3),
    "mailedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRun" (
    "name" VARCHAR(32) NOT NULL,
    "day" VARCHAR(10) NOT NULL,
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "finishedAt" TIMESTAMPTZ(3) NOT NULL,
    "server" VARCHAR(120) NOT NULL,
    "summary" JSONB NOT NULL,

    CONSTRAINT "JobRun_pkey" PRIMARY KEY ("name","day")
);

-- CreateIndex
CREATE INDEX "RectificationClaim_findingId_idx" ON "RectificationClaim"("findingId");

-- CreateIndex
CREATE INDEX "RectificationClaim_unitId_status_idx" ON "RectificationClaim"("unitId", "status");

-- CreateIndex
CREATE INDEX "RectificationClaim_status_claimedAt_idx" ON "RectificationClaim"("status", "claimedAt");

-- CreateIndex
CREATE INDEX "EvidenceFile_ownerKind_ownerId_idx" ON "EvidenceFile"("ownerKind", "ownerId");

-- CreateIndex
CREATE INDEX "EvidenceFile_unitId_idx" ON "EvidenceFile"("unitId");

-- CreateIndex
CREATE INDEX "Reminder_unitId_sentAt_idx" ON "Reminder"("unitId", "sentAt");

-- CreateIndex
CREATE UNIQUE INDEX "Notification_dedupeKey_key" ON "Notification"("dedupeKey");

-- CreateIndex
CREATE INDEX "Notification_userId_createdAt_idx" ON "Notification"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_mailedAt_idx" ON "Notification"("mailedAt");

-- AddForeignKey
ALTER TABLE "RectificationClaim" ADD CONSTRAINT "RectificationClaim_findingId_fkey" FOREIGN KEY ("findingId") REFERENCES "Finding"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EvidenceChunk" ADD CONSTRAINT "EvidenceChunk_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "EvidenceFile"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- A claim is not a fact: a rectification waiting for confirmation becomes a claim, and the finding's
-- rectification date (what scoring reads) is cleared until an inspector confirms it.
INSERT INTO "RectificationClaim" ("findingId", "unitId", "rectifiedAt", "note", "status", "claimedById", "claimedAt")
SELECT id, "unitId", "rectifiedAt", COALESCE("rectificationNote", ''), 'pending', NULL, "createdAt"
  FROM "Finding" WHERE "rectificationStatus" = 'pending' AND "rectifiedAt" IS NOT NULL;
UPDATE "Finding" SET "rectifiedAt" = NULL WHERE "rectificationStatus" = 'pending';
-- Scores of open quarters catch up with that at the next start (every overdue finding is re-scored).
DELETE FROM "Setting" WHERE key = 'scores.day';
