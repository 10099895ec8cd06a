/**
 * The order a refreshed score view is sorted in (services/scores/find-scores.ts) must be the order its SQL
 * reads (`ORDER BY group, rank NULLS LAST, code COLLATE "C"`): PostgreSQL's "C" compares UTF-8 bytes, which
 * is code-point order; JavaScript's `<` compares UTF-16 units, which differs above U+FFFF.
 */
import { describe, expect, it } from 'vitest';
import { compareCodePoints, compareRankingOrder } from '../../server/domain/ranking-order';
import { seededRandom } from '../../server/domain/seeded-random';

const bytes = (a: string, b: string) => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
const sign = (n: number) => Math.sign(n);

describe('compareCodePoints', () => {
  it('orders as UTF-8 bytes (PostgreSQL "C") on random codes, astral characters among them', () => {
    const r = seededRandom(7);
    const alphabet = ['A', 'a', 'Z', '0', '9', '-', '_', '镇', '街', '\uff01', '\ue000', '😀', '𠀀', ' '];
    const code = () =>
      Array.from({ length: 1 + Math.floor(r() * 5) }, () => alphabet[Math.floor(r() * alphabet.length)]).join('');
    for (let i = 0; i < 5000; i++) {
      const a = code();
      const b = code();
      expect(sign(compareCodePoints(a, b)), `${a} / ${b}`).toBe(sign(bytes(a, b)));
    }
  });
  it('differs from UTF-16 order where it must: U+FFxx before an astral character', () => {
    expect('😀' < '\uff01').toBe(true); // UTF-16: a surrogate (0xD83D) is below 0xFF01
    expect(compareCodePoints('😀', '\uff01')).toBeGreaterThan(0);
  });
});

describe('compareRankingOrder', () => {
  it('puts grassroots first, then rank with no rank last, then code', () => {
    const rows = [
      { unit: 'B', rank: null, group: 'grassroots' },
      { unit: 'A', rank: 2, group: 'organs' },
      { unit: 'C', rank: 1, group: 'grassroots' },
      { unit: 'A', rank: null, group: 'grassroots' },
      { unit: 'b', rank: 1, group: 'grassroots' },
      { unit: 'A', rank: 1, group: 'organs' },
    ];
    expect(rows.sort(compareRankingOrder).map((r) => `${r.group[0]}${r.rank ?? '-'}${r.unit}`)).toEqual([
      'g1C',
      'g1b',
      'g-A',
      'g-B',
      'o1A',
      'o2A',
    ]);
  });
});
