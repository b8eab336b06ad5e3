import type { WebClient } from '@slack/web-api';
import { and, eq, inArray, or } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import { type Match, matches, type Session, sessionProposals, sessions } from '../db/schema.js';
import { DEFAULT_WORKING_HOURS, type Interval } from '../domain/localTime.js';
import { mayPrompt } from '../domain/participation.js';
import { sessionCalendarFile } from '../domain/scheduling/calendarFile.js';
import { nextMonthlySlot, proposeSlots, type SchedulingPerson, type Slot } from '../domain/scheduling/slots.js';
import { drainOutbox, enqueue, withdraw } from '../outbox/outbox.js';
import { findPerson, loadProfile } from '../repos/profiles.js';
import { buildNoSlots, buildSessionCancelled, buildSessionConfirmed, buildSessionReminder, buildSlotProposal } from '../views/schedulingMessages.js';

/**
 * Sessions: one person proposes times that fit both calendars, the partner
 * picks one (which books it, once), both get a confirmation with a calendar
 * file and reminders a day and an hour before; either can reschedule or
 * cancel. Reverse-mentoring pairs get their protected monthly time proposed.
 */

const SESSION_MINUTES = 45;

export type Outcome = { ok: true; message: string } | { ok: false; message: string };

const partnerIn = (match: Match, userId: string) => (match.mentorId === userId ? match.menteeId : match.mentorId);

/** The person as slot finding sees them: hours, availability and booked sessions. */
function schedulingPerson(deps: Deps, userId: string): SchedulingPerson {
  const member = loadProfile(deps.db, userId);
  const person = member?.person ?? findPerson(deps.db, userId);
  const working = member ? { days: member.profile.workDays, startMinute: member.profile.workStartMinute, endMinute: member.profile.workEndMinute } : DEFAULT_WORKING_HOURS;
  const availability = member
    ? { days: member.answers.workDays, startMinute: member.answers.availabilityStartMinute, endMinute: member.answers.availabilityEndMinute }
    : working;
  return { timeZone: person?.timeZone ?? 'UTC', working, availability, busy: bookedFor(deps, userId) };
}

/** Booked sessions of every pair the person is in: a new slot may clash with none. */
function bookedFor(deps: Deps, userId: string): Interval[] {
  return deps.db
    .select({ start: sessions.startsAt, end: sessions.endsAt })
    .from(sessions)
    .innerJoin(matches, eq(matches.id, sessions.matchId))
    .where(and(eq(sessions.status, 'booked'), or(eq(matches.mentorId, userId), eq(matches.menteeId, userId))))
    .all()
    .map((s) => ({ start: s.start.getTime(), end: s.end.getTime() }));
}

function openMatchOf(deps: Deps, matchId: number, userId: string): Match | undefined {
  const match = deps.db.select().from(matches).where(eq(matches.id, matchId)).get();
  if (!match || match.status !== 'active' || (match.mentorId !== userId && match.menteeId !== userId) || !partnerIn(match, userId)) return undefined;
  return match;
}

/** The active mentorships a person could schedule in. */
export function schedulableMatches(deps: Deps, userId: string): Match[] {
  return deps.db
    .select()
    .from(matches)
    .where(and(eq(matches.status, 'active'), or(eq(matches.mentorId, userId), eq(matches.menteeId, userId))))
    .all()
    .filter((m) => partnerIn(m, userId));
}

/** Offers the partner up to three times in the next two weeks that fit both people. */
export async function proposeSession(deps: Deps, client: WebClient, userId: string, matchId: number): Promise<Outcome> {
  const match = openMatchOf(deps, matchId, userId);
  if (!match) return { ok: false, message: 'That mentorship is not active, so there is nothing to schedule.' };
  const partnerId = partnerIn(match, userId) as string;
  const now = deps.clock();
  const slots = proposeSlots({ people: [schedulingPerson(deps, userId), schedulingPerson(deps, partnerId)], now, durationMinutes: SESSION_MINUTES });
  if (slots.length === 0) return { ok: false, message: buildNoSlots({ partnerId }).text };
  const proposal = deps.db
    .insert(sessionProposals)
    .values({ matchId, proposedBy: userId, proposedTo: partnerId, reason: 'requested', slots: slots.map(toStored), status: 'open', createdAt: now })
    .returning()
    .get();
  const message = buildSlotProposal({ proposalId: proposal.id, fromId: userId, toId: partnerId, slots, reason: 'requested' });
  enqueue(deps.db, { key: `proposal:${proposal.id}`, recipient: partnerId, ...message, notBefore: now });
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return { ok: true, message: `I've offered <@${partnerId}> ${slots.length === 1 ? 'a time' : `${slots.length} times`} that fit you both; you'll hear when they pick one.` };
}

