import { and, asc, eq, gte, inArray, isNotNull, isNull, lte, ne } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type Circle, circleAttendance, circleCalendars, type CircleFormation, circleFormations, type CircleMember, circleMembers, circleRatings, type CircleSession, circleSessions, circles, profiles } from '../db/schema.js';
import type { CircleMemberStatus } from '../domain/circleRules.js';

/** Queries about circles, their seats, sessions, attendance, ratings and formations. */

export type NewCircle = Omit<typeof circles.$inferInsert, 'id' | 'status' | 'channelId' | 'channelArchivedAt' | 'firstSeq' | 'endedAt' | 'endReason'>;

export function insertCircle(tx: DB | Tx, values: NewCircle): Circle {
  return tx.insert(circles).values(values).returning().get();
}

export function findCircle(db: DB | Tx, id: number): Circle | undefined {
  return db.select().from(circles).where(eq(circles.id, id)).get();
}

export function circlesIn(db: DB | Tx, programIds: readonly number[], status: Circle['status'] = 'active'): Circle[] {
  if (programIds.length === 0) return [];
  return db.select().from(circles).where(and(inArray(circles.programId, [...programIds]), eq(circles.status, status))).orderBy(asc(circles.id)).all();
}

export function activeCircles(db: DB | Tx): Circle[] {
  return db.select().from(circles).where(eq(circles.status, 'active')).orderBy(asc(circles.id)).all();
}

export function channelNameTaken(db: DB | Tx, name: string): boolean {
  return db.select({ id: circles.id }).from(circles).where(eq(circles.channelName, name)).get() !== undefined;
}

/** Active circles a person facilitates, for their capacity and so nobody is double-booked. */
export function circlesFacilitatedBy(db: DB | Tx, personId: string, exceptCircle?: number): Circle[] {
  return db
    .select()
    .from(circles)
    .where(and(eq(circles.facilitatorId, personId), eq(circles.status, 'active'), exceptCircle === undefined ? undefined : ne(circles.id, exceptCircle)))
    .all();
}

/** The circle goes on without its facilitator (they left its program): members carry it. */
export function dropFacilitator(tx: DB | Tx, circleId: number): void {
  tx.update(circles).set({ facilitatorId: null }).where(eq(circles.id, circleId)).run();
}

export function setCircleChannel(tx: DB | Tx, circleId: number, channelId: string, channelName?: string): void {
  tx.update(circles).set({ channelId, ...(channelName ? { channelName } : {}) }).where(eq(circles.id, circleId)).run();
}

export function setCircleSlot(tx: DB | Tx, circleId: number, slot: { slotWeekday: number; slotMinute: number; startsOn: string; firstSeq: number }): void {
  tx.update(circles).set(slot).where(eq(circles.id, circleId)).run();
}

export function setCurriculum(tx: DB | Tx, circleId: number, curriculum: string[]): void {
  tx.update(circles).set({ curriculum }).where(eq(circles.id, circleId)).run();
}

/** Ends an active circle once; undefined when it had already ended. */
export function endCircle(tx: DB | Tx, circleId: number, reason: string, now: Date): Circle | undefined {
  return tx
    .update(circles)
    .set({ status: 'ended', endedAt: now, endReason: reason })
    .where(and(eq(circles.id, circleId), eq(circles.status, 'active')))
    .returning()
    .get();
}

// ── Seats ──────────────────────────────────────────────────────────────────

export function seatsOf(db: DB | Tx, circleId: number, statuses: readonly CircleMemberStatus[] = ['member']): CircleMember[] {
  return db
    .select()
    .from(circleMembers)
    .where(and(eq(circleMembers.circleId, circleId), inArray(circleMembers.status, [...statuses])))
    .orderBy(asc(circleMembers.askedAt), asc(circleMembers.id))
    .all();
}

export function seatsOfPerson(db: DB | Tx, personId: string, statuses: readonly CircleMemberStatus[] = ['member', 'waitlisted']): CircleMember[] {
  return db
    .select()
    .from(circleMembers)
    .where(and(eq(circleMembers.personId, personId), inArray(circleMembers.status, [...statuses])))
    .all();
}

export function findSeat(db: DB | Tx, circleId: number, personId: string): CircleMember | undefined {
  return db.select().from(circleMembers).where(and(eq(circleMembers.circleId, circleId), eq(circleMembers.personId, personId))).get();
}

/**
 * Takes a seat or a place in line. A person has one row per circle (the
 * unique index): coming back after leaving reuses it, at the back of the line.
 */
export function takeSeat(tx: DB | Tx, values: { circleId: number; personId: string; status: 'member' | 'waitlisted'; reasons: string[]; now: Date }): CircleMember {
  const { circleId, personId, status, reasons, now } = values;
  const joinedAt = status === 'member' ? now : null;
  return tx
    .insert(circleMembers)
    .values({ circleId, personId, status, reasons, askedAt: now, joinedAt })
    .onConflictDoUpdate({ target: [circleMembers.circleId, circleMembers.personId], set: { status, reasons, askedAt: now, joinedAt, leftAt: null } })
    .returning()
    .get();
}

