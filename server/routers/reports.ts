import { z } from 'zod';
import { bulletinDocument } from '../report-render/bulletin-document';
import { renderReportHtml } from '../report-render/render-report-html';
import { buildReportFor, getReportInputs, saveReportInputs } from '../services/reports/annual-report';
import { buildBulletinFor, getBulletinTexts, saveBulletinTexts } from '../services/reports/bulletin';
import { businessProcedure, leadershipProcedure, reportEditorProcedure, router } from '../trpc/init';
import { periodCode, unitCode } from './shared';

const year = z.number().int().min(1990).max(2200);

export const reportsRouter = router({
  /** The quarterly bulletin (督查情况通报) of a published period: model and HTML preview; a unit operator's own part only. */
  bulletin: businessProcedure
    .input(z.object({ period: periodCode, version: z.number().int().min(1).optional() }))
    .query(async ({ ctx, input }) => {
      const model = await buildBulletinFor(ctx.db, {
        period: input.period,
        version: input.version,
        scope: ctx.scope,
      });
      return { model, html: renderReportHtml(bulletinDocument(model)) };
    }),
  bulletinTexts: leadershipProcedure
    .input(z.object({ period: periodCode }))
    .query(({ ctx, input }) => getBulletinTexts(ctx.db, input.period)),
  saveBulletinTexts: leadershipProcedure
    .input(z.object({ period: periodCode, texts: z.record(z.string().max(32), z.string().max(20_000)) }))
    .mutation(({ ctx, input }) => saveBulletinTexts(ctx.db, ctx.actor, input)),
  annual: businessProcedure
    .input(
      z.object({
        year,
        unit: unitCode.nullable().optional(),
        layout: z.enum(['national', 'legacy']).default('national'),
      }),
    )
    .query(async ({ ctx, input }) => {
      const model = await buildReportFor(ctx.db, {
        year: input.year,
        unitCode: input.unit ?? null,
        layout: input.layout,
        scope: ctx.scope,
      });
      return { model, html: renderReportHtml(model) };
    }),
  inputs: businessProcedure
    .input(z.object({ year, unit: unitCode.nullable().optional() }))
    .query(({ ctx, input }) =>
      getReportInputs(ctx.db, { year: input.year, unitCode: input.unit ?? null, scope: ctx.scope }),
    ),
  /** Inspectors read reports; the city's texts are the administrators' and leadership's, a unit's its operator's. */
  saveInputs: reportEditorProcedure
    .input(
      z.object({
        year,
        unit: unitCode.nullable().optional(),
        texts: z.record(z.string().max(32), z.string().max(20_000)).optional(),
        figures: z.record(z.string().max(64), z.number().nullable()).optional(),
      }),
    )
    .mutation(({ ctx, input }) =>
      saveReportInputs(ctx.db, ctx.actor, {
        year: input.year,
        unitCode: input.unit ?? null,
        scope: ctx.scope,
        ...(input.texts ? { texts: input.texts } : {}),
        ...(input.figures ? { figures: input.figures } : {}),
      }),
    ),
});
