import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTaxonomy } from '../../src/domain/taxonomy.js';
import { loadTaxonomy, TaxonomyFileError } from '../../src/taxonomy/loadTaxonomy.js';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function file(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'taxonomy-'));
  dirs.push(dir);
  const path = join(dir, 'skills.yaml');
  writeFileSync(path, text);
  return path;
}

describe('the shipped taxonomy', () => {
  it('loads, with clusters for technical mastery, leadership and cross-functional collaboration', () => {
    const taxonomy = loadTaxonomy();
    expect(taxonomy.clusters.map((c) => c.name)).toEqual(expect.arrayContaining(['Technical mastery', 'Leadership', 'Cross-functional collaboration']));
    expect(taxonomy.skills.get('typescript')).toMatchObject({ clusterId: 'technical-mastery' });
  });
});

describe('loadTaxonomy', () => {
  it('names the file and the entry for each problem', () => {
    const path = file(`clusters:
  - id: tech
    name: Tech
    skills:
      - { id: go, name: Go }
      - { id: Rust, name: Rust }
  - id: lead
    name: Leading
    skills:
      - { id: go, name: Go again }
`);
    try {
      loadTaxonomy(path);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TaxonomyFileError);
      const e = error as TaxonomyFileError;
      expect(e.file).toBe(path);
      expect(e.problems).toEqual([
        'clusters[0].skills[1] ("Rust"): id must be lowercase letters, digits and dashes (at most 64 characters)',
        'clusters[1].skills[0] ("Go again"): id "go" is already used by clusters[0].skills[0]',
      ]);
    }
  });

  it('reports YAML syntax errors with their line, and a missing file', () => {
    expect(() => loadTaxonomy(file('clusters:\n  - id: a\n   name: broken'))).toThrow(/line \d+: is not valid YAML/);
    expect(() => loadTaxonomy('/no/such/skills.yaml')).toThrow(/\/no\/such\/skills.yaml: cannot be read \(ENOENT\)/);
  });

  it('enforces the limits of a Slack menu', () => {
    const result = buildTaxonomy({ clusters: [{ id: 'a', name: 'A'.repeat(76), skills: Array.from({ length: 101 }, (_, i) => ({ id: `s${i}`, name: `S${i}` })) }] });
    expect(result).toEqual({
      ok: false,
      problems: [expect.stringContaining('at most 75 characters'), expect.stringContaining('at most 100 skills')],
    });
  });
});