/** Moves a seat between statuses, only from the ones given; undefined when it was not in them. */
export function moveSeat(tx: DB | Tx, seatId: number, from: readonly CircleMemberStatus[], to: CircleMemberStatus, now: Date): CircleMember | undefined {
  const set = to === 'member' ? { status: to, joinedAt: now } : to === 'left' ? { status: to, leftAt: now } : { status: to };
  return tx
    .update(circleMembers)
    .set(set)
    .where(and(eq(circleMembers.id, seatId), inArray(circleMembers.status, [...from])))
    .returning()
    .get();
}

// ── Sessions ───────────────────────────────────────────────────────────────

export function sessionsOf(db: DB | Tx, circleId: number): CircleSession[] {
  return db.select().from(circleSessions).where(eq(circleSessions.circleId, circleId)).orderBy(asc(circleSessions.seq)).all();
}

export function findCircleSession(db: DB | Tx, id: number): CircleSession | undefined {
  return db.select().from(circleSessions).where(eq(circleSessions.id, id)).get();
}

/** Inserts the sessions not yet planned (by their position); the ones already there keep their topic and host. */
export function planSessions(tx: DB | Tx, rows: readonly (typeof circleSessions.$inferInsert)[]): number {
  let added = 0;
  for (const row of rows) {
    const inserted = tx.insert(circleSessions).values(row).onConflictDoNothing().returning({ id: circleSessions.id }).get();
    if (inserted) added += 1;
  }
  return added;
}

/** Planned sessions from `from` on: what moves when the slot moves, and what ends with the circle. */
export function plannedSessionsFrom(db: DB | Tx, circleId: number, from: Date): CircleSession[] {
  return db
    .select()
    .from(circleSessions)
    .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned'), gte(circleSessions.startsAt, from)))
    .orderBy(asc(circleSessions.seq))
    .all();
}

export function deletePlannedSessionsFrom(tx: DB | Tx, circleId: number, from: Date): void {
  tx.delete(circleSessions)
    .where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned'), gte(circleSessions.startsAt, from)))
    .run();
}

/** Planned sessions of active circles that have ended by `now`: they become held, and attendance is asked. */
export function sessionsEndedBy(db: DB | Tx, now: Date): CircleSession[] {
  return db
    .select({ session: circleSessions })
    .from(circleSessions)
    .innerJoin(circles, eq(circles.id, circleSessions.circleId))
    .where(and(eq(circleSessions.status, 'planned'), lte(circleSessions.endsAt, now), eq(circles.status, 'active')))
    .orderBy(asc(circleSessions.startsAt))
    .all()
    .map((r) => r.session);
}

/** Planned sessions of active circles starting in [from, to). */
export function sessionsStartingBetween(db: DB | Tx, from: Date, to: Date): CircleSession[] {
  return db
    .select({ session: circleSessions })
    .from(circleSessions)
    .innerJoin(circles, eq(circles.id, circleSessions.circleId))
    .where(and(eq(circleSessions.status, 'planned'), gte(circleSessions.startsAt, from), lte(circleSessions.startsAt, to), eq(circles.status, 'active')))
    .orderBy(asc(circleSessions.startsAt))
    .all()
    .map((r) => r.session)
    .filter((s) => s.startsAt.getTime() < to.getTime());
}

export function markSessionHeld(tx: DB | Tx, sessionId: number): boolean {
  return tx.update(circleSessions).set({ status: 'held' }).where(and(eq(circleSessions.id, sessionId), eq(circleSessions.status, 'planned'))).run().changes > 0;
}

export function cancelPlannedSessions(tx: DB | Tx, circleId: number): void {
  tx.update(circleSessions).set({ status: 'cancelled' }).where(and(eq(circleSessions.circleId, circleId), eq(circleSessions.status, 'planned'))).run();
}

// ── Attendance and ratings ─────────────────────────────────────────────────

export function recordAttendance(tx: DB | Tx, sessionId: number, personId: string, attended: boolean, now: Date): void {
  tx.insert(circleAttendance)
    .values({ sessionId, personId, attended, answeredAt: now })
    .onConflictDoUpdate({ target: [circleAttendance.sessionId, circleAttendance.personId], set: { attended, answeredAt: now } })
    .run();
}

export function attendanceOf(db: DB | Tx, sessionIds: readonly number[]) {
  if (sessionIds.length === 0) return [];
  return db.select().from(circleAttendance).where(inArray(circleAttendance.sessionId, [...sessionIds])).all();
}

export function saveCircleRating(tx: DB | Tx, values: { sessionId: number; raterId: string; usefulness: number; clarity: number; applicability: number; comment: string | null; now: Date }): void {
  const { now, ...rating } = values;
  tx.insert(circleRatings)
    .values({ ...rating, createdAt: now })
    .onConflictDoUpdate({ target: [circleRatings.sessionId, circleRatings.raterId], set: { usefulness: rating.usefulness, clarity: rating.clarity, applicability: rating.applicability, comment: rating.comment } })
    .run();
}

export function ratingsOfSessions(db: DB | Tx, sessionIds: readonly number[]) {
  if (sessionIds.length === 0) return [];
  return db.select().from(circleRatings).where(inArray(circleRatings.sessionId, [...sessionIds])).all();
}

