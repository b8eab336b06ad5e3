import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, ne } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Circle, circleAttendance, circleCalendars, type CircleFormation, circleFormations, type CircleMember, circleMembers, circleRatings, type CircleSession, circleSessions, circles, profiles } from '../db/schema.js';
import type { CircleMemberStatus } from '../domain/circleRules.js';
import { first, rowsChanged } from '../db/query.js';
import { inserted } from './inserted.js';

/** Queries about circles, their seats, sessions, attendance, ratings and formations. */

export type NewCircle = Omit<typeof circles.$inferInsert, 'id' | 'status' | 'channelId' | 'channelArchivedAt' | 'firstSeq' | 'endedAt' | 'endReason'>;

export async function insertCircle(tx: DB | Tx, values: NewCircle): Promise<Circle> {
  return await inserted(tx.insert(circles).values(values).returning());
}

export async function findCircle(db: DB | Tx, id: number): Promise<Circle | undefined> {
  return await first(db.select().from(circles).where(eq(circles.id, id)));
}

export async function circlesIn(db: DB | Tx, programIds: readonly number[], status: Circle['status'] = 'active'): Promise<Circle[]> {
  if (programIds.length === 0) return [];
  return await db.select().from(circles).where(and(inArray(circles.programId, [...programIds]), eq(circles.status, status))).orderBy(asc(circles.id));
}

export async function activeCircles(db: DB | Tx): Promise<Circle[]> {
  return await db.select().from(circles).where(eq(circles.status, 'active')).orderBy(asc(circles.id));
}

export async function channelNameTaken(db: DB | Tx, name: string): Promise<boolean> {
  return await first(db.select({ id: circles.id }).from(circles).where(eq(circles.channelName, name))) !== undefined;
}

/** Active circles a person facilitates, for their capacity and so nobody is double-booked. */
export async function circlesFacilitatedBy(db: DB | Tx, personId: string, exceptCircle?: number): Promise<Circle[]> {
  return await db
    .select()
    .from(circles)
    .where(and(eq(circles.facilitatorId, personId), eq(circles.status, 'active'), exceptCircle === undefined ? undefined : ne(circles.id, exceptCircle)));
}

/** The circle goes on without its facilitator (they left its program): members carry it. */
export async function dropFacilitator(tx: DB | Tx, circleId: number): Promise<void> {
  await tx.update(circles).set({ facilitatorId: null }).where(eq(circles.id, circleId));
}

export async function setCircleChannel(tx: DB | Tx, circleId: number, channelId: string, channelName?: string): Promise<void> {
  await tx.update(circles).set({ channelId, ...(channelName ? { channelName } : {}) }).where(eq(circles.id, circleId));
}

export async function setCircleSlot(tx: DB | Tx, circleId: number, slot: { slotWeekday: number; slotMinute: number; startsOn: string; firstSeq: number }): Promise<void> {
  await tx.update(circles).set(slot).where(eq(circles.id, circleId));
}

export async function setCurriculum(tx: DB | Tx, circleId: number, curriculum: string[]): Promise<void> {
  await tx.update(circles).set({ curriculum }).where(eq(circles.id, circleId));
}

/** Ends an active circle once; undefined when it had already ended. */
export async function endCircle(tx: DB | Tx, circleId: number, reason: string, now: Date): Promise<Circle | undefined> {
  return await first(tx
    .update(circles)
    .set({ status: 'ended', endedAt: now, endReason: reason })
    .where(and(eq(circles.id, circleId), eq(circles.status, 'active')))
    .returning());
}

// ── Seats ──────────────────────────────────────────────────────────────────

export async function seatsOf(db: DB | Tx, circleId: number, statuses: readonly CircleMemberStatus[] = ['member']): Promise<CircleMember[]> {
  return await db
    .select()
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, circleId), inArray(circleMembers.status, [...statuses])))
    .orderBy(asc(circleMembers.askedAt), asc(circleMembers.id));
}

