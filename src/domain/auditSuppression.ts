/**
 * Which figures of an audit may be shown. A figure resting on fewer than
 * the minimum number of different people is not shown ("fewer than N").
 * And since the figures of one kind of group add up to the overall one, a
 * single hidden figure could be worked out by subtraction; so while the
 * hidden ones of a kind rest on fewer than the minimum together, the next
 * smallest is withheld too (complementary suppression, as statistics
 * offices do), and said to be withheld rather than small.
 */
export interface Hidden {
  tooFew: Set<number>;
  withheld: Set<number>;
}

export function hiddenIndexes(bases: readonly number[], minimum: number): Hidden {
  const tooFew = new Set<number>();
  bases.forEach((n, i) => {
    if (n > 0 && n < minimum) tooFew.add(i);
  });
  const withheld = new Set<number>();
  const hiddenTotal = () => [...tooFew, ...withheld].reduce((sum, i) => sum + (bases[i] as number), 0);
  while (hiddenTotal() > 0 && hiddenTotal() < minimum) {
    let next = -1;
    bases.forEach((n, i) => {
      if (n > 0 && !tooFew.has(i) && !withheld.has(i) && (next < 0 || n < (bases[next] as number))) next = i;
    });
    if (next < 0) break;
    withheld.add(next);
  }
  return { tooFew, withheld };
}
