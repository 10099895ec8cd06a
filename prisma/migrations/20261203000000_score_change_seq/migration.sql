-- Issue 17, the cold path: a cached score view is brought up to date by reading only the rows that changed
-- since it was read, instead of the period's 10,000 (services/scores/find-scores.ts). Every insert and every
-- change of a Score row takes the next number of this sequence. Score writes run one transaction at a time
-- under ADVISORY_LOCKS.scores until they commit (scoring/score-versions.ts), so numbers follow commit order:
-- a reader that has seen number N has seen every row numbered N or below.
CREATE SEQUENCE "ScoreChangeSeq" AS bigint;
ALTER TABLE "Score" ADD COLUMN "changeSeq" BIGINT NOT NULL DEFAULT nextval('"ScoreChangeSeq"');
ALTER SEQUENCE "ScoreChangeSeq" OWNED BY "Score"."changeSeq";
CREATE INDEX "Score_periodCode_changeSeq_idx" ON "Score"("periodCode", "changeSeq");
