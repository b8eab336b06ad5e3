import { and, eq, isNull, lt, sql } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { prepared } from '../db/prepared.js';
import { personPauses } from '../db/schema.js';
import { personSpell, type Spell } from '../domain/pauseSpells.js';
import { inJsonList } from '../db/dialectSql.js';

/** The person paused (again): a running spell ends and theirs begins. */
export async function startPersonPause(tx: DB | Tx, personId: string, until: Date | null, now: Date): Promise<void> {
  await endPersonPause(tx, personId, now);
  await tx.insert(personPauses).values({ personId, pausedAt: now, until });
}

/** They resumed or left: the running spell, if any, ends (one past its date already has). */
export async function endPersonPause(tx: DB | Tx, personId: string, now: Date): Promise<void> {
  await tx.update(personPauses).set({ endedAt: now }).where(and(eq(personPauses.personId, personId), isNull(personPauses.endedAt)));
}

/**
 * The pause spells of these people that began before `before`, as they
 * stood then. One prepared statement with the ids as a JSON parameter: the
 * check-in fan-out asks for everyone in an active pair at once.
 */
export async function personPausesOf(db: DB | Tx, personIds: readonly string[], before: Date): Promise<Map<string, Spell[]>> {
  const spells = new Map<string, Spell[]>();
  if (personIds.length === 0) return spells;
  const query = prepared(db, 'personPauses.of', (d) =>
    d
      .select({ personId: personPauses.personId, pausedAt: personPauses.pausedAt, until: personPauses.until, endedAt: personPauses.endedAt })
      .from(personPauses)
      .where(and(inJsonList(personPauses.personId, 'ids'), lt(personPauses.pausedAt, sql.placeholder('before'))))
      .prepare(),
  );
  for (const r of await query.execute({ ids: JSON.stringify([...new Set(personIds)]), before: before.getTime() })) {
    const spell = personSpell(r);
    // Not yet over at the cut-off: as it stood then, still running.
    spells.set(r.personId, [...(spells.get(r.personId) ?? []), spell.to && spell.to < before ? spell : { from: spell.from, to: null }]);
  }
  return spells;
}
