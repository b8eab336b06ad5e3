import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cycles, type ImportEdge, importGraph, layerOf } from './support/importGraph.js';

/*
 * The shape the README's architecture section draws, checked on the real
 * import graph: listeners → services → domain, repositories and views, and
 * never back. A rule broken here names the module and the import.
 */

const graph = importGraph('src');
const LISTENERS = ['commands', 'actions', 'submissions', 'events', 'options', 'listeners'];
const ENTRY_POINTS = ['app', 'index', 'cli', 'startup', 'startupChecks'];
/** Where queries may be written: the repositories, the database module and the outbox's own table. */
const QUERY_LAYERS = ['repos', 'db', 'outbox'];

const described = (edges: readonly ImportEdge[]) => edges.map((e) => `${e.from} imports ${e.specifier}`);
const relativeFrom = (layer: string) => graph.filter((e) => e.to !== null && layerOf(e.from) === layer);

describe('the import graph', () => {
  it('is read from the sources, type-only imports told apart', () => {
    expect(graph.some((e) => e.from === 'src/repos/matches.ts' && e.specifier === 'drizzle-orm' && !e.typeOnly)).toBe(true);
    expect(graph.some((e) => e.from === 'src/services/sessions.ts' && e.to === 'src/deps.ts' && e.typeOnly)).toBe(true);
  });

  it('finds a cycle when there is one, and only then', () => {
    const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, specifier: to, typeOnly });
    expect(cycles([edge('a', 'b'), edge('b', 'c'), edge('c', 'a')])).toEqual([['a', 'b', 'c', 'a']]);
    expect(cycles([edge('a', 'b'), edge('b', 'a', true)])).toEqual([]);
    expect(cycles([edge('a', 'b'), edge('a', 'c'), edge('b', 'c')])).toEqual([]);
  });
});

describe('one way into the database', () => {
  it('only repositories, db/ and the outbox import drizzle-orm', () => {
    const outside = graph.filter((e) => /^drizzle-orm(\/|$)/.test(e.specifier) && !QUERY_LAYERS.includes(layerOf(e.from)));
    expect(described(outside)).toEqual([]);
  });

  it('only repositories, db/ and the outbox import the tables themselves', () => {
    const outside = graph.filter((e) => e.to === 'src/db/schema.ts' && !e.typeOnly && !QUERY_LAYERS.includes(layerOf(e.from)));
    expect(described(outside)).toEqual([]);
  });
});

describe('dependencies point one way', () => {
  it('the domain imports only the domain, and no Slack, database or scheduler package', () => {
    const wrong = graph.filter(
      (e) => layerOf(e.from) === 'domain' && (e.to !== null ? layerOf(e.to) !== 'domain' : /^(@slack\/|drizzle-orm|better-sqlite3|node-cron)/.test(e.specifier)),
    );
    expect(described(wrong)).toEqual([]);
  });

  it('views import only views and the domain', () => {
    expect(described(relativeFrom('views').filter((e) => !['views', 'domain'].includes(layerOf(e.to as string))))).toEqual([]);
  });

  it('repositories never import listeners, services, jobs or views', () => {
    const above = [...LISTENERS, ...ENTRY_POINTS, 'services', 'jobs', 'views'];
    expect(described(relativeFrom('repos').filter((e) => above.includes(layerOf(e.to as string))))).toEqual([]);
  });

  it('services never import listeners, jobs or entry points', () => {
    const above = [...LISTENERS, ...ENTRY_POINTS, 'jobs'];
    expect(described(relativeFrom('services').filter((e) => above.includes(layerOf(e.to as string))))).toEqual([]);
  });

  it('jobs and listeners never import each other or an entry point', () => {
    const fromJobs = relativeFrom('jobs').filter((e) => [...LISTENERS, ...ENTRY_POINTS].includes(layerOf(e.to as string)));
    const fromListeners = graph.filter((e) => e.to !== null && LISTENERS.includes(layerOf(e.from)) && ['jobs', ...ENTRY_POINTS].includes(layerOf(e.to)));
    expect(described([...fromJobs, ...fromListeners])).toEqual([]);
  });

  it('no module takes part in a run-time import cycle', () => {
    expect(cycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });
});

describe('what is injected', () => {
  const sources = [...new Set(graph.map((e) => e.from))].map((path) => ({ path, text: readFileSync(path, 'utf8') }));

  it('only the configuration module reads process.env', () => {
    expect(sources.filter((s) => s.path !== 'src/config.ts' && /process\.env/.test(s.text)).map((s) => s.path)).toEqual([]);
  });

  it('no module outside the query layers reaches tables through the connection (drizzle’s relational db.query, raw SQL)', () => {
    const reaching = sources.filter((s) => !QUERY_LAYERS.includes(layerOf(s.path)) && /\.query\.\w+\.find(First|Many)\(|\.(sqlite|\$client)\.(prepare|exec)\(/.test(s.text));
    expect(reaching.map((s) => s.path)).toEqual([]);
  });

  it('only src/db knows which engine runs: nothing else reaches the driver underneath drizzle', () => {
    const reaching = sources.filter((s) => layerOf(s.path) !== 'db' && /\$client\b|\.sqlite\b|from 'better-sqlite3'|from 'pg'|drizzle-orm\/(better-sqlite3|node-postgres)/.test(s.text));
    expect(reaching.map((s) => s.path)).toEqual([]);
  });

  it('the domain, services and jobs never read the global clock', () => {
    const clockReaders = sources.filter((s) => ['domain', 'services', 'jobs'].includes(layerOf(s.path)) && /new Date\(\)|Date\.now\(\)/.test(s.text));
    expect(clockReaders.map((s) => s.path)).toEqual([]);
  });
});

describe('test helpers', () => {
  it('register no vitest hooks of their own: test files share a worker’s module cache, so such a hook would serve only the first file to import it', () => {
    const helpers = readdirSync('test/support').filter((f) => f.endsWith('.ts') && f !== 'afterEachCleanup.ts');
    expect(helpers.filter((f) => /\b(after|before)(Each|All)\(/.test(readFileSync(`test/support/${f}`, 'utf8')))).toEqual([]);
    // The cleanups helpers register run from the setup file, which vitest runs for every test file.
    expect(readFileSync('vitest.config.ts', 'utf8')).toContain("setupFiles: ['test/support/afterEachCleanup.ts'");
  });
});
