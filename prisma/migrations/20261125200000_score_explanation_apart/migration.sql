-- Scale (docs/decisions/003-performance-and-scale.md): a score's explanation moves beside the Score
-- row, so that re-ranking (which rewrites Score rows) never copies it and ranking scans stay small;
-- cached score views check the latest unit change through an index on Unit."updatedAt".

-- CreateTable
CREATE TABLE "ScoreExplanation" (
    "periodCode" VARCHAR(8) NOT NULL,
    "unitId" INTEGER NOT NULL,
    "body" TEXT NOT NULL,

    CONSTRAINT "ScoreExplanation_pkey" PRIMARY KEY ("periodCode","unitId")
);

-- AddForeignKey
ALTER TABLE "ScoreExplanation" ADD CONSTRAINT "ScoreExplanation_periodCode_unitId_fkey" FOREIGN KEY ("periodCode", "unitId") REFERENCES "Score"("periodCode", "unitId") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keep the explanations of scores already stored.
INSERT INTO "ScoreExplanation" ("periodCode", "unitId", "body")
SELECT "periodCode", "unitId", "explanation"::text FROM "Score";

-- AlterTable
ALTER TABLE "Score" DROP COLUMN "explanation";

-- CreateIndex
CREATE INDEX "Unit_updatedAt_idx" ON "Unit"("updatedAt");
