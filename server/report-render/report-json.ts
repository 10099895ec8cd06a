/** The annual report as JSON: the model already is plain data, so this only fixes the serialisation. */
import type { ReportModel } from '../domain/report/report-model.ts';

/**
 * Pretty-printed JSON of the model. A figure that was not recorded stays `{"notRecorded":true}` — never 0 or
 * null — so that scripts reading the file cannot mistake it for a count.
 */
export function reportToJson(model: ReportModel, space: number = 2): string {
  return `${JSON.stringify(model, null, space)}\n`;
}
