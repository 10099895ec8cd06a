import { describe, expect, it } from 'vitest';
import { normaliseNumberText, parseCount, parseDecimal } from '../../../server/domain/validation/numbers';

describe('one number parser for every route', () => {
  it.each([
    ['1,234', '1234'],
    ['1,234,567', '1234567'],
    ['１２', '12'],
    ['１，２３４', '1234'],
    ['－３', '-3'],
    ['１．５', '1.5'],
    ['1,234.50', '1234.50'],
    [' 7 ', '7'],
    ['12,34', '12,34'],
    ['1,2345', '1,2345'],
  ])('normalises %j to %j', (raw, text) => {
    expect(normaliseNumberText(raw)).toBe(text);
  });

  it.each([
    ['1,234', 1234],
    ['１２', 12],
    ['１，０００', 1000],
    [12, 12],
    ['+7', 7],
  ])('reads the count %j as %j', (raw, value) => {
    expect(parseCount(raw)).toEqual({ kind: 'value', value });
  });

  it.each([
    ['12.0', 'must be a whole number, got "12.0"'],
    ['1.5', 'must be a whole number, got "1.5"'],
    ['１．５', 'must be a whole number, got "１．５"'],
    ['12,34', 'must be a whole number, got "12,34"'],
    ['-1', '= -1 is negative'],
    [2.5, 'must be a whole number, got 2.5'],
  ])('refuses the count %j: %s', (raw, problem) => {
    expect(parseCount(raw)).toMatchObject({ kind: 'error', problem });
  });

  it.each([
    ['1.5', 1.5],
    ['１．５', 1.5],
    ['2', 2],
    ['1,234.25', 1234.25],
    ['0.50', 0.5],
    [0.25, 0.25],
  ])('reads the decimal %j as %j', (raw, value) => {
    expect(parseDecimal(raw)).toEqual({ kind: 'value', value });
  });

  it.each([['1.555'], ['abc'], ['1e2'], [0.125]])('refuses the decimal %j', (raw) => {
    expect(parseDecimal(raw)).toMatchObject({ kind: 'error', problem: expect.stringMatching(/at most 2 decimals/) });
  });

  it('leaves blanks blank', () => {
    expect(parseCount('  ')).toEqual({ kind: 'blank' });
    expect(parseDecimal(null)).toEqual({ kind: 'blank' });
  });
});
