import { describe, expect, it } from 'vitest';
import { DEFAULT_CATALOGUE } from '../../../server/domain/catalogue';
import { describeBounds, parseCountCell } from '../../../server/domain/validation/counts';

const def = (code: string) => DEFAULT_CATALOGUE.find((d) => d.code === code)!;

describe('parseCountCell', () => {
  it.each([
    [null, { kind: 'blank' }],
    [undefined, { kind: 'blank' }],
    ['', { kind: 'blank' }],
    ['   ', { kind: 'blank' }],
    [0, { kind: 'value', value: 0 }],
    [12, { kind: 'value', value: 12 }],
    ['12', { kind: 'value', value: 12 }],
    [' 12 ', { kind: 'value', value: 12 }],
    ['+7', { kind: 'value', value: 7 }],
    ['1,234', { kind: 'value', value: 1234 }],
    ['１２', { kind: 'value', value: 12 }],
    [2_000_000_000, { kind: 'value', value: 2_000_000_000 }],
  ])('reads %j as %j', (raw, expected) => {
    expect(parseCountCell(raw)).toEqual(expected);
  });

  it.each([
    [-3, '= -3 is negative'],
    ['-3', '= -3 is negative'],
    [1.5, 'must be a whole number, got 1.5'],
    ['1.5', 'must be a whole number, got "1.5"'],
    ['12.0', 'must be a whole number, got "12.0"'],
    ['12 件', 'must be a whole number, got "12 件"'],
    ['1,23', 'must be a whole number, got "1,23"'],
    ['1e3', 'must be a whole number, got "1e3"'],
    [Number.POSITIVE_INFINITY, 'is not a number (Infinity)'],
    [3_000_000_000, '= 3000000000 is too large'],
    [true, 'must be a whole number, got TRUE'],
    [new Date(Date.UTC(2011, 8, 30)), 'must be a whole number, got the date 2011-09-30'],
    ['x'.repeat(100), `must be a whole number, got "${'x'.repeat(40)}…"`],
  ])('refuses %j', (raw, problem) => {
    expect(parseCountCell(raw)).toMatchObject({ kind: 'error', problem });
  });
});

describe('describeBounds', () => {
  it('describes plain counts, yes/no indicators, stocks and sum bounds in Chinese and English', () => {
    expect(describeBounds(def('pub.news'), DEFAULT_CATALOGUE)).toEqual({
      zh: '整数，≥ 0；本季度内的数量',
      en: 'whole number ≥ 0; count within the quarter',
    });
    expect(describeBounds(def('approval.deployed'), DEFAULT_CATALOGUE)).toEqual({
      zh: '填 0（否）或 1（是）；季度末的状态或数量',
      en: '0 (no) or 1 (yes); as at the end of the quarter',
    });
    expect(describeBounds(def('approval.cases_ontime'), DEFAULT_CATALOGUE).zh).toBe(
      '整数，≥ 0；本季度内的数量；不得大于“网上办件数”',
    );
    expect(describeBounds(def('pub.electronic'), DEFAULT_CATALOGUE).zh).toBe(
      '整数，≥ 0；本季度内的数量；不得大于概况信息、计划总结、法规公文、工作动态、人事信息、财政信息、政府事项业务类信息、信息公开年度报告、其它信息之和',
    );
    expect(describeBounds(def('approval.items_published'), DEFAULT_CATALOGUE).en).toBe(
      'whole number ≥ 0; as at the end of the quarter; at most the sum of approval.items_licensing, ' +
        'approval.items_nonlicensing, approval.items_services, approval.items_transfer',
    );
  });
});
