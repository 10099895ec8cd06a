/**
 * Outlier flags for an inspector about to verify a unit's quarter, after DHIS2's "modified z-score" outlier
 * detection (Iglewicz and Hoaglin): z = 0.6745 · (x − median) / MAD, with MAD the median absolute deviation;
 * where MAD is 0 (half or more of the figures equal), the mean absolute deviation scaled by 1.2533 stands in
 * (z = (x − median) / (1.2533 · meanAD)). A figure is flagged when |z| exceeds the threshold (3.5 by default)
 * against the unit's own previous quarters, or against its peer group's figures of the same quarter. A basis
 * with too few figures, or with no spread at all, judges nothing. Pure.
 */

export type OutlierBasis = 'history' | 'peers';
export type OutlierFlag = {
  indicator: string;
  value: number;
  basis: OutlierBasis;
  /** The median of the basis, the figure it is compared with. */
  median: number;
  /** The modified z-score, rounded to one decimal; positive above the median. */
  z: number;
  /** How many figures the basis held. */
  n: number;
};

export const OUTLIER_THRESHOLD = 3.5;
/** At least this many previous quarters, and this many peers, before a basis judges. */
export const MIN_HISTORY = 4;
export const MIN_PEERS = 5;

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The modified z-score of `x` against `basis`, or null when the basis has no spread. */
export function modifiedZ(x: number, basis: readonly number[]): { z: number; median: number } | null {
  if (basis.length === 0) return null;
  const med = median(basis);
  const deviations = basis.map((v) => Math.abs(v - med));
  const mad = median(deviations);
  if (mad > 0) return { z: (0.6745 * (x - med)) / mad, median: med };
  const meanAd = deviations.reduce((a, b) => a + b, 0) / deviations.length;
  if (meanAd > 0) return { z: (x - med) / (1.2533 * meanAd), median: med };
  return null;
}

/**
 * The figures of `values` far from `history[code]` (the unit's previous quarters) or `peers[code]` (the same
 * quarter's figures of the other units of its group), history first, ordered by indicator as given.
 */
export function flagOutliers(input: {
  values: Readonly<Record<string, number>>;
  history: Readonly<Record<string, readonly number[]>>;
  peers: Readonly<Record<string, readonly number[]>>;
  threshold?: number;
}): OutlierFlag[] {
  const threshold = input.threshold ?? OUTLIER_THRESHOLD;
  const flags: OutlierFlag[] = [];
  for (const [indicator, value] of Object.entries(input.values)) {
    for (const [basis, list, min] of [
      ['history', input.history[indicator] ?? [], MIN_HISTORY],
      ['peers', input.peers[indicator] ?? [], MIN_PEERS],
    ] as const) {
      if (list.length < min) continue;
      const res = modifiedZ(value, list);
      if (!res || Math.abs(res.z) <= threshold) continue;
      flags.push({ indicator, value, basis, median: res.median, z: Math.round(res.z * 10) / 10, n: list.length });
    }
  }
  return flags;
}
