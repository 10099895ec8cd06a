import { describe, expect, it } from 'vitest';
import { parseCsv, templateCsv, valuesFromTable } from '../../../client/src/features/entry/parse-template';
import {
  checkEntry,
  derivedTotals,
  differences,
  parseEntryValue,
  textsOf,
} from '../../../client/src/features/entry/validate-entry';
import { checkDeadline, checkPoints } from '../../../client/src/features/inspection/validate-finding';
import { DEFAULT_CATALOGUE } from '../../../server/domain/catalogue';

const grassroots = DEFAULT_CATALOGUE.filter((d) => d.group === null || d.group === 'grassroots');

describe('parseEntryValue', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['0', 0],
    ['42', 42],
    ['1,234', 1234],
    [' 7 ', 7],
  ])('%j → %j', (text, value) => expect(parseEntryValue(text)).toBe(value));
  it.each(['1.5', '-3', 'abc', '1e3', '٣'])('%j is not a whole number', (text) =>
    expect(parseEntryValue(text)).toBeNaN(),
  );
});

describe('checkEntry (mirrors the catalogue)', () => {
  it('accepts a blank form and counts blanks', () => {
    const r = checkEntry({}, grassroots);
    expect(r.errors).toEqual({});
    expect(r.blank).toHaveLength(grassroots.length);
    expect(r.values).toEqual({});
  });
  it('fills blanks with 0 for a submission', () => {
    const r = checkEntry({ 'pub.news': '3' }, grassroots, { fillBlanks: true });
    expect(Object.keys(r.values)).toHaveLength(grassroots.length);
    expect(r.values['pub.news']).toBe(3);
    expect(r.values['pub.other']).toBe(0);
  });
  it('refuses fractions, the maximum of a 0/1 indicator, and sub-counts above their totals', () => {
    const r = checkEntry(
      { 'pub.news': '2.5', 'approval.deployed': '2', 'approval.cases': '5', 'approval.cases_ontime': '6' },
      grassroots,
    );
    expect(r.errors['pub.news']).toEqual({ kind: 'integer' });
    expect(r.errors['approval.deployed']).toEqual({ kind: 'max', limit: 1 });
    expect(r.errors['approval.cases_ontime']).toEqual({ kind: 'sum', limit: 5, sumOf: ['approval.cases'] });
  });
  it('checks pub.electronic against the sum of the nine categories', () => {
    const ok = checkEntry({ 'pub.news': '10', 'pub.plans': '5', 'pub.electronic': '15' }, grassroots);
    expect(ok.errors).toEqual({});
    const bad = checkEntry({ 'pub.news': '10', 'pub.plans': '5', 'pub.electronic': '16' }, grassroots);
    expect(bad.errors['pub.electronic']).toMatchObject({ kind: 'sum', limit: 15 });
  });
  it('warns (does not refuse) when replies exceed requests', () => {
    const r = checkEntry({ 'req.online': '1', 'reply.granted': '2' }, grassroots);
    expect(r.errors).toEqual({});
    expect(r.warnings).toEqual([{ kind: 'repliesAboveRequests', replies: 2, requests: 1 }]);
  });
  it('computes the derived totals', () => {
    expect(derivedTotals({ 'pub.news': 10, 'pub.other': 2, 'pub.electronic': 12, 'appeal.review': 1 })).toMatchObject({
      'pub.total': 12,
      'appeal.total': 1,
      'req.total': 0,
    });
  });
  it('lists the indicators a conflict changed', () => {
    expect(differences({ a: 1, b: 2 }, { a: 1, b: 3, c: 0 })).toEqual(['b', 'c']);
    expect(textsOf({ a: 0, b: 12 })).toEqual({ a: '0', b: '12' });
  });
});

describe('values template', () => {
  const indicators = ['pub.news', 'pub.other', 'approval.deployed'];
  it('writes the import format with a BOM and reads it back', () => {
    const csv = templateCsv({ unit: 'T01', period: '2012Q1' }, indicators, {
      'pub.news': '10',
      'approval.deployed': '1',
    });
    expect(csv.startsWith('\uFEFFunit,period,indicator,value\r\n')).toBe(true);
    const read = valuesFromTable(parseCsv(csv), { unit: 'T01', period: '2012Q1', indicators });
    expect(read).toEqual({ values: { 'pub.news': 10, 'approval.deployed': 1 }, ignored: 0, problems: [] });
  });
  it('leaves other units and quarters alone and reports bad rows by number', () => {
    const table = parseCsv(
      'unit,period,indicator,value\nT02,2012Q1,pub.news,5\nT01,2012Q1,pub.unknown,1\n' +
        'T01,2012Q1,pub.news,abc\nT01,2012Q1,pub.other,"3"\nT01,2012Q1,pub.other,4\n',
    );
    const read = valuesFromTable(table, { unit: 'T01', period: '2012Q1', indicators });
    expect(read.values).toEqual({ 'pub.other': 3 });
    expect(read.ignored).toBe(1);
    expect(read.problems).toEqual([
      { row: 3, kind: 'indicator', text: 'pub.unknown' },
      { row: 4, kind: 'value', text: 'pub.news', value: 'abc' },
      { row: 6, kind: 'duplicate', text: 'pub.other' },
    ]);
  });
  it('refuses a file without the indicator and value columns', () => {
    expect(valuesFromTable([['a', 'b']], { unit: 'T01', period: '2012Q1', indicators }).problems).toEqual([
      { row: 1, kind: 'header', text: 'a,b' },
    ]);
  });
  it('parses quoted CSV cells with commas, quotes and CRLF', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,2,3')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2', '3'],
    ]);
  });
});

describe('finding form checks', () => {
  it.each([
    ['', 'required'],
    ['x', 'number'],
    ['-1', 'number'],
    ['1.234', 'decimals'],
    ['101', 'range'],
    ['3.5', null],
    ['0', null],
  ])('deduction %j → %s', (text, problem) => expect(checkPoints(text).problem).toBe(problem));
  it('requires commendation points to be positive', () => {
    expect(checkPoints('0', { exclusiveMin: true }).problem).toBe('range');
    expect(checkPoints('2', { exclusiveMin: true })).toEqual({ value: 2, problem: null });
  });
  it('refuses a deadline before the quarter starts', () => {
    expect(checkDeadline('2011-09-30', '2011Q4')).toBe('beforeQuarter');
    expect(checkDeadline('2011-10-01', '2011Q4')).toBeNull();
    expect(checkDeadline('', '2011Q4')).toBeNull();
  });
});
