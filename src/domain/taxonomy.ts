import { z } from 'zod';

/**
 * The skill taxonomy: skills grouped into clusters. The limits mirror what a
 * Slack select menu can show (100 groups, 100 options each, 75-character
 * labels, 150-character values), so a valid file always renders.
 */
const slug = z
  .string({ error: 'id is required' })
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id must be lowercase letters, digits and dashes (at most 64 characters)');
const label = z
  .string({ error: 'name is required' })
  .trim()
  .min(1, 'name is required')
  .max(75, 'name must be at most 75 characters, the longest a Slack menu option can show');

export const zTaxonomy = z
  .object(
    {
      clusters: z
        .array(
          z.object({
            id: slug,
            name: label,
            skills: z
              .array(z.object({ id: slug, name: label }).strict(), { error: 'skills must be a list' })
              .min(1, 'a cluster needs at least one skill')
              .max(100, 'a cluster can hold at most 100 skills'),
          }).strict(),
          { error: 'clusters must be a list' },
        )
        .min(1, 'the taxonomy needs at least one cluster')
        .max(100, 'the taxonomy can hold at most 100 clusters'),
    },
    { error: 'the file must be a mapping with a clusters list' },
  )
  .strict()
  .superRefine((taxonomy, ctx) => {
    const clusterIds = new Map<string, number>();
    const skillIds = new Map<string, string>();
    taxonomy.clusters.forEach((cluster, c) => {
      const earlier = clusterIds.get(cluster.id);
      if (earlier !== undefined) ctx.addIssue({ code: 'custom', path: ['clusters', c, 'id'], message: `id "${cluster.id}" is already used by clusters[${earlier}]` });
      clusterIds.set(cluster.id, c);
      cluster.skills.forEach((skill, s) => {
        const where = skillIds.get(skill.id);
        if (where) ctx.addIssue({ code: 'custom', path: ['clusters', c, 'skills', s, 'id'], message: `id "${skill.id}" is already used by ${where}` });
        skillIds.set(skill.id, `clusters[${c}].skills[${s}]`);
      });
    });
  });

export type TaxonomyFile = z.infer<typeof zTaxonomy>;

export interface Skill {
  id: string;
  name: string;
  clusterId: string;
  clusterName: string;
}

export interface Taxonomy {
  clusters: readonly { id: string; name: string; skills: readonly Skill[] }[];
  skills: ReadonlyMap<string, Skill>;
}

export type TaxonomyResult = { ok: true; taxonomy: Taxonomy } | { ok: false; problems: string[] };

/** Validates parsed taxonomy data; each problem names the entry, e.g. `clusters[1].skills[3] ("Go"): …`. */
export function buildTaxonomy(data: unknown): TaxonomyResult {
  const parsed = zTaxonomy.safeParse(data);
  if (!parsed.success) {
    return { ok: false, problems: parsed.error.issues.map((issue) => `${describePath(data, issue.path)}${issue.message}`) };
  }
  const clusters = parsed.data.clusters.map((c) => ({
    id: c.id,
    name: c.name,
    skills: c.skills.map((s) => ({ id: s.id, name: s.name, clusterId: c.id, clusterName: c.name })),
  }));
  return { ok: true, taxonomy: { clusters, skills: new Map(clusters.flatMap((c) => c.skills.map((s) => [s.id, s]))) } };
}

function describePath(data: unknown, path: PropertyKey[]): string {
  // Point at the entry (cluster or skill), quoting its name so a coordinator can find it.
  const entryPath = path.length > 0 && typeof path[path.length - 1] === 'string' ? path.slice(0, -1) : path;
  let node: unknown = data;
  for (const key of entryPath) node = (node as Record<PropertyKey, unknown> | undefined)?.[key];
  const name = (node as { name?: unknown } | undefined)?.name;
  const where = entryPath.map((k) => (typeof k === 'number' ? `[${k}]` : `.${String(k)}`)).join('').replace(/^\./, '');
  if (!where) return '';
  return `${where}${typeof name === 'string' ? ` ("${name}")` : ''}: `;
}
