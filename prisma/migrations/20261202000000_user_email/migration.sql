-- Issue 13: a user's own address for digests and reminders by mail (when SMTP_URL is set).
ALTER TABLE "User" ADD COLUMN "email" VARCHAR(254);
-- Reminders are looked up per item (the open-item list shows unacknowledged ones).
CREATE INDEX "Reminder_unitId_acknowledgedAt_idx" ON "Reminder"("unitId", "acknowledgedAt");