const toStored = (s: Slot) => ({ start: s.start.getTime(), end: s.end.getTime() });

/**
 * The partner picks a time. The proposal's status change and the unique
 * session-per-proposal index make a second click (or a click on another
 * option) book nothing more.
 */
export async function pickSlot(deps: Deps, client: WebClient, userId: string, proposalId: number, index: number): Promise<Outcome> {
  const now = deps.clock();
  const proposal = deps.db.select().from(sessionProposals).where(eq(sessionProposals.id, proposalId)).get();
  const slot = proposal?.slots[index];
  if (!proposal || !slot || proposal.proposedTo !== userId) return { ok: false, message: 'That time is no longer on offer.' };
  if (proposal.status !== 'open') return { ok: false, message: 'This has already been answered.' };
  if (slot.start <= now.getTime()) return { ok: false, message: 'That time has passed. Use `/mentor schedule` for new options.' };
  const match = openMatchOf(deps, proposal.matchId, userId);
  if (!match) return { ok: false, message: 'That mentorship is not active any more.' };
  // Since the offer, either person may have booked something else at that time (office hours are offered to several people).
  const clashes = [...bookedFor(deps, match.mentorId as string), ...bookedFor(deps, match.menteeId as string)].some((b) => b.start < slot.end && slot.start < b.end);
  if (clashes) return { ok: false, message: 'That time has just been taken. Pick another option, or use `/mentor schedule`.' };
  const session = deps.db.transaction((tx) => {
    const taken = tx
      .update(sessionProposals)
      .set({ status: 'accepted' })
      .where(and(eq(sessionProposals.id, proposalId), eq(sessionProposals.status, 'open')))
      .run();
    if (taken.changes === 0) return undefined;
    return tx
      .insert(sessions)
      .values({ matchId: match.id, proposalId, startsAt: new Date(slot.start), endsAt: new Date(slot.end), status: 'booked' })
      .returning()
      .get();
  });
  if (!session) return { ok: false, message: 'This has already been answered.' };
  await confirm(deps, client, match, session, now);
  return { ok: true, message: 'Booked. A confirmation and a calendar file are in your messages.' };
}

export async function declineSlots(deps: Deps, client: WebClient, userId: string, proposalId: number): Promise<Outcome> {
  const now = deps.clock();
  const proposal = deps.db
    .update(sessionProposals)
    .set({ status: 'declined' })
    .where(and(eq(sessionProposals.id, proposalId), eq(sessionProposals.proposedTo, userId), eq(sessionProposals.status, 'open')))
    .returning()
    .get();
  if (!proposal) return { ok: false, message: 'This has already been answered.' };
  if (proposal.proposedBy) {
    const text = `None of the times you offered work for <@${userId}>. Try \`/mentor schedule\` again later, or agree a time in your chat.`;
    enqueue(deps.db, { key: `proposal:${proposal.id}:declined`, recipient: proposal.proposedBy, text, notBefore: now });
    await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  }
  return { ok: true, message: 'Thanks, I let them know none of those times work.' };
}

