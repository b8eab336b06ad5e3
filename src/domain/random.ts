/**
 * mulberry32: a tiny seeded PRNG. Used where an order must look random but
 * be reproducible (the digest's comment shuffle), and by the benchmarks.
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

/**
 * Anonymous comments in an order that says nothing about who wrote them:
 * sorted first, so input order (which may follow ids or dates) leaves no
 * trace, then shuffled by the seed, so the same input reads the same way.
 */
export function shuffledAnonymously(texts: readonly string[], seed: number): string[] {
  const out = [...texts].sort();
  const random = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as string, out[i] as string];
  }
  return out;
}
