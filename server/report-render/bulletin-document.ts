/** The quarterly bulletin as the document renderers draw it (the GB/T 9704 page style of every official document). */
import type { BulletinModel } from '../domain/report/bulletin.ts';
import type { OfficialDocument } from './render-report-docx.ts';

export function bulletinDocument(model: BulletinModel): OfficialDocument {
  return {
    title: model.title,
    description: `${model.issuer} ${model.title}（公示第${model.version}版）`,
    sections: model.sections,
    warnings: model.warnings,
    signature: { issuer: model.issuer, date: model.date },
  };
}

/** The bulletin as JSON: the model with its counts, rankings, commended and criticised units. */
export function bulletinToJson(model: BulletinModel, space = 2): string {
  return `${JSON.stringify(model, null, space)}\n`;
}