export async function seatsOfPerson(db: DB | Tx, personId: string, statuses: readonly CircleMemberStatus[] = ['member', 'waitlisted']): Promise<CircleMember[]> {
  return await db
    .select()
    .from(circleMembers)
    .where(and(eq(circleMembers.personId, personId), inArray(circleMembers.status, [...statuses])));
}

export async function findSeat(db: DB | Tx, circleId: number, personId: string): Promise<CircleMember | undefined> {
  return await first(db.select().from(circleMembers).where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.personId, personId))));
}

/**
 * Takes a seat or a place in line. A person has one row per circle (the
 * unique index): coming back after leaving reuses it, at the back of the line.
 */
export async function takeSeat(tx: DB | Tx, values: { circleId: number; personId: string; status: 'member' | 'waitlisted'; reasons: string[]; now: Date }): Promise<CircleMember> {
  const { circleId, personId, status, reasons, now } = values;
  const joinedAt = status === 'member' ? now : null;
  return await inserted(tx
    .insert(circleMembers)
    .values({ circleId, personId, status, reasons, askedAt: now, joinedAt })
    .onConflictDoUpdate({ target: [circleMembers.circleId, circleMembers.personId], set: { status, reasons, askedAt: now, joinedAt, leftAt: null } })
    .returning());
}

/** Moves a seat between statuses, only from the ones given; undefined when it was not in them. */
export async function moveSeat(tx: DB | Tx, seatId: number, from: readonly CircleMemberStatus[], to: CircleMemberStatus, now: Date): Promise<CircleMember | undefined> {
  const set = to === 'member' ? { status: to, joinedAt: now } : to === 'left' ? { status: to, leftAt: now } : { status: to };
  return await first(tx
    .update(circleMembers)
    .set(set)
    .where(and(eq(circleMembers.id, seatId), inArray(circleMembers.status, [...from])))
    .returning());
}

// ── Sessions ───────────────────────────────────────────────────────────────

export async function sessionsOf(db: DB | Tx, circleId: number): Promise<CircleSession[]> {
  return await db.select().from(circleSessions).where(eq(circleSessions.circleId, circleId)).orderBy(asc(circleSessions.seq));
}

export async function findCircleSession(db: DB | Tx, id: number): Promise<CircleSession | undefined> {
  return await first(db.select().from(circleSessions).where(eq(circleSessions.id, id)));
}

/** Inserts the sessions not yet planned (by their position); the ones already there keep their topic and host. */
export async function planSessions(tx: DB | Tx, rows: readonly (typeof circleSessions.$inferInsert)[]): Promise<number> {
  let added = 0;
  for (const row of rows) {
    const inserted = await first(tx.insert(circleSessions).values(row).onConflictDoNothing().returning({ id: circleSessions.id }));
    if (inserted) added += 1;
  }
  return added;
}

/** Planned sessions from `from` on: what moves when the slot moves, and what ends with the circle. */
export async function plannedSessionsFrom(db: DB | Tx, circleId: number, from: Date): Promise<CircleSession[]> {
  return await db
    .select()
    .from(circleSessions)
    .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned'), gte(circleSessions.startsAt, from)))
    .orderBy(asc(circleSessions.seq));
}

export async function deletePlannedSessionsFrom(tx: DB | Tx, circleId: number, from: Date): Promise<void> {
  await tx.delete(circleSessions)
    .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned'), gte(circleSessions.startsAt, from)));
}

/** Planned sessions of active circles that have ended by `now`: they become held, and attendance is asked. */
export async function sessionsEndedBy(db: DB | Tx, now: Date): Promise<CircleSession[]> {
  return (await db
    .select({ session: circleSessions })
    .from(circleSessions)
    .innerJoin(circles, eq(circles.id, circleSessions.circleId))
    .where(and(eq(circleSessions.status, 'planned'), lte(circleSessions.endsAt, now), eq(circles.status, 'active')))
    .orderBy(asc(circleSessions.startsAt)))
    .map((r) => r.session);
}

