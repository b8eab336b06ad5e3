import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { personPauses } from '../db/schema.js';
import { personSpell, type Spell } from '../domain/pauseSpells.js';

/** The person paused (again): a running spell ends and theirs begins. */
export function startPersonPause(tx: DB | Tx, personId: string, until: Date | null, now: Date): void {
  endPersonPause(tx, personId, now);
  tx.insert(personPauses).values({ personId, pausedAt: now, until }).run();
}

/** They resumed or left: the running spell, if any, ends (one past its date already has). */
export function endPersonPause(tx: DB | Tx, personId: string, now: Date): void {
  tx.update(personPauses).set({ endedAt: now }).where(and(eq(personPauses.personId, personId), isNull(personPauses.endedAt))).run();
}

/**
 * The pause spells of these people that began before `before`, as they
 * stood then. One prepared statement with the ids as a JSON parameter: the
 * check-in fan-out asks for everyone in an active pair at once.
 */
export function personPausesOf(db: DB | Tx, personIds: readonly string[], before: Date): Map<string, Spell[]> {
  const spells = new Map<string, Spell[]>();
  if (personIds.length === 0) return spells;
  const query = prepared(db, 'personPauses.of', (d) =>
    d
      .select({ personId: personPauses.personId, pausedAt: personPauses.pausedAt, until: personPauses.until, endedAt: personPauses.endedAt })
      .from(personPauses)
      .where(and(sql`${personPauses.personId} in (select value from json_each(${sql.placeholder('ids')}))`, lt(personPauses.pausedAt, sql.placeholder('before'))))
      .prepare(),
  );
  for (const r of query.all({ ids: JSON.stringify([...new Set(personIds)]), before: before.getTime() })) {
    const spell = personSpell(r);
    // Not yet over at the cut-off: as it stood then, still running.
    spells.set(r.personId, [...(spells.get(r.personId) ?? []), spell.to && spell.to < before ? spell : { from: spell.from, to: null }]);
  }
  return spells;
}
