/**
 * mulberry32: a tiny, fast, seedable PRNG with a full 2^32 period — the same seed, the same sequence, on every
 * platform. The one home of the invented parts of the demo data and of the tests' and bench's random data.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
