import { eq } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { checkIns, circleFormations, circles, circleSessions, enrollments, matches, matchRounds, sessionProposals, sessions } from '../db/schema.js';
import { first as firstRow } from '../db/query.js';

/*
 * Which program a queued message belongs to, told by its idempotency key:
 * every key starts with what it is about and that thing's id
 * (`cohort:<program>:…`, `match:<match>:…`, `session:<session>:…`), and
 * the thing names its program. A key that names nothing of a program (a
 * reply, an export, the weekly roll-up) belongs to none. Asked only when a
 * message is given up, so who hears about it is that program's people.
 */

type Lookup = (db: DB, id: number) => Promise<number | undefined>;

const ofMatch: Lookup = async (db, id) => (await firstRow(db.select({ programId: matches.programId }).from(matches).where(eq(matches.id, id))))?.programId;
const ofCircle: Lookup = async (db, id) => (await firstRow(db.select({ programId: circles.programId }).from(circles).where(eq(circles.id, id))))?.programId;
const matchOfSession: Lookup = async (db, id) => (await firstRow(db.select({ matchId: sessions.matchId }).from(sessions).where(eq(sessions.id, id))))?.matchId;
const through = (first: Lookup, then: Lookup): Lookup => async (db, id) => {
  const found = await first(db, id);
  return found === undefined ? undefined : then(db, found);
};

const BY_KIND: Record<string, Lookup> = {
  cohort: async (_db, id) => id,
  program: async (_db, id) => id,
  floor: async (_db, id) => id,
  'bias-audit': async (_db, id) => id,
  'auto-round': async (_db, id) => id,
  digest: async (_db, id) => id,
  enrollment: async (db, id) => (await firstRow(db.select({ programId: enrollments.programId }).from(enrollments).where(eq(enrollments.id, id))))?.programId,
  match: ofMatch,
  rematch: ofMatch,
  stall: ofMatch,
  reverse: ofMatch,
  session: through(matchOfSession, ofMatch),
  rating: through(matchOfSession, ofMatch),
  proposal: through(async (db, id) => (await firstRow(db.select({ matchId: sessionProposals.matchId }).from(sessionProposals).where(eq(sessionProposals.id, id))))?.matchId, ofMatch),
  checkin: through(async (db, id) => (await firstRow(db.select({ matchId: checkIns.matchId }).from(checkIns).where(eq(checkIns.id, id))))?.matchId, ofMatch),
  round: async (db, id) => (await firstRow(db.select({ programId: matchRounds.programId }).from(matchRounds).where(eq(matchRounds.id, id))))?.programId,
  circle: ofCircle,
  'circle-session': through(async (db, id) => (await firstRow(db.select({ circleId: circleSessions.circleId }).from(circleSessions).where(eq(circleSessions.id, id))))?.circleId, ofCircle),
  formation: async (db, id) => (await firstRow(db.select({ programId: circleFormations.programId }).from(circleFormations).where(eq(circleFormations.id, id))))?.programId,
};

/** The program a message with this key belongs to, or undefined when its key does not say (or what it names is gone). */
export async function programOfKey(db: DB, key: string): Promise<number | undefined> {
  const [kind = '', raw = ''] = key.split(':');
  const lookup = BY_KIND[kind];
  // Only a plain id: `digest:<week>` (the default program's digest) names a date, not a program.
  if (!lookup || !/^\d+$/.test(raw)) return undefined;
  return lookup(db, Number(raw));
}

