import type { DB } from '../db/client.js';
import { enrollments, matches, people, type Person, personSkills, profiles, ratings, sessions, skills } from '../db/schema.js';
import type { DigestInput, Week } from '../domain/digest.js';
import { weeksQuiet } from '../domain/mentorship.js';
import { type Cadence, stallStage } from '../domain/scheduling/cadence.js';
import { activePairs, pairFactsForAll } from './pairs.js';

/** One program's digest to read: its week in its zone and its stall thresholds. */
export interface DigestScope {
  programId: number;
  week: Week;
  timeZone: string;
  rhythm: Cadence;
}

/**
 * Everything the digests read, for any number of programs, in one pass over
 * each table: fifty programs cost about what one does. Each program sees its
 * own enrollments, matches, sessions and ratings; the roster is everyone's.
 */
export function loadDigestInputs(db: DB, now: Date, scopes: readonly DigestScope[], minRaters: number): Map<number, DigestInput> {
  const everyone = db.select().from(people).all();
  const personById = new Map(everyone.map((p) => [p.id, p]));
  const hasProfile = new Set(db.select({ id: profiles.personId }).from(profiles).all().map((p) => p.id));
  const overallCap = new Map(db.select({ id: profiles.personId, cap: profiles.capacityMentees }).from(profiles).all().map((p) => [p.id, p.cap]));
  const byProgram = <T extends { programId: number }>(rows: readonly T[]) => {
    const grouped = new Map<number, T[]>();
    for (const row of rows) {
      const list = grouped.get(row.programId);
      if (list) list.push(row);
      else grouped.set(row.programId, [row]);
    }
    return grouped;
  };
  const enrolled = byProgram(db.select().from(enrollments).all());
  const allMatches = db.select().from(matches).all();
  const programOfMatch = new Map(allMatches.map((m) => [m.id, m.programId]));
  const matchesBy = byProgram(allMatches);
  const allSessions = db.select().from(sessions).all();
  const sessionsBy = byProgram(allSessions.map((s) => ({ ...s, programId: programOfMatch.get(s.matchId) ?? -1 })));
  const programOfSession = new Map(allSessions.map((s) => [s.id, programOfMatch.get(s.matchId) ?? -1]));
  const ratingsBy = byProgram(db.select().from(ratings).all().map((r) => ({ ...r, programId: programOfSession.get(r.sessionId) ?? -1 })));
  const chosen = db.select().from(personSkills).all();
  const skillNames = new Map(db.select().from(skills).all().map((s) => [s.id, s.name]));
  const roster = everyone.filter((p) => p.rosterImportedAt).map((p) => ({ department: p.department, level: p.level, location: p.location }));
  const pairs = activePairs(db);
  const facts = pairFactsForAll(db, pairs, now);
  const pairsBy = byProgram(pairs);

  const inputs = new Map<number, DigestInput>();
  for (const scope of scopes) {
    const members = (enrolled.get(scope.programId) ?? []).filter((e) => hasProfile.has(e.personId) && personById.has(e.personId));
    const memberIds = new Set(members.map((e) => e.personId));
    const status = (person: Person, current: boolean) => (current ? person.status : 'left');
    inputs.set(scope.programId, {
      now,
      week: scope.week,
      timeZone: scope.timeZone,
      minRaters,
      people: members.map((e) => {
        const p = personById.get(e.personId) as Person;
        return {
          id: p.id,
          department: p.department,
          level: p.level,
          location: p.location,
          joinedAt: e.joinedAt ?? p.joinedAt,
          status: status(p, e.status === 'active'),
          pausedUntil: p.pausedUntil,
          roles: e.roles,
          capacity: e.capacityMentees ?? overallCap.get(p.id) ?? null,
        };
      }),
      roster,
      matches: matchesBy.get(scope.programId) ?? [],
      sessions: sessionsBy.get(scope.programId) ?? [],
      ratings: ratingsBy.get(scope.programId) ?? [],
      wanted: chosen.filter((c) => c.direction === 'wanted' && memberIds.has(c.personId)),
      offered: chosen.filter((c) => c.direction === 'offered' && memberIds.has(c.personId)),
      skillNames,
      stalled: (pairsBy.get(scope.programId) ?? []).flatMap((m) => {
        const f = facts.get(m.id);
        if (!f || stallStage(f, now, scope.rhythm) === 'active') return [];
        return [{ matchId: m.id, weeksQuiet: weeksQuiet(f, now) }];
      }),
    });
  }
  return inputs;
}

export function loadDigestInput(db: DB, now: Date, scope: DigestScope, minRaters: number): DigestInput {
  return loadDigestInputs(db, now, [scope], minRaters).get(scope.programId) as DigestInput;
}
