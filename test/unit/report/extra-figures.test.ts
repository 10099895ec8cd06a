import { describe, expect, it } from 'vitest';
import { buildAnnualReport } from '../../../server/domain/report/annual-report.ts';
import {
  EXTRA_FIGURES,
  EXTRA_FIGURES_BY_KEY,
  TABLE3_ROWS,
  table3Key,
} from '../../../server/domain/report/extra-figures.ts';
import { makeCityInput } from './report-fixtures.ts';

describe('EXTRA_FIGURES', () => {
  it('has unique keys, each with a Chinese label and a measure', () => {
    const keys = EXTRA_FIGURES.map((d) => d.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(EXTRA_FIGURES_BY_KEY.size).toBe(keys.length);
    for (const d of EXTRA_FIGURES) {
      expect(d.labelZh).toMatch(/[\u4e00-\u9fff]/);
      expect(d.measure.length).toBeGreaterThan(0);
    }
  });

  it('covers every table 三 cell the data cannot fill, and none it can', () => {
    for (const row of TABLE3_ROWS.filter((r) => r.key !== 'total')) {
      expect(EXTRA_FIGURES_BY_KEY.has(table3Key(row.key, 'natural'))).toBe(true);
      expect(EXTRA_FIGURES_BY_KEY.has(table3Key(row.key, 'other_org'))).toBe(true);
    }
    for (const row of ['new', 'granted', 'partial'] as const)
      expect(EXTRA_FIGURES_BY_KEY.has(table3Key(row, 'total'))).toBe(false);
    expect(EXTRA_FIGURES_BY_KEY.has(table3Key('carried_in', 'total'))).toBe(true);
    expect(EXTRA_FIGURES_BY_KEY.has(table3Key('total', 'natural'))).toBe(false);
    expect(EXTRA_FIGURES_BY_KEY.get('t3.withheld.state_secret.total')?.labelZh).toBe(
      '（三）不予公开 1.属于国家秘密（总计）',
    );
  });

  it('allows decimals for money only', () => {
    const decimals = EXTRA_FIGURES.filter((d) => d.allowsDecimals).map((d) => d.key);
    expect(decimals).toEqual(['t2.fees.amount', 'fees.disclosure_charged', 'fees.disclosure_waived']);
  });

  it('accepts every key of the catalogue without an unknown-key warning', () => {
    const extra = Object.fromEntries(EXTRA_FIGURES.map((d) => [d.key, 0]));
    for (const layout of ['national', 'legacy'] as const) {
      const model = buildAnnualReport(makeCityInput({ layout, extra }));
      expect(model.warnings.filter((w) => w.includes('未知') || w.includes('无效'))).toEqual([]);
    }
  });
});