/** Both people: a confirmation now, a calendar file, and reminders 24 hours and 1 hour before. */
async function confirm(deps: Deps, client: WebClient, match: Match, session: Session, now: Date): Promise<void> {
  const pair = [match.mentorId, match.menteeId] as [string, string];
  for (const [person, partner] of [pair, [pair[1], pair[0]]] as [string, string][]) {
    const confirmation = buildSessionConfirmed({ sessionId: session.id, partnerId: partner, start: session.startsAt, end: session.endsAt });
    enqueue(deps.db, { key: `session:${session.id}:${session.sequence}:confirmed:${person}`, recipient: person, ...confirmation, notBefore: now, workingHoursOnly: false });
    for (const hours of [24, 1] as const) {
      const at = new Date(session.startsAt.getTime() - hours * 3_600_000);
      const reminder = buildSessionReminder({ sessionId: session.id, partnerId: partner, start: session.startsAt, hoursBefore: hours });
      // The hour-before reminder cannot wait for working hours: a session at the start of someone's day would expire it unsent.
      // A reminder whose moment has already passed at booking would only repeat the confirmation.
      if (at <= now) continue;
      enqueue(deps.db, { key: `session:${session.id}:${session.sequence}:remind:${hours}:${person}`, recipient: person, ...reminder, notBefore: at, expiresAt: session.startsAt, workingHoursOnly: hours === 24 });
    }
  }
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  await sendCalendarFiles(deps, client, match, session, 'REQUEST');
}

async function sendCalendarFiles(deps: Deps, client: WebClient, match: Match, session: Session, method: 'REQUEST' | 'CANCEL'): Promise<void> {
  const pair = [match.mentorId, match.menteeId] as [string, string];
  const person = (id: string) => findPerson(deps.db, id);
  const calendar = sessionCalendarFile({
    uid: `session-${session.id}@mentoring-bot`,
    start: session.startsAt,
    end: session.endsAt,
    title: 'Mentoring session',
    description: `Mentoring session between ${pair.map((id) => person(id)?.displayName ?? id).join(' and ')}.`,
    attendees: pair.map((id) => ({ name: person(id)?.displayName ?? id, email: person(id)?.email ?? undefined })),
    sequence: session.sequence,
    method,
    stampedAt: deps.clock(),
  });
  if (!calendar.ok) {
    deps.logger.warn(`session ${session.id}: no calendar file (${calendar.error})`);
    return;
  }
  for (const id of pair) {
    // A paused person gets no message, not even a file.
    if (!mayPrompt(person(id), deps.clock())) continue;
    const dm = await client.conversations.open({ users: id });
    await client.filesUploadV2({
      channel_id: dm.channel?.id as string,
      filename: method === 'CANCEL' ? 'mentoring-session-cancelled.ics' : 'mentoring-session.ics',
      title: method === 'CANCEL' ? 'Cancelled mentoring session' : 'Mentoring session',
      content: calendar.ics,
    });
  }
}

function sessionOf(deps: Deps, sessionId: number, userId: string): { session: Session; match: Match } | undefined {
  const session = deps.db.select().from(sessions).where(eq(sessions.id, sessionId)).get();
  const match = session ? deps.db.select().from(matches).where(eq(matches.id, session.matchId)).get() : undefined;
  if (!session || !match || (match.mentorId !== userId && match.menteeId !== userId)) return undefined;
  return { session, match };
}

/** Cancels a booked session: reminders are withdrawn, the partner is told, calendars updated. */
export async function cancelSession(deps: Deps, client: WebClient, userId: string, sessionId: number, quietly = false): Promise<Outcome> {
  const found = sessionOf(deps, sessionId, userId);
  if (!found) return { ok: false, message: 'That session is not yours to change.' };
  const now = deps.clock();
  const cancelled = deps.db
    .update(sessions)
    .set({ status: 'cancelled', sequence: found.session.sequence + 1 })
    .where(and(eq(sessions.id, sessionId), eq(sessions.status, 'booked')))
    .returning()
    .get();
  if (!cancelled) return { ok: false, message: 'That session is no longer booked.' };
  withdraw(deps.db, `session:${sessionId}:`);
  const partnerId = partnerIn(found.match, userId) as string;
  if (!quietly) {
    enqueue(deps.db, { key: `session:${sessionId}:${cancelled.sequence}:cancelled`, recipient: partnerId, ...buildSessionCancelled({ partnerId: userId, start: cancelled.startsAt, byId: userId }), notBefore: now });
    await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  }
  await sendCalendarFiles(deps, client, found.match, cancelled, 'CANCEL');
  return { ok: true, message: 'Cancelled. Your partner has been told and your calendars updated.' };
}

/** Cancels, then offers new times in the same breath. */
export async function rescheduleSession(deps: Deps, client: WebClient, userId: string, sessionId: number): Promise<Outcome> {
  const cancelled = await cancelSession(deps, client, userId, sessionId, true);
  if (!cancelled.ok) return cancelled;
  const { match } = sessionOf(deps, sessionId, userId) as { match: Match };
  return proposeSession(deps, client, userId, match.id);
}

