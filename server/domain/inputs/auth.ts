/** Inputs of a signed-in user's own account (server/routers/auth.ts → services/auth/). */
import { z } from 'zod';

const totpCode = z.string().trim().min(6).max(32);

export const changePasswordInput = z.object({ current: z.string().min(1).max(200), next: z.string().min(1).max(200) });
/** A six-digit code from the authenticator app (spaces allowed). */
export const totpCodeInput = z.object({ code: totpCode });
