-- Issue 17, one unit's change: when a unit's score moves, every unit it passes moves one place (rank ± 1, and the
-- rank change of the period after). Renumbering each such row's "changeSeq" (indexed) made every one of those
-- updates a non-HOT update with an entry in each of Score's four indexes; hundreds of rows a change. The rows
-- a shift moves are logged here instead, once per period (scoring/rerank.ts), with a number of the same
-- sequence, taken under the same lock: a cached view brought up to date reads the rows changed since it was read
-- and the rows shifted since (services/scores/find-scores.ts). Rank and rank change are in no index, so a
-- shift is a HOT update. Old entries are pruned under the scores lock, and the pruning moves the deletions
-- stamp ("scores.deletions"): a view older than the log is read afresh.
CREATE TABLE "ScoreShift" (
    "seq" BIGINT NOT NULL,
    "periodCode" VARCHAR(8) NOT NULL,
    "unitIds" INTEGER[] NOT NULL,
    CONSTRAINT "ScoreShift_pkey" PRIMARY KEY ("seq")
);
CREATE INDEX "ScoreShift_periodCode_seq_idx" ON "ScoreShift"("periodCode", "seq");
