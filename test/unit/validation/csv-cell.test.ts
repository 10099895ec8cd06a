import { describe, expect, it } from 'vitest';
import { neutraliseCsvCell } from '../../../server/domain/text/csv-cell';
import { csvText } from '../../../server/services/exports/export-files';

describe('CSV formula injection (OWASP)', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `'=HYPERLINK("http://x","y")`],
    ['+SUM(1,2)', `'+SUM(1,2)`],
    ['-2+3', `'-2+3`],
    ['@SUM(1)', `'@SUM(1)`],
    ['\t=1', `'\t=1`],
    ['\r=1', `'\r=1`],
    ['城关镇', '城关镇'],
    ['a=b', 'a=b'],
  ])('%j becomes %j', (cell, safe) => {
    expect(neutraliseCsvCell(cell)).toBe(safe);
  });

  it('leaves numbers alone and quotes the neutralised cells', () => {
    expect(neutraliseCsvCell(-3)).toBe(-3);
    expect(csvText(['name', 'rank_change'], [['=1+1', -3]])).toBe(`name,rank_change\n"'=1+1",-3\n`);
  });
});
