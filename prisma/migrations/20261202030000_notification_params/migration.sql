-- Issue 15: a notification's content as data (kind + params), worded by the client in the reader's language.
-- Rows written before keep params NULL and are shown by their Chinese title and body, which mail still sends.
ALTER TABLE "Notification" ADD COLUMN "params" JSONB;
