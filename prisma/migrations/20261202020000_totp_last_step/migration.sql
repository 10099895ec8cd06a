-- Issue 16: a TOTP code is accepted once (RFC 6238 §5.2): the time step of the last code a user gave.
ALTER TABLE "User" ADD COLUMN "totpLastStep" INTEGER;
