import { router } from '../trpc/init';
import { adminRouter } from './admin';
import { appealsRouter } from './appeals';
import { authRouter } from './auth';
import { entryRouter } from './entry';
import { evidenceRouter } from './evidence';
import { inspectionRouter } from './inspection';
import { metaRouter } from './meta';
import { reportsRouter } from './reports';
import { scoresRouter } from './scores';
import { notificationsRouter, supervisionRouter } from './supervision';

export const appRouter = router({
  auth: authRouter,
  meta: metaRouter,
  scores: scoresRouter,
  entry: entryRouter,
  inspection: inspectionRouter,
  evidence: evidenceRouter,
  admin: adminRouter,
  reports: reportsRouter,
  supervision: supervisionRouter,
  notifications: notificationsRouter,
  appeals: appealsRouter,
});

export type AppRouter = typeof appRouter;
