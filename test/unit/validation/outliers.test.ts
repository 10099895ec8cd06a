import { describe, expect, it } from 'vitest';
import { flagOutliers, median, modifiedZ } from '../../../server/domain/validation/outliers';

describe('modified z-score', () => {
  it.each([
    // median 10, |dev| = 2,1,0,1,2 → MAD 1; z(20) = 0.6745·10/1
    [20, [8, 9, 10, 11, 12], { median: 10, z: 6.745 }],
    [10, [8, 9, 10, 11, 12], { median: 10, z: 0 }],
    // MAD 0 (most equal): mean absolute deviation 6/5 = 1.2 stands in → (16 − 10)/(1.2533·1.2)
    [16, [10, 10, 10, 10, 16], { median: 10, z: 6 / (1.2533 * 1.2) }],
  ])('of %d against %j', (x, basis, expected) => {
    const res = modifiedZ(x, basis)!;
    expect(res.median).toBe(expected.median);
    expect(res.z).toBeCloseTo(expected.z, 6);
  });

  it('is null for a basis without spread or without figures', () => {
    expect(modifiedZ(5, [3, 3, 3, 3])).toBeNull();
    expect(modifiedZ(5, [])).toBeNull();
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('flagOutliers', () => {
  const history = { 'pub.news': [10, 12, 11, 9, 13], 'pub.plans': [2, 3, 2, 3] };
  const peers = { 'pub.news': [8, 10, 12, 9, 11, 10], 'pub.plans': [1, 2, 3, 2, 2] };

  it('flags a figure far from the unit’s own quarters and from its peers, with basis, median and z', () => {
    expect(flagOutliers({ values: { 'pub.news': 120, 'pub.plans': 2 }, history, peers })).toEqual([
      { indicator: 'pub.news', value: 120, basis: 'history', median: 11, z: 73.5, n: 5 },
      { indicator: 'pub.news', value: 120, basis: 'peers', median: 10, z: 74.2, n: 6 },
    ]);
  });

  it('flags low figures too (negative z) and leaves figures inside the threshold alone', () => {
    const flags = flagOutliers({ values: { 'pub.news': 0, 'pub.plans': 3 }, history, peers });
    expect(flags.map((f) => [f.basis, f.z < 0])).toEqual([
      ['history', true],
      ['peers', true],
    ]);
    expect(flagOutliers({ values: { 'pub.news': 14 }, history, peers })).toEqual([]);
  });

  it('judges nothing on too few figures or none with spread', () => {
    expect(flagOutliers({ values: { 'pub.news': 500 }, history: { 'pub.news': [1, 2, 3] }, peers: {} })).toEqual([]);
    expect(
      flagOutliers({
        values: { 'pub.news': 500 },
        history: { 'pub.news': [0, 0, 0, 0] },
        peers: { 'pub.news': [1, 2, 3, 4] },
      }),
    ).toEqual([]);
  });

  it('takes the threshold as given', () => {
    expect(flagOutliers({ values: { 'pub.news': 14 }, history, peers: {}, threshold: 1 })).toHaveLength(1);
  });
});
