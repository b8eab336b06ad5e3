import { eq } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { checkIns, circleFormations, circles, circleSessions, enrollments, matches, matchRounds, sessionProposals, sessions } from '../db/schema.js';

/*
 * Which program a queued message belongs to, told by its idempotency key:
 * every key starts with what it is about and that thing's id
 * (`cohort:<program>:…`, `match:<match>:…`, `session:<session>:…`), and
 * the thing names its program. A key that names nothing of a program (a
 * reply, an export, the weekly roll-up) belongs to none. Asked only when a
 * message is given up, so who hears about it is that program's people.
 */

type Lookup = (db: DB, id: number) => number | undefined;

const ofMatch: Lookup = (db, id) => db.select({ programId: matches.programId }).from(matches).where(eq(matches.id, id)).get()?.programId;
const ofCircle: Lookup = (db, id) => db.select({ programId: circles.programId }).from(circles).where(eq(circles.id, id)).get()?.programId;
const matchOfSession: Lookup = (db, id) => db.select({ matchId: sessions.matchId }).from(sessions).where(eq(sessions.id, id)).get()?.matchId;
const through = (first: Lookup, then: Lookup): Lookup => (db, id) => {
  const found = first(db, id);
  return found === undefined ? undefined : then(db, found);
};

const BY_KIND: Record<string, Lookup> = {
  cohort: (_db, id) => id,
  program: (_db, id) => id,
  floor: (_db, id) => id,
  'bias-audit': (_db, id) => id,
  'auto-round': (_db, id) => id,
  digest: (_db, id) => id,
  enrollment: (db, id) => db.select({ programId: enrollments.programId }).from(enrollments).where(eq(enrollments.id, id)).get()?.programId,
  match: ofMatch,
  rematch: ofMatch,
  stall: ofMatch,
  reverse: ofMatch,
  session: through(matchOfSession, ofMatch),
  rating: through(matchOfSession, ofMatch),
  proposal: through((db, id) => db.select({ matchId: sessionProposals.matchId }).from(sessionProposals).where(eq(sessionProposals.id, id)).get()?.matchId, ofMatch),
  checkin: through((db, id) => db.select({ matchId: checkIns.matchId }).from(checkIns).where(eq(checkIns.id, id)).get()?.matchId, ofMatch),
  round: (db, id) => db.select({ programId: matchRounds.programId }).from(matchRounds).where(eq(matchRounds.id, id)).get()?.programId,
  circle: ofCircle,
  'circle-session': through((db, id) => db.select({ circleId: circleSessions.circleId }).from(circleSessions).where(eq(circleSessions.id, id)).get()?.circleId, ofCircle),
  formation: (db, id) => db.select({ programId: circleFormations.programId }).from(circleFormations).where(eq(circleFormations.id, id)).get()?.programId,
};

/** The program a message with this key belongs to, or undefined when its key does not say (or what it names is gone). */
export function programOfKey(db: DB, key: string): number | undefined {
  const [kind = '', raw = ''] = key.split(':');
  const lookup = BY_KIND[kind];
  // Only a plain id: `digest:<week>` (the default program's digest) names a date, not a program.
  if (!lookup || !/^\d+$/.test(raw)) return undefined;
  return lookup(db, Number(raw));
}

