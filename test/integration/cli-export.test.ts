import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEMO_FIGURES } from '../../server/demo/leiyang-2011';
import { type CliTarget, createCliTarget, runCli } from '../helpers/cli';

// `npm run cli -- export …` on the demo database: the 2011 values summed over units equal the annual report's
// figures in every format; score exports have the fields and order of interfaces.md; nothing else on stdout.
let target: CliTarget;
beforeAll(async () => {
  target = await createCliTarget();
});
afterAll(async () => target?.dispose());

type ValueRow = { unit: string; period: string; indicator: string; value: number };

/** The figures of annual-report.md, as printed there. */
const REPORT = {
  'pub.electronic': 9106,
  'pub.overview': 475,
  'approval.cases': 42896,
  'approval.deployed': 24,
  'training.attendees': 206,
  'consult.page_views': 520000,
};

function totals(rows: ValueRow[]): Record<string, number> {
  const t: Record<string, number> = {};
  for (const r of rows) t[r.indicator] = (t[r.indicator] ?? 0) + Number(r.value);
  return t;
}

function expectReportFigures(rows: ValueRow[]) {
  expect(rows.every((r) => r.period === '2011')).toBe(true);
  const t = totals(rows);
  for (const [code, figure] of Object.entries(DEMO_FIGURES)) expect([code, t[code] ?? 0]).toEqual([code, figure]);
  for (const [code, figure] of Object.entries(REPORT)) expect([code, t[code]]).toEqual([code, figure]);
}

// Each command is a separate process that opens the database: seconds per run.
vi.setConfig({ testTimeout: 240_000 });

describe('cli export values', () => {
  it('prints JSON whose 2011 totals over units equal the annual report, and nothing else', async () => {
    const run = await runCli(target, ['export', 'values', '--period', '2011', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const rows = JSON.parse(run.stdout) as ValueRow[];
    expect(Object.keys(rows[0]!)).toEqual(['unit', 'period', 'indicator', 'value']);
    expectReportFigures(rows);
  });

  it('prints CSV in the import format with the same totals', async () => {
    const run = await runCli(target, ['export', 'values', '--period', '2011', '--format', 'csv']);
    expect(run.code).toBe(0);
    const [header, ...rows] = parse(run.stdout) as string[][];
    expect(header).toEqual(['unit', 'period', 'indicator', 'value']);
    expectReportFigures(
      rows.map(([unit, period, indicator, value]) => ({
        unit: unit!,
        period: period!,
        indicator: indicator!,
        value: Number(value),
      })),
    );
  });

  it('writes XLSX to --out with the same totals, leaving stdout empty', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'dukao-export-')), 'values.xlsx');
    const run = await runCli(target, ['export', 'values', '--period', '2011', '--format', 'xlsx', '--out', out]);
    expect(run).toMatchObject({ code: 0, stdout: '' });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const rows: ValueRow[] = [];
    wb.worksheets[0]!.eachRow((row, n) => {
      if (n === 1) expect(row.values).toEqual([undefined, 'unit', 'period', 'indicator', 'value']);
      else
        rows.push({
          unit: String(row.getCell(1).value),
          period: String(row.getCell(2).value),
          indicator: String(row.getCell(3).value),
          value: Number(row.getCell(4).value),
        });
    });
    expectReportFigures(rows);
  });

  it('refuses a bad period or format with one sentence and exit 1', async () => {
    const run = await runCli(target, ['export', 'values', '--period', '2011Q5']);
    expect(run).toMatchObject({ code: 1, stdout: '' });
    expect(run.stderrLines).toEqual(['export needs --period, written 2011Q3 or 2011.']);
    const fmt = await runCli(target, ['export', 'scores', '--period', '2011Q4', '--format', 'pdf']);
    expect(fmt.code).toBe(1);
    expect(fmt.stderrLines).toEqual(['Unknown format "pdf": use json, csv or xlsx.']);
  });
});

describe('cli export scores', () => {
  it('prints every unit of 2011Q4 with the fields of interfaces.md, ordered by group, rank and unit code', async () => {
    const run = await runCli(target, ['export', 'scores', '--period', '2011Q4', '--format', 'json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const rows = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(rows).toHaveLength(94);
    for (const r of rows) {
      expect(Object.keys(r)).toEqual([
        'unit',
        'name',
        'group',
        'period',
        'submitted',
        'rules',
        'base',
        'deductions',
        'bonus',
        'score',
        'grade',
        'veto',
        'rank',
        'rank_change',
      ]);
      expect(r.period).toBe('2011Q4');
      expect(typeof r.submitted).toBe('boolean');
      expect(typeof r.veto).toBe('boolean');
      expect(['excellent', 'good', 'pass', 'fail']).toContain(r.grade);
      for (const n of [r.base, r.deductions, r.bonus, r.score, ...Object.values(r.rules as Record<string, number>)]) {
        expect(typeof n).toBe('number');
        expect(Math.round((n as number) * 100) / 100).toBe(n);
      }
      expect(r.rank_change === null || Number.isInteger(r.rank_change)).toBe(true);
      const rules = Object.keys(r.rules as object);
      expect(rules).toEqual(
        r.group === 'grassroots'
          ? ['disclosure_volume', 'electronic_rate', 'request_reply_rate', 'approval_rollout', 'training', 'appeals']
          : ['disclosure_volume', 'electronic_rate', 'request_reply_rate', 'approval_ontime', 'training', 'appeals'],
      );
    }
    const groups = rows.map((r) => r.group);
    expect(groups.lastIndexOf('grassroots')).toBeLessThan(groups.indexOf('organs'));
    expect(groups.filter((g) => g === 'grassroots')).toHaveLength(36);
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1]!;
      const b = rows[i]!;
      if (a.group !== b.group) continue;
      const order = (a.rank as number) - (b.rank as number) || String(a.unit).localeCompare(String(b.unit));
      expect(order).toBeLessThan(0);
      expect(a.score as number).toBeGreaterThanOrEqual(b.score as number);
    }
    // 2011Q4 follows 2011Q3, so every unit has a rank change; 2011Q1 has none before it.
    expect(rows.every((r) => typeof r.rank_change === 'number')).toBe(true);
    const q1 = JSON.parse((await runCli(target, ['export', 'scores', '--period', '2011Q1'])).stdout) as Record<
      string,
      unknown
    >[];
    expect(q1.every((r) => r.rank_change === null)).toBe(true);
  });

  it('prints CSV with one column per rule', async () => {
    const run = await runCli(target, ['export', 'scores', '--period', '2011Q4', '--format', 'csv']);
    expect(run.code).toBe(0);
    const [header = [], ...rows] = parse(run.stdout) as string[][];
    expect(header.slice(0, 5)).toEqual(['unit', 'name', 'group', 'period', 'submitted']);
    expect(header.slice(5, 12).sort()).toEqual([
      'appeals',
      'approval_ontime',
      'approval_rollout',
      'disclosure_volume',
      'electronic_rate',
      'request_reply_rate',
      'training',
    ]);
    expect(header.slice(12)).toEqual(['base', 'deductions', 'bonus', 'score', 'grade', 'veto', 'rank', 'rank_change']);
    expect(rows).toHaveLength(94);
  });
});