// ── Formations ─────────────────────────────────────────────────────────────

export function createFormation(tx: DB | Tx, values: { programId: number; createdBy: string; proposal: Record<string, unknown>; channelId: string; now: Date }): CircleFormation {
  return tx
    .insert(circleFormations)
    .values({ programId: values.programId, createdBy: values.createdBy, status: 'preview', proposal: values.proposal, channelId: values.channelId, createdAt: values.now })
    .returning()
    .get();
}

export function findFormation(db: DB | Tx, id: number): CircleFormation | undefined {
  return db.select().from(circleFormations).where(eq(circleFormations.id, id)).get();
}

export function setFormationMessage(tx: DB | Tx, id: number, messageTs: string | null): void {
  tx.update(circleFormations).set({ messageTs }).where(eq(circleFormations.id, id)).run();
}

/** Publishes or cancels a previewed formation once: the second click finds it decided. */
export function decideFormation(tx: DB | Tx, id: number, status: 'published' | 'cancelled', by: string, now: Date): CircleFormation | undefined {
  return tx
    .update(circleFormations)
    .set({ status, decidedBy: by, decidedAt: now })
    .where(and(eq(circleFormations.id, id), eq(circleFormations.status, 'preview')))
    .returning()
    .get();
}

/** Circles whose Slack channel is still to be made. */
export function circlesWithoutChannel(db: DB | Tx): Circle[] {
  return db.select().from(circles).where(and(eq(circles.status, 'active'), isNull(circles.channelId))).orderBy(asc(circles.id)).all();
}

/** Ended circles whose channel still stands: archived once their closing message has gone. */
export function circlesEndedUnarchived(db: DB | Tx): Circle[] {
  return db
    .select()
    .from(circles)
    .where(and(eq(circles.status, 'ended'), isNotNull(circles.channelId), isNull(circles.channelArchivedAt)))
    .orderBy(asc(circles.id))
    .all();
}

export function markChannelArchived(tx: DB | Tx, circleId: number, now: Date): void {
  tx.update(circles).set({ channelArchivedAt: now }).where(eq(circles.id, circleId)).run();
}

export function setSessionHost(tx: DB | Tx, sessionId: number, hostId: string | null): void {
  tx.update(circleSessions).set({ hostId }).where(eq(circleSessions.id, sessionId)).run();
}

/** Of these people, those whose meeting format is a group circle: who asked for group mentoring. */
export function wantsGroup(db: DB | Tx, personIds: readonly string[]): Set<string> {
  if (personIds.length === 0) return new Set();
  const rows = db
    .select({ id: profiles.personId })
    .from(profiles)
    .where(and(inArray(profiles.personId, [...personIds]), eq(profiles.format, 'group')))
    .all();
  return new Set(rows.map((r) => r.id));
}

export function setSessionTopic(tx: DB | Tx, sessionId: number, topic: string | null): void {
  tx.update(circleSessions).set({ topic }).where(eq(circleSessions.id, sessionId)).run();
}

// ── Calendar files held ────────────────────────────────────────────────────

export type CircleCalendar = typeof circleCalendars.$inferSelect;

/** The calendar files people hold for this circle. */
export function calendarsOf(db: DB | Tx, circleId: number): CircleCalendar[] {
  return db.select().from(circleCalendars).where(eq(circleCalendars.circleId, circleId)).all();
}

/** Files still held for circles that have ended: each is taken off its holder's calendar once. */
export function calendarsOfEndedCircles(db: DB | Tx): CircleCalendar[] {
  return db
    .select({ calendar: circleCalendars })
    .from(circleCalendars)
    .innerJoin(circles, eq(circles.id, circleCalendars.circleId))
    .where(and(ne(circles.status, 'active'), isNull(circleCalendars.cancelledAt)))
    .all()
    .map((r) => r.calendar);
}

export function recordCalendar(tx: DB | Tx, row: Omit<CircleCalendar, 'id' | 'cancelledAt'>): void {
  const set = { rhythm: row.rhythm, sequence: row.sequence, coversUntil: row.coversUntil, sentAt: row.sentAt, cancelledAt: null };
  tx.insert(circleCalendars).values(row).onConflictDoUpdate({ target: [circleCalendars.circleId, circleCalendars.personId], set }).run();
}

/** A CANCEL went out at `sequence`: what they hold now is nothing, and a return is sent above it. */
export function markCalendarCancelled(tx: DB | Tx, id: number, sequence: number, now: Date): void {
  tx.update(circleCalendars).set({ sequence, cancelledAt: now }).where(eq(circleCalendars.id, id)).run();
}

/** Everyone's file for these circles is due again at once (someone on it erased their data, so it is re-sent without them). */
export function renewCalendarsOf(tx: DB | Tx, circleIds: readonly number[], now: Date): void {
  if (circleIds.length === 0) return;
  tx.update(circleCalendars).set({ coversUntil: now }).where(and(inArray(circleCalendars.circleId, [...circleIds]), isNull(circleCalendars.cancelledAt))).run();
}
