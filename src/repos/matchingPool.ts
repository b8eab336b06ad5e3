import { subMonths } from 'date-fns';
import { and, eq, gte, inArray, isNotNull } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { availability, goals, matches, people, personSkills, profiles, ratings, sessions } from '../db/schema.js';
import type { Role } from '../domain/intake.js';
import { type MatchingPool, pairKey } from '../domain/matching/pool.js';
import type { Participant } from '../domain/matching/participant.js';
import { effectiveStatus } from '../domain/participation.js';
import { OPEN_MATCH_STATUSES } from '../domain/mentorship.js';

/**
 * Reads everything matching needs in a handful of queries (not one per
 * person): active consenting members with their answers and load, the whole
 * roster's reporting lines, and the pairs that are off limits.
 */
export function loadMatchingPool(db: DB | Tx, now: Date, cooldownMonths: number, minRaters = 3): MatchingPool {
  const members = db
    .select({ person: people, profile: profiles })
    .from(profiles)
    .innerJoin(people, eq(people.id, profiles.personId))
    .where(and(inArray(people.status, ['active', 'paused']), isNotNull(people.joinedAt)))
    .all()
    .filter(({ person }) => effectiveStatus(person, now) === 'active');
  const ids = new Set(members.map((m) => m.person.id));

  const skillsOf = new Map<string, { offered: string[]; wanted: string[] }>();
  for (const row of db.select().from(personSkills).all()) {
    if (!ids.has(row.personId)) continue;
    const entry = skillsOf.get(row.personId) ?? { offered: [], wanted: [] };
    entry[row.direction].push(row.skillId);
    skillsOf.set(row.personId, entry);
  }
  const goalsOf = new Map<string, string[]>();
  for (const g of db.select().from(goals).orderBy(goals.personId, goals.position).all()) {
    // Aims first (the first one is quoted in reasons), measures after: both speak to relevance.
    if (ids.has(g.personId)) goalsOf.set(g.personId, [...(goalsOf.get(g.personId) ?? []), g.aim]);
  }
  for (const g of db.select().from(goals).orderBy(goals.personId, goals.position).all()) {
    if (ids.has(g.personId)) goalsOf.get(g.personId)?.push(g.measure);
  }
  const windowOf = new Map<string, { startMinute: number; endMinute: number }>();
  for (const a of db.select().from(availability).all()) if (!windowOf.has(a.personId)) windowOf.set(a.personId, a);

  const open = db.select().from(matches).where(inArray(matches.status, [...OPEN_MATCH_STATUSES])).all();
  const load = new Map<string, number>();
  const busyReceivers = new Set<string>();
  for (const m of open) {
    if (m.mentorId) load.set(m.mentorId, (load.get(m.mentorId) ?? 0) + 1);
    if (m.menteeId) busyReceivers.add(`${m.menteeId}|${m.kind}`);
  }
  const recent = db
    .select()
    .from(matches)
    .where(and(inArray(matches.status, ['ended', 'declined']), gte(matches.decidedAt, subMonths(now, cooldownMonths))))
    .all();
  const ended = db
    .select()
    .from(matches)
    .where(and(eq(matches.status, 'ended'), gte(matches.endedAt, subMonths(now, cooldownMonths))))
    .all();
  const blockedPairs = new Set(
    [...open, ...recent, ...ended].filter((m) => m.mentorId && m.menteeId).map((m) => pairKey(m.mentorId as string, m.menteeId as string)),
  );

  const ratingOf = mentorRatings(db, minRaters);
  const participants: Participant[] = members.map(({ person, profile }) => {
    const window = windowOf.get(person.id) ?? { startMinute: profile.workStartMinute, endMinute: profile.workEndMinute };
    return {
      id: person.id,
      roles: profile.roles as Role[],
      offered: skillsOf.get(person.id)?.offered ?? [],
      wanted: skillsOf.get(person.id)?.wanted ?? [],
      goals: goalsOf.get(person.id) ?? [],
      timeZone: person.timeZone ?? 'UTC',
      availability: { days: profile.workDays, startMinute: window.startMinute, endMinute: window.endMinute },
      department: person.department,
      level: person.level,
      location: person.location,
      managerId: person.managerId,
      capacity: profile.capacityMentees ?? 0,
      load: load.get(person.id) ?? 0,
      rating: ratingOf.get(person.id) ?? null,
    };
  });
  const managers = new Map(db.select({ id: people.id, managerId: people.managerId }).from(people).all().map((p) => [p.id, p.managerId]));
  return { participants, managers, blockedPairs, busyReceivers };
}

/**
 * Each mentor's average session rating (the mean of the three scores, over
 * sessions that happened), only where at least `minRaters` different people
 * gave ratings: the same anonymity rule as the digest.
 */
function mentorRatings(db: DB | Tx, minRaters: number): Map<string, number> {
  const rows = db
    .select({ mentorId: matches.mentorId, raterId: ratings.raterId, u: ratings.usefulness, c: ratings.clarity, a: ratings.applicability })
    .from(ratings)
    .innerJoin(sessions, eq(sessions.id, ratings.sessionId))
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(eq(ratings.happened, true))
    .all();
  const byMentor = new Map<string, { sum: number; count: number; raters: Set<string | null> }>();
  for (const r of rows) {
    // The mentor's own ratings of their sessions say nothing about them as a mentor.
    if (!r.mentorId || r.raterId === r.mentorId) continue;
    const scores = [r.u, r.c, r.a].filter((x): x is number => x !== null);
    if (scores.length === 0) continue;
    const entry = byMentor.get(r.mentorId) ?? { sum: 0, count: 0, raters: new Set() };
    entry.sum += scores.reduce((a, b) => a + b, 0) / scores.length;
    entry.count += 1;
    entry.raters.add(r.raterId);
    byMentor.set(r.mentorId, entry);
  }
  return new Map([...byMentor].filter(([, e]) => e.raters.size >= minRaters).map(([id, e]) => [id, e.sum / e.count]));
}