/**
 * A leader's office hours: times inside the leader's own hours, offered to
 * each of their reverse mentors. Whoever picks a time first books it; the
 * clash check in pickSlot turns away a second booking of the same time.
 */
export async function openOfficeHours(deps: Deps, client: WebClient, leaderId: string): Promise<Outcome> {
  const now = deps.clock();
  const pairs = deps.db
    .select()
    .from(matches)
    .where(and(eq(matches.kind, 'reverse'), eq(matches.status, 'active'), eq(matches.menteeId, leaderId)))
    .all()
    .filter((m) => m.mentorId);
  if (pairs.length === 0) return { ok: false, message: 'Office hours are for leaders with reverse mentors; you have no active reverse-mentoring pair yet.' };
  const slots = proposeSlots({ people: [schedulingPerson(deps, leaderId)], now, durationMinutes: SESSION_MINUTES });
  if (slots.length === 0) return { ok: false, message: 'There is no free time in your working hours in the next two weeks to offer.' };
  for (const pair of pairs) {
    const junior = pair.mentorId as string;
    const proposal = deps.db
      .insert(sessionProposals)
      .values({ matchId: pair.id, proposedBy: leaderId, proposedTo: junior, reason: 'office_hours', slots: slots.map(toStored), status: 'open', createdAt: now })
      .returning()
      .get();
    enqueue(deps.db, { key: `proposal:${proposal.id}`, recipient: junior, ...buildSlotProposal({ proposalId: proposal.id, fromId: leaderId, toId: junior, slots, reason: 'office_hours' }), notBefore: now });
  }
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return { ok: true, message: `Office hours opened: ${slots.length} ${slots.length === 1 ? 'time' : 'times'} offered to your ${pairs.length === 1 ? 'reverse mentor' : `${pairs.length} reverse mentors`}.` };
}

/**
 * Reverse mentoring's protected time: each active reverse pair without a
 * session or an offer for next month gets one proposed, inside both people's
 * hours, sent to the leader to confirm. One per pair per month.
 */
export async function proposeReverseMonthly(deps: Deps, client: WebClient, now: Date): Promise<{ proposed: number }> {
  let proposed = 0;
  const pairs = deps.db.select().from(matches).where(and(eq(matches.kind, 'reverse'), eq(matches.status, 'active'))).all();
  for (const match of pairs) {
    const leader = match.menteeId;
    const junior = match.mentorId;
    if (!leader || !junior || !mayPrompt(findPerson(deps.db, leader), now) || !mayPrompt(findPerson(deps.db, junior), now)) continue;
    const month = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
    const monthEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 2, 1));
    const planned = deps.db
      .select()
      .from(sessions)
      .where(and(eq(sessions.matchId, match.id), inArray(sessions.status, ['booked', 'held'])))
      .all()
      .some((s) => s.startsAt >= month && s.startsAt < monthEnd);
    if (planned) continue;
    const key = `reverse:${match.id}:${month.toISOString().slice(0, 7)}`;
    const slot = nextMonthlySlot({ people: [schedulingPerson(deps, junior), schedulingPerson(deps, leader)], now, after: now, durationMinutes: SESSION_MINUTES });
    if (!slot) continue;
    const already = deps.db.select().from(sessionProposals).where(and(eq(sessionProposals.matchId, match.id), eq(sessionProposals.reason, 'reverse_monthly'))).all();
    if (already.some((p) => p.slots.some((s) => s.start >= month.getTime() && s.start < monthEnd.getTime()))) continue;
    const proposal = deps.db
      .insert(sessionProposals)
      .values({ matchId: match.id, proposedBy: junior, proposedTo: leader, reason: 'reverse_monthly', slots: [toStored(slot)], status: 'open', createdAt: now })
      .returning()
      .get();
    const message = buildSlotProposal({ proposalId: proposal.id, fromId: junior, toId: leader, slots: [slot], reason: 'reverse_monthly' });
    if (enqueue(deps.db, { key, recipient: leader, ...message, notBefore: now })) proposed += 1;
  }
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return { proposed };
}
