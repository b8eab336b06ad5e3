import type { DB } from '../db/client.js';
import { matches, people, personSkills, profiles, ratings, sessions, skills } from '../db/schema.js';
import type { DigestInput, Week } from '../domain/digest.js';
import { weeksQuiet } from '../domain/mentorship.js';
import { CADENCE_DEFAULTS, stallStage } from '../domain/scheduling/cadence.js';
import { activePairs, pairFactsForAll } from './pairs.js';

/** Everything the digest reads, in a few whole-table queries: it summarises the whole program. */
export function loadDigestInput(db: DB, now: Date, week: Week, timeZone: string, minRaters: number): DigestInput {
  const rolesOf = new Map(db.select({ id: profiles.personId, roles: profiles.roles, capacity: profiles.capacityMentees }).from(profiles).all().map((p) => [p.id, p]));
  const everyone = db.select().from(people).all();
  const chosen = db.select().from(personSkills).all();
  const pairs = activePairs(db);
  const facts = pairFactsForAll(db, pairs, now);
  return {
    now,
    week,
    timeZone,
    minRaters,
    people: everyone
      .filter((p) => rolesOf.has(p.id))
      .map((p) => ({
        id: p.id,
        department: p.department,
        level: p.level,
        location: p.location,
        joinedAt: p.joinedAt,
        status: p.status,
        pausedUntil: p.pausedUntil,
        roles: (rolesOf.get(p.id)?.roles as string[]) ?? [],
        capacity: rolesOf.get(p.id)?.capacity ?? null,
      })),
    roster: everyone.filter((p) => p.rosterImportedAt).map((p) => ({ department: p.department, level: p.level, location: p.location })),
    matches: db.select().from(matches).all(),
    sessions: db.select().from(sessions).all(),
    ratings: db.select().from(ratings).all(),
    wanted: chosen.filter((c) => c.direction === 'wanted'),
    offered: chosen.filter((c) => c.direction === 'offered'),
    skillNames: new Map(db.select().from(skills).all().map((s) => [s.id, s.name])),
    stalled: pairs.flatMap((m) => {
      const f = facts.get(m.id);
      if (!f || stallStage(f, now, CADENCE_DEFAULTS) === 'active') return [];
      return [{ matchId: m.id, weeksQuiet: weeksQuiet(f, now) }];
    }),
  };
}
