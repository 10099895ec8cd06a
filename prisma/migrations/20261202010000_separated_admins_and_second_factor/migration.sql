-- Issue 16 (等保 2.0 level 3): separated administrators (三员分立), first-sign-in password change, password
-- expiry, idle time-out, TOTP second factor with recovery codes, and the address in the audit log.
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'security';
ALTER TYPE "Role" ADD VALUE IF NOT EXISTS 'audit';

ALTER TABLE "User"
  ADD COLUMN "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "demo" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "totpSecret" VARCHAR(64),
  ADD COLUMN "totpEnabledAt" TIMESTAMPTZ(3),
  ADD COLUMN "totpRecovery" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

ALTER TABLE "Session" ADD COLUMN "pending" VARCHAR(16);

ALTER TABLE "AuditLog" ADD COLUMN "ip" VARCHAR(64);
