import { listPeriods } from '../services/admin/periods';
import { loadCatalogue } from '../services/catalogue/load-catalogue';
import { todayOf } from '../trpc/context';
import { businessProcedure, publicProcedure, router, unitListProcedure } from '../trpc/init';

export const metaRouter = router({
  /** Whether the illustrative demo data is loaded (the UI labels it). */
  info: publicProcedure.query(async ({ ctx }) => {
    const demo = await ctx.db.setting.findUnique({ where: { key: 'demo' }, select: { value: true } });
    return { product: 'Dukao', demo: !!demo };
  }),
  catalogue: businessProcedure.query(({ ctx }) => loadCatalogue(ctx.db)),
  periods: businessProcedure.query(({ ctx }) => listPeriods(ctx.db, todayOf(ctx.now()))),
  units: unitListProcedure.query(async ({ ctx }) => {
    const rows = await ctx.db.unit.findMany({
      where: { active: true, ...(ctx.user.role === 'unit' ? { id: ctx.user.unitId ?? -1 } : {}) },
      orderBy: { code: 'asc' },
      select: { code: true, name: true, type: true, group: true, parent: { select: { code: true } } },
    });
    return rows.map((u) => ({
      code: u.code,
      name: u.name,
      type: u.type,
      group: u.group,
      parent: u.parent?.code ?? null,
    }));
  }),
});
