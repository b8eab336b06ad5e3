import type { Taxonomy } from '../../src/domain/taxonomy.js';

/**
 * `base` padded with generated clusters to `n` in all: cluster i (counting
 * the base's) is `cl-i`, "Cluster i", with one skill `sk-i`. More clusters
 * than the loader takes today (it stops at 100), for the pickers that must
 * not depend on that limit.
 */
export function paddedTaxonomy(n: number, base: Taxonomy = { clusters: [], skills: new Map() }, name = (i: number) => `Cluster ${i}`): Taxonomy {
  const extra = Array.from({ length: n - base.clusters.length }, (_, k) => base.clusters.length + k).map((i) => ({ id: `cl-${i}`, name: name(i), skills: [{ id: `sk-${i}`, name: `Skill ${i}`, clusterId: `cl-${i}`, clusterName: name(i) }] }));
  const clusters = [...base.clusters, ...extra];
  return { clusters, skills: new Map(clusters.flatMap((c) => c.skills.map((s) => [s.id, s] as const))) };
}
