import {
  annualReportInput,
  bulletinInput,
  bulletinTextsInput,
  reportInputsInput,
  saveBulletinTextsInput,
  saveReportInputsInput,
} from '../domain/inputs/reports';
import { bulletinDocument } from '../report-render/bulletin-document';
import { renderReportHtml } from '../report-render/render-report-html';
import { buildReportFor, getReportInputs, saveReportInputs } from '../services/reports/annual-report';
import { buildBulletinFor, getBulletinTexts, saveBulletinTexts } from '../services/reports/bulletin';
import { businessProcedure, leadershipProcedure, reportEditorProcedure, router } from '../trpc/init';

export const reportsRouter = router({
  /** The quarterly bulletin (督查情况通报) of a published period: model and HTML preview; a unit operator's own part only. */
  bulletin: businessProcedure.input(bulletinInput).query(async ({ ctx, input }) => {
    const model = await buildBulletinFor(ctx.db, {
      period: input.period,
      version: input.version,
      scope: ctx.scope,
    });
    return { model, html: renderReportHtml(bulletinDocument(model)) };
  }),
  bulletinTexts: leadershipProcedure
    .input(bulletinTextsInput)
    .query(({ ctx, input }) => getBulletinTexts(ctx.db, input.period)),
  saveBulletinTexts: leadershipProcedure
    .input(saveBulletinTextsInput)
    .mutation(({ ctx, input }) => saveBulletinTexts(ctx.db, ctx.actor, input)),
  annual: businessProcedure.input(annualReportInput).query(async ({ ctx, input }) => {
    const model = await buildReportFor(ctx.db, {
      year: input.year,
      unitCode: input.unit ?? null,
      layout: input.layout,
      scope: ctx.scope,
    });
    return { model, html: renderReportHtml(model) };
  }),
  inputs: businessProcedure
    .input(reportInputsInput)
    .query(({ ctx, input }) =>
      getReportInputs(ctx.db, { year: input.year, unitCode: input.unit ?? null, scope: ctx.scope }),
    ),
  /** Inspectors read reports; the city's texts are the administrators' and leadership's, a unit's its operator's. */
  saveInputs: reportEditorProcedure.input(saveReportInputsInput).mutation(({ ctx, input }) =>
    saveReportInputs(ctx.db, ctx.actor, {
      year: input.year,
      unitCode: input.unit ?? null,
      scope: ctx.scope,
      ...(input.texts ? { texts: input.texts } : {}),
      ...(input.figures ? { figures: input.figures } : {}),
    }),
  ),
});