/** Planned sessions of active circles starting in [from, to). */
export async function sessionsStartingBetween(db: DB | Tx, from: Date, to: Date): Promise<CircleSession[]> {
  return (await db
    .select({ session: circleSessions })
    .from(circleSessions)
    .innerJoin(circles, eq(circles.id, circleSessions.circleId))
    .where(and(eq(circleSessions.status, 'planned'), gte(circleSessions.startsAt, from), lte(circleSessions.startsAt, to), eq(circles.status, 'active')))
    .orderBy(asc(circleSessions.startsAt)))
    .map((r) => r.session)
    .filter((s) => s.startsAt.getTime() < to.getTime());
}

export async function markSessionHeld(tx: DB | Tx, sessionId: number): Promise<boolean> {
  return rowsChanged(await tx.update(circleSessions).set({ status: 'held' }).where(and(eq(circleSessions.id, sessionId), eq(circleSessions.status, 'planned')))) > 0;
}

export async function cancelPlannedSessions(tx: DB | Tx, circleId: number): Promise<void> {
  await tx.update(circleSessions).set({ status: 'cancelled' }).where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned')));
}

// ── Attendance and ratings ─────────────────────────────────────────────────

export async function recordAttendance(tx: DB | Tx, sessionId: number, personId: string, attended: boolean, now: Date): Promise<void> {
  await tx.insert(circleAttendance)
    .values({ sessionId, personId, attended, answeredAt: now })
    .onConflictDoUpdate({ target: [circleAttendance.sessionId, circleAttendance.personId], set: { attended, answeredAt: now } });
}

export async function attendanceOf(db: DB | Tx, sessionIds: readonly number[]) {
  if (sessionIds.length === 0) return [];
  return await db.select().from(circleAttendance).where(inArray(circleAttendance.sessionId, [...sessionIds]));
}

export async function saveCircleRating(tx: DB | Tx, values: { sessionId: number; raterId: string; usefulness: number; clarity: number; applicability: number; comment: string | null; now: Date }): Promise<void> {
  const { now, ...rating } = values;
  await tx.insert(circleRatings)
    .values({ ...rating, createdAt: now })
    .onConflictDoUpdate({ target: [circleRatings.sessionId, circleRatings.raterId], set: { usefulness: rating.usefulness, clarity: rating.clarity, applicability: rating.applicability, comment: rating.comment } });
}

export async function ratingsOfSessions(db: DB | Tx, sessionIds: readonly number[]) {
  if (sessionIds.length === 0) return [];
  return await db.select().from(circleRatings).where(inArray(circleRatings.sessionId, [...sessionIds]));
}

// ── Formations ─────────────────────────────────────────────────────────────

export async function createFormation(tx: DB | Tx, values: { programId: number; createdBy: string; proposal: Record<string, unknown>; channelId: string; now: Date }): Promise<CircleFormation> {
  return await inserted(tx
    .insert(circleFormations)
    .values({ programId: values.programId, createdBy: values.createdBy, status: 'preview', proposal: values.proposal, channelId: values.channelId, createdAt: values.now })
    .returning());
}

export async function findFormation(db: DB | Tx, id: number): Promise<CircleFormation | undefined> {
  return await first(db.select().from(circleFormations).where(eq(circleFormations.id, id)));
}

export async function setFormationMessage(tx: DB | Tx, id: number, messageTs: string | null): Promise<void> {
  await tx.update(circleFormations).set({ messageTs }).where(eq(circleFormations.id, id));
}

/** Publishes or cancels a previewed formation once: the second click finds it decided. */
export async function decideFormation(tx: DB | Tx, id: number, status: 'published' | 'cancelled', by: string, now: Date): Promise<CircleFormation | undefined> {
  return await first(tx
    .update(circleFormations)
    .set({ status, decidedBy: by, decidedAt: now })
    .where(and(eq(circleFormations.id, id), eq(circleFormations.status, 'preview')))
    .returning());
}

