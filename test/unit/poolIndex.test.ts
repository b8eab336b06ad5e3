import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { subMonths } from 'date-fns';
import { getTableName, is, Table } from 'drizzle-orm';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as schema from '../../src/db/schema.js';
import { isBusy } from '../../src/domain/busyUntil.js';
import { DEFAULT_WEIGHTS, type Participant } from '../../src/domain/matching/participant.js';
import type { MatchingPool } from '../../src/domain/matching/pool.js';
import { poolChangesAt } from '../../src/domain/matching/poolClock.js';
import type { ScoringContext } from '../../src/domain/matching/scoring.js';
import { compileSuggestionPool, rankFor, suggestionContext } from '../../src/domain/matching/suggestions.js';
import { POOL_TABLES } from '../../src/repos/poolChanges.js';
import { DEFAULT_TAXONOMY_PATH, loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';

const ROOT = resolve(import.meta.dirname, '../..');
const taxonomy = loadTaxonomy(DEFAULT_TAXONOMY_PATH);

/** The tables a repository module and the repositories it imports read, by their SQL names. */
function tablesReadBy(module: string, seen = new Set<string>()): Set<string> {
  const tables = new Set<string>();
  if (seen.has(module)) return tables;
  seen.add(module);
  const source = ts.createSourceFile(module, readFileSync(join(ROOT, module), 'utf8'), ts.ScriptTarget.ES2022);
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
    const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
    const bindings = statement.importClause?.namedBindings;
    if (specifier === '../db/schema.js' && bindings && ts.isNamedImports(bindings)) {
      for (const element of bindings.elements) {
        const value = (schema as Record<string, unknown>)[(element.propertyName ?? element.name).text];
        if (!element.isTypeOnly && is(value, Table)) tables.add(getTableName(value));
      }
    } else if (specifier.startsWith('./')) {
      for (const table of tablesReadBy(join(dirname(module), specifier.replace(/\.js$/, '.ts')), seen)) tables.add(table);
    }
  }
  return tables;
}

describe('what a kept pool watches', () => {
  it('is every table the matching pool is read from', () => {
    const read = tablesReadBy('src/repos/matchingPool.ts');
    // poolFor also reads "busy until" from profiles.
    read.add(getTableName(schema.profiles));
    expect([...read].filter((t) => !POOL_TABLES.includes(t))).toEqual([]);
    expect(read.size).toBeGreaterThan(5);
  });
});

describe('when time alone changes a pool', () => {
  const now = new Date('2026-08-10T12:00:00Z');
  const none = { pauseEnds: null, decidedSince: null, endedSince: null, busy: [] };

  it('is never, when nothing waits on the clock', () => {
    expect(poolChangesAt(none, now, 6)).toBe(Number.POSITIVE_INFINITY);
  });

  it('is the moment the earliest pause ends', () => {
    expect(poolChangesAt({ ...none, pauseEnds: now.getTime() + 5_000 }, now, 6)).toBe(now.getTime() + 5_000);
  });

  it('is the first millisecond the oldest recent decision leaves the cool-down, month ends included', () => {
    for (const decided of ['2026-03-31T23:30:00Z', '2026-05-15T08:00:00Z', '2026-02-28T00:00:00Z']) {
      const since = Date.parse(decided);
      const at = poolChangesAt({ ...none, decidedSince: since }, now, 6);
      // Exactly where loadMatchingPool's `decided_at >= subMonths(now, months)` stops holding.
      expect(subMonths(new Date(at), 6).getTime()).toBeGreaterThan(since);
      expect(subMonths(new Date(at - 1), 6).getTime()).toBeLessThanOrEqual(since);
    }
  });

  it('is the local midnight a "busy until" date has passed, in its owner\'s zone', () => {
    for (const timeZone of ['Pacific/Auckland', 'America/Los_Angeles', 'Asia/Kathmandu']) {
      const busy = [{ busyUntil: '2026-08-12', timeZone }];
      const at = poolChangesAt({ ...none, busy }, now, 6);
      expect(isBusy('2026-08-12', new Date(at - 1), timeZone)).toBe(true);
      expect(isBusy('2026-08-12', new Date(at), timeZone)).toBe(false);
    }
    // A date already past, anywhere, waits on nothing.
    expect(poolChangesAt({ ...none, busy: [{ busyUntil: '2026-08-01', timeZone: 'UTC' }] }, now, 6)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('a compiled suggestion pool', () => {
  const person = (id: string, over: Partial<Participant>): Participant => ({
    id,
    roles: ['mentee'],
    offered: [],
    wanted: ['typescript'],
    goals: [],
    timeZone: 'Europe/London',
    availability: { days: [1, 2, 3, 4, 5], startMinute: 540, endMinute: 1020 },
    department: 'Data',
    level: 3,
    location: 'London',
    managerId: null,
    capacity: 0,
    load: 0,
    ...over,
  });
  const mentor = (id: string, over: Partial<Participant> = {}) => person(id, { roles: ['mentor'], offered: ['typescript'], wanted: [], level: 6, capacity: 2, department: 'Platform', ...over });
  const poolOf = (participants: Participant[]): MatchingPool => ({ participants, managers: new Map(participants.map((p) => [p.id, p.managerId])), blockedPairs: new Set(), busyReceivers: new Set() });
  const context: ScoringContext = { taxonomy, weights: DEFAULT_WEIGHTS, now: new Date('2026-03-24T10:47:12Z') };

  it('weighs the week from the top of the hour', () => {
    expect(suggestionContext(context).now.toISOString()).toBe('2026-03-24T10:00:00.000Z');
  });

  it('recompiles only the people a reloaded pool changed, and nobody in a new context', () => {
    const first = compileSuggestionPool(poolOf([person('U1', {}), mentor('U2'), mentor('U3')]), context);
    const reloaded = compileSuggestionPool(poolOf([person('U1', {}), mentor('U2'), mentor('U3', { offered: ['coaching'] })]), context, first);
    expect(reloaded.compiled.get('U1')).toBe(first.compiled.get('U1'));
    expect(reloaded.compiled.get('U2')).toBe(first.compiled.get('U2'));
    expect(reloaded.compiled.get('U3')).not.toBe(first.compiled.get('U3'));
    const nextHour = compileSuggestionPool(reloaded.pool, { ...context }, reloaded);
    expect(nextHour.compiled.get('U1')).not.toBe(reloaded.compiled.get('U1'));
    // What it suggests follows the reloaded facts: U3 no longer offers what U1 wants.
    expect(rankFor(reloaded, 'U1', 3)).toMatchObject({ ok: true, top: [{ giverId: 'U2' }] });
    expect(rankFor(reloaded, 'U9', 3)).toEqual({ ok: false, reason: 'gone' });
  });
});
