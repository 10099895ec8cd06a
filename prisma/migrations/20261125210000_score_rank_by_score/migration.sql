-- Scale (docs/decisions/003-performance-and-scale.md): when one unit's score changes, only the units
-- scoring between its old and new score move one place, found through an index on the score; ranks
-- are no longer indexed, so shifting them is a heap-only (HOT) update that leaves the indexes alone.

-- DropIndex
DROP INDEX "Score_periodCode_group_rank_idx";

-- CreateIndex
CREATE INDEX "Score_periodCode_group_score_idx" ON "Score"("periodCode", "group", "score");

-- Room on each page for those in-place updates (a storage setting: not part of the Prisma schema).
ALTER TABLE "Score" SET (fillfactor = 80);
