-- Issue 17: re-scoring rewrites many Score rows; PostgreSQL's default autovacuum waits until a fifth of a
-- table is dead. Vacuum the score tables at 2 % (plus 1,000 rows), so that dead rows stay a small share
-- between re-scores (bulk re-scores also VACUUM after they commit: services/scoring/write-scores.ts).
ALTER TABLE "Score" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000, autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE "ScoreExplanation" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_vacuum_threshold = 1000);
