import { listPeriods } from '../services/admin/periods';
import { listUnits } from '../services/admin/units';
import { loadCatalogue } from '../services/catalogue/load-catalogue';
import { isDemoLoaded } from '../services/demo/load-demo';
import { businessProcedure, publicProcedure, router, unitListProcedure } from '../trpc/init';

export const metaRouter = router({
  /** Whether the illustrative demo data is loaded (the UI labels it). */
  info: publicProcedure.query(async ({ ctx }) => ({ product: 'Dukao', demo: await isDemoLoaded(ctx.db) })),
  catalogue: businessProcedure.query(({ ctx }) => loadCatalogue(ctx.db)),
  periods: businessProcedure.query(({ ctx }) => listPeriods(ctx.db, ctx.today)),
  units: unitListProcedure.query(({ ctx }) => listUnits(ctx.db, ctx.scope)),
});
