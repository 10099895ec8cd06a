import { describe, expect, it } from 'vitest';
import { buildAnnualReport } from '../../../server/domain/report/annual-report.ts';
import { reportToJson } from '../../../server/report-render/report-json.ts';
import { makeCityInput } from './report-fixtures.ts';

describe('reportToJson', () => {
  it('round-trips the model and keeps not-recorded figures distinct from numbers', () => {
    const model = buildAnnualReport(makeCityInput());
    const json = reportToJson(model);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(model)));
    expect(JSON.parse(json)).toMatchObject({
      title: model.title,
      year: 2011,
      layout: 'national',
      checks: { table3: { ok: true } },
    });
    const parsed = JSON.parse(json) as typeof model;
    const rules = parsed.sections[1]?.tables[0]?.rows.find((r) => r.key === 'rules');
    expect(rules?.cells[1]?.value).toEqual({ notRecorded: true });
    expect(json).not.toMatch(/"value": null/);
    expect(json.endsWith('}\n')).toBe(true);
  });
});