/** Circles whose Slack channel is still to be made. */
export async function circlesWithoutChannel(db: DB | Tx): Promise<Circle[]> {
  return await db.select().from(circles).where(and(eq(circles.status, 'active'), isNull(circles.channelId))).orderBy(asc(circles.id));
}

/** Ended circles whose channel still stands: archived once their closing message has gone. */
export async function circlesEndedUnarchived(db: DB | Tx): Promise<Circle[]> {
  return await db
    .select()
    .from(circles)
    .where(and(eq(circles.status, 'ended'), isNotNull(circles.channelId), isNull(circles.channelArchivedAt)))
    .orderBy(asc(circles.id));
}

export async function markChannelArchived(tx: DB | Tx, circleId: number, now: Date): Promise<void> {
  await tx.update(circles).set({ channelArchivedAt: now }).where(eq(circles.id, circleId));
}

export async function setSessionHost(tx: DB | Tx, sessionId: number, hostId: string | null): Promise<void> {
  await tx.update(circleSessions).set({ hostId }).where(eq(circleSessions.id, sessionId));
}

/** Of these people, those whose meeting format is a group circle: who asked for group mentoring. */
export async function wantsGroup(db: DB | Tx, personIds: readonly string[]): Promise<Set<string>> {
  if (personIds.length === 0) return new Set();
  const rows = await db
    .select({ id: profiles.personId })
    .from(profiles)
    .where(and(inArray(profiles.personId, [...personIds]), eq(profiles.format, 'group')));
  return new Set(rows.map((r) => r.id));
}

export async function setSessionTopic(tx: DB | Tx, sessionId: number, topic: string | null): Promise<void> {
  await tx.update(circleSessions).set({ topic }).where(eq(circleSessions.id, sessionId));
}

// ── Calendar files held ────────────────────────────────────────────────────

export type CircleCalendar = typeof circleCalendars.$inferSelect;

/** The calendar files people hold for this circle. */
export async function calendarsOf(db: DB | Tx, circleId: number): Promise<CircleCalendar[]> {
  return await db.select().from(circleCalendars).where(eq(circleCalendars.circleId, circleId));
}

/** Files still held for circles that have ended: each is taken off its holder's calendar once. */
export async function calendarsOfEndedCircles(db: DB | Tx): Promise<CircleCalendar[]> {
  return (await db
    .select({ calendar: circleCalendars })
    .from(circleCalendars)
    .innerJoin(circles, eq(circles.id, circleCalendars.circleId))
    .where(and(ne(circles.status, 'active'), isNull(circleCalendars.cancelledAt))))
    .map((r) => r.calendar);
}

export async function recordCalendar(tx: DB | Tx, row: Omit<CircleCalendar, 'id' | 'cancelledAt'>): Promise<void> {
  const set = { rhythm: row.rhythm, sequence: row.sequence, coversUntil: row.coversUntil, sentAt: row.sentAt, cancelledAt: null };
  await tx.insert(circleCalendars).values(row).onConflictDoUpdate({ target: [circleCalendars.circleId, circleCalendars.personId], set });
}

/** A CANCEL went out at `sequence`: what they hold now is nothing, and a return is sent above it. */
export async function markCalendarCancelled(tx: DB | Tx, id: number, sequence: number, now: Date): Promise<void> {
  await tx.update(circleCalendars).set({ sequence, cancelledAt: now }).where(eq(circleCalendars.id, id));
}

/** Everyone's file for these circles is due again at once (someone on it erased their data, so it is re-sent without them). */
export async function renewCalendarsOf(tx: DB | Tx, circleIds: readonly number[], now: Date): Promise<void> {
  if (circleIds.length === 0) return;
  await tx.update(circleCalendars).set({ coversUntil: now }).where(and(inArray(circleCalendars.circleId, [...circleIds]), isNull(circleCalendars.cancelledAt)));
}
