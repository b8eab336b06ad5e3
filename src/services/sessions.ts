import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import type { DB, Tx } from '../db/client.js';
import type { Match, Person, Session } from '../db/schema.js';
import { DEFAULT_WORKING_HOURS, instantOf, localDateOf } from '../domain/localTime.js';
import { sessionCalendarFile } from '../domain/scheduling/calendarFile.js';
import { proposeSlots, type SchedulingPerson, type Slot } from '../domain/scheduling/slots.js';
import { deliver, enqueue, enqueueFile, withdraw } from '../outbox/outbox.js';
import { claimAction, releaseAction } from '../repos/actionClaims.js';
import { findMatch, matchesOf } from '../repos/matches.js';
import { isInPair, partnerOf } from '../domain/mentorship.js';
import { findPerson, loadProfile } from '../repos/profiles.js';
import {
  answerProposal,
  bookedIntervalsFor,
  findProposal,
  findSession,
  insertProposal,
  insertSession,
  mentorMinutesBetween,
  futureBookedSessions,
  type StoredSlot,
  updateSession,
} from '../repos/sessions.js';
import { buildNoSlots, monthlyHoursReached, buildSessionCancelled, buildSessionConfirmed, buildSessionReminder, buildSlotProposal } from '../views/sessionMessages.js';
import { buildPausedPairs } from '../views/pausedPairMessages.js';
import { programById } from './programs.js';

/**
 * Sessions: one person proposes times that fit both calendars, the partner
 * picks one (which books it, once), both get a confirmation with a calendar
 * file and reminders a day and an hour before; either can reschedule (the
 * same calendar entry moves) or cancel. Reverse-mentoring pairs get their
 * protected monthly time proposed.
 */

export const SESSION_MINUTES = 45;
/** Schedule pressed again within this long offers nothing new: the partner already has the times. */
const SCHEDULE_REPEAT_WINDOW_MS = 2 * 60_000;

export type Outcome = { ok: true; message: string } | { ok: false; message: string; blocks?: KnownBlock[] };

/** The person as slot finding sees them: hours, availability and booked sessions. */
export async function schedulingPerson(deps: Deps, userId: string, exceptSessionId?: number): Promise<SchedulingPerson> {
  const member = await loadProfile(deps.db, userId);
  const person = member?.person ?? await findPerson(deps.db, userId);
  const working = member ? { days: member.profile.workDays, startMinute: member.profile.workStartMinute, endMinute: member.profile.workEndMinute } : DEFAULT_WORKING_HOURS;
  const availability = member
    ? { days: member.answers.workDays, startMinute: member.answers.availabilityStartMinute, endMinute: member.answers.availabilityEndMinute }
    : working;
  return { timeZone: person?.timeZone ?? 'UTC', working, availability, busy: await bookedIntervalsFor(deps.db, userId, exceptSessionId) };
}

/** The active mentorships a person could schedule in. */
export async function schedulableMatches(deps: Deps, userId: string): Promise<Match[]> {
  return (await matchesOf(deps.db, userId, ['active'])).filter((m) => partnerOf(m, userId));
}

/** Why a pair cannot be scheduled in, with the way forward where there is one. */
function notSchedulable(deps: Deps, match: Match | undefined, userId: string): Outcome {
  if (!match || !isInPair(match, userId)) return { ok: false, message: 'That mentorship is not one of yours, so there is nothing to schedule.' };
  if (match.status === 'paused') {
    const paused = buildPausedPairs('This mentorship is paused, so there is nothing to schedule yet. Resume it first, and check-ins start again too:', [{ matchId: match.id, partnerId: partnerOf(match, userId) }]);
    return { ok: false, message: paused.text, blocks: paused.blocks };
  }
  if (match.status === 'requested') return { ok: false, message: 'That request has not been accepted yet; once it is, you can schedule a session.' };
  if (!partnerOf(match, userId)) return { ok: false, message: 'Your partner in that mentorship has left the program, so there is nobody to schedule with.' };
  return { ok: false, message: 'That mentorship has ended, so there is nothing to schedule.' };
}

/** Offers the partner up to three times in the next two weeks that fit both people. */
export async function proposeSession(deps: Deps, client: WebClient, userId: string, matchId: number): Promise<Outcome> {
  const match = await findMatch(deps.db, matchId);
  if (!match || match.status !== 'active' || !isInPair(match, userId) || !partnerOf(match, userId)) return notSchedulable(deps, match, userId);
  const partnerId = partnerOf(match, userId) as string;
  const now = deps.clock();
  const claim = await claimAction(deps.db, { actorId: userId, intent: 'schedule', target: String(matchId) }, now, SCHEDULE_REPEAT_WINDOW_MS);
  if (!claim.first) return { ok: true, message: `You offered <@${partnerId}> times a moment ago; they are in their messages. You'll hear when they pick one.` };
  const outcome = await offerTimes(deps, client, match, userId, partnerId, now);
  if (!outcome.ok) await releaseAction(deps.db, claim.id);
  return outcome;
}

async function offerTimes(deps: Deps, client: WebClient, match: Match, userId: string, partnerId: string, now: Date, moving?: Session): Promise<Outcome> {
  if (!moving) {
    const full = await hoursSpent(deps, match, now);
    if (full) return { ok: false, message: full };
  }
  const slots = proposeSlots({ people: [await schedulingPerson(deps, userId, moving?.id), await schedulingPerson(deps, partnerId, moving?.id)], now, durationMinutes: SESSION_MINUTES });
  if (slots.length === 0) return { ok: false, message: buildNoSlots({ partnerId }).text };
  await deps.db.transaction(async (tx) => {
    const proposal = await insertProposal(tx, { matchId: match.id, proposedBy: userId, proposedTo: partnerId, reason: 'requested', slots: slots.map(toStored), status: 'open', createdAt: now, sessionId: moving?.id ?? null });
    const offer = buildSlotProposal({ proposalId: proposal.id, fromId: userId, toId: partnerId, slots, reason: 'requested', ...(moving ? { replaces: moving.startsAt } : {}) });
    await enqueue(tx, { key: `proposal:${proposal.id}`, recipient: partnerId, ...offer, notBefore: now, expiresAt: lastStart(slots) });
  });
  await deliver(deps, client, now);
  return { ok: true, message: `I've offered <@${partnerId}> ${slots.length === 1 ? 'a time' : `${slots.length} times`} that fit you both; you'll hear when they pick one.` };
}

/**
 * A program may cap the hours a mentor gives it each month (its zone's
 * calendar month). A new session that would go past the cap is not offered;
 * moving a booked one changes nothing, so it always may.
 */
async function hoursSpent(deps: Deps, match: Match, now: Date): Promise<string | undefined> {
  const program = await programById(deps, match.programId);
  if (!program?.maxHoursPerMonth || !match.mentorId) return undefined;
  const month = localDateOf(now, program.zone).slice(0, 7);
  const start = instantOf(`${month}-01`, 0, program.zone);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = instantOf(new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10), 0, program.zone);
  const spent = await mentorMinutesBetween(deps.db, match.mentorId, program.id, start, next);
  if (spent + SESSION_MINUTES <= program.maxHoursPerMonth * 60) return undefined;
  return monthlyHoursReached(program, match.mentorId, program.maxHoursPerMonth);
}

export const toStored = (s: Slot): StoredSlot => ({ start: s.start.getTime(), end: s.end.getTime() });
/** An offer is stale once its last time has passed: held while someone was paused, it is dropped, not delivered. */
const lastStart = (slots: readonly Slot[]) => new Date(Math.max(...slots.map((s) => s.start.getTime())));

/**
 * The partner picks a time. The proposal's status change and the unique
 * session-per-proposal index make a second click (or a click on another
 * option) book nothing more. An offer that moves a session updates that
 * session, so its calendar entry moves instead of a second one appearing.
 */
export async function pickSlot(deps: Deps, client: WebClient, userId: string, proposalId: number, index: number): Promise<Outcome> {
  const now = deps.clock();
  const proposal = await findProposal(deps.db, proposalId);
  const slot = proposal?.slots[index];
  if (!proposal || !slot || proposal.proposedTo !== userId) return { ok: false, message: 'That time is no longer on offer.' };
  if (proposal.status !== 'open') return { ok: false, message: 'This has already been answered.' };
  if (slot.start <= now.getTime()) return { ok: false, message: 'That time has passed. Use `/mentor schedule` for new options.' };
  const match = await findMatch(deps.db, proposal.matchId);
  if (!match || match.status !== 'active' || !isInPair(match, userId) || !partnerOf(match, userId)) return notSchedulable(deps, match, userId);
  // Since the offer, either person may have booked something else at that time (office hours are offered to several people).
  const moving = proposal.sessionId ?? undefined;
  const taken = { ok: false, message: 'That time has just been taken. Pick another option, or use `/mentor schedule`.' } as const;
  // Checked again inside the transaction that books: two people picking one offered time at once must not both get it.
  const clashes = async (db: DB | Tx) =>
    [...(await bookedIntervalsFor(db, match.mentorId as string, moving)), ...(await bookedIntervalsFor(db, match.menteeId as string, moving))].some((b) => b.start < slot.end && slot.start < b.end);
  if (await clashes(deps.db)) return taken;
  const booked = await deps.db.transaction(async (tx) => {
    // Answered already (a double click) says so, before the clash its own booking would make.
    if ((await findProposal(tx, proposalId))?.status !== 'open') return undefined;
    if (await clashes(tx)) return 'taken' as const;
    if (!await answerProposal(tx, proposalId, 'accepted')) return undefined;
    const times = { startsAt: new Date(slot.start), endsAt: new Date(slot.end) };
    if (moving !== undefined) {
      const before = await findSession(tx, moving);
      const moved = before && await updateSession(tx, moving, ['proposed'], { ...times, status: 'booked', sequence: before.sequence + 1 });
      if (moved) {
        await confirm(deps, tx, match, moved, now, true);
        return { moved: true };
      }
    }
    await confirm(deps, tx, match, await insertSession(tx, { matchId: match.id, proposalId, ...times, status: 'booked' }), now, false);
    return { moved: false };
  });
  if (booked === 'taken') return taken;
  if (!booked) return { ok: false, message: 'This has already been answered.' };
  await deliver(deps, client, now);
  return { ok: true, message: `${booked.moved ? 'Moved' : 'Booked'}. A confirmation and a calendar file are in your messages.` };
}

export async function declineSlots(deps: Deps, client: WebClient, userId: string, proposalId: number): Promise<Outcome> {
  const now = deps.clock();
  // One transaction: the answer, the session called off and the note to the proposer stand or fall together.
  const answered = await deps.db.transaction(async (tx) => {
    const proposal = await answerProposal(tx, proposalId, 'declined', userId);
    if (!proposal) return undefined;
    const match = await findMatch(tx, proposal.matchId);
    // Turning down new times for a session being moved leaves no time at all: the session is off.
    const moving = proposal.sessionId !== null && match ? await callOffMove(deps, tx, match, proposal.sessionId, now) : undefined;
    if (proposal.proposedBy) {
      const text = moving
        ? `None of the new times you offered work for <@${userId}>, so the session is off and your calendars are updated. Try \`/mentor schedule\` again later, or agree a time in your chat.`
        : `None of the times you offered work for <@${userId}>. Try \`/mentor schedule\` again later, or agree a time in your chat.`;
      await enqueue(tx, { key: `proposal:${proposal.id}:declined`, recipient: proposal.proposedBy, text, notBefore: now });
    }
    return { moving };
  });
  if (!answered) return { ok: false, message: 'This has already been answered.' };
  await deliver(deps, client, now);
  return { ok: true, message: answered.moving ? 'Thanks, I let them know none of those times work; the session is off.' : 'Thanks, I let them know none of those times work.' };
}

/** A session being moved that will get no new time: off, its reminders withdrawn and its calendar entries cancelled. */
export async function callOffMove(deps: Deps, tx: Tx, match: Match, sessionId: number, now: Date): Promise<Session | undefined> {
  const before = await findSession(tx, sessionId);
  const off = before && await updateSession(tx, sessionId, ['proposed'], { status: 'cancelled', sequence: before.sequence + 1 });
  if (!off) return undefined;
  await withdraw(tx, `session:${off.id}:`);
  await sendCalendarFiles(deps, tx, match, off, 'CANCEL', now);
  return off;
}

/** Both people: a confirmation now, a calendar file, and reminders 24 hours and 1 hour before. */
async function confirm(deps: Deps, tx: Tx, match: Match, session: Session, now: Date, moved: boolean): Promise<void> {
  {
    const pair = [match.mentorId, match.menteeId] as [string, string];
    for (const [person, partner] of [pair, [pair[1], pair[0]]] as [string, string][]) {
      const confirmation = buildSessionConfirmed({ sessionId: session.id, partnerId: partner, start: session.startsAt, end: session.endsAt, moved });
      await enqueue(tx, { key: `session:${session.id}:${session.sequence}:confirmed:${person}`, recipient: person, ...confirmation, notBefore: now, expiresAt: session.startsAt, workingHoursOnly: false });
      for (const hours of [24, 1] as const) {
        const at = new Date(session.startsAt.getTime() - hours * 3_600_000);
        // The hour-before reminder cannot wait for working hours: a session at the start of someone's day would expire it unsent.
        // A reminder whose moment has already passed at booking would only repeat the confirmation.
        if (at <= now) continue;
        const reminder = buildSessionReminder({ sessionId: session.id, partnerId: partner, start: session.startsAt, hoursBefore: hours });
        await enqueue(tx, { key: `session:${session.id}:${session.sequence}:remind:${hours}:${person}`, recipient: person, ...reminder, notBefore: at, expiresAt: session.startsAt, workingHoursOnly: hours === 24 });
      }
    }
    await sendCalendarFiles(deps, tx, match, session, 'REQUEST', now);
  }
}

/**
 * One calendar file per person, through the outbox like every message: the
 * organiser is the program, so each reschedule or cancellation reaches the
 * same entry (same UID, higher SEQUENCE). The files carry both names and
 * addresses, so both people are their subjects.
 */
async function sendCalendarFiles(deps: Deps, tx: Deps['db'] | Tx, match: Match, session: Session, method: 'REQUEST' | 'CANCEL', now: Date, without?: string): Promise<void> {
  // Someone erasing their data is left out of the file: their name and address must not travel on.
  const pair = [match.mentorId, match.menteeId].filter((id): id is string => Boolean(id) && id !== without);
  const people = new Map<string, Person | undefined>();
  for (const id of pair) people.set(id, await findPerson(deps.db, id));
  const person = (id: string) => people.get(id);
  const calendar = sessionCalendarFile({
    uid: `session-${session.id}@mentoring-bot`,
    start: session.startsAt,
    end: session.endsAt,
    title: 'Mentoring session',
    description: `Mentoring session between ${pair.map((id) => person(id)?.displayName ?? id).join(' and ')}.`,
    organizer: { name: 'Mentoring program', email: deps.config.calendarOrganizerEmail },
    attendees: pair.map((id) => ({ name: person(id)?.displayName ?? id, email: person(id)?.email ?? undefined })),
    sequence: session.sequence,
    method,
    stampedAt: now,
  });
  if (!calendar.ok) {
    deps.logger.warn(`session ${session.id}: no calendar file (${calendar.error})`);
    return;
  }
  const cancelled = method === 'CANCEL';
  for (const id of pair) {
    await enqueueFile(tx, {
      key: `session:${session.id}:${session.sequence}:ics:${id}`,
      recipient: id,
      file: { filename: cancelled ? 'mentoring-session-cancelled.ics' : 'mentoring-session.ics', title: cancelled ? 'Cancelled mentoring session' : 'Mentoring session', content: calendar.ics },
      notBefore: now,
      expiresAt: session.startsAt,
      workingHoursOnly: false,
      about: pair,
    });
  }
}

async function sessionOf(deps: Deps, sessionId: number, userId: string): Promise<{ session: Session; match: Match } | undefined> {
  const session = await findSession(deps.db, sessionId);
  const match = session ? await findMatch(deps.db, session.matchId) : undefined;
  if (!session || !match || !isInPair(match, userId)) return undefined;
  return { session, match };
}

/**
 * When a mentorship ends, whoever ended it (someone left or erased their
 * data, one of the pair closed it, a coordinator did, the program or cohort
 * ended), its booked future sessions end with it: reminders withdrawn,
 * calendar entries cancelled. With a `leaverId`, the file leaves the
 * leaver's name and address out and goes only to the partner (the leaver
 * hears nothing more from the program either way); without, both get it.
 */
export async function cancelFutureSessions(deps: Deps, tx: Tx, match: Match, leaverId: string, now: Date): Promise<number> {
  let cancelled = 0;
  for (const session of await futureBookedSessions(tx, match.id, now)) {
    const done = await updateSession(tx, session.id, ['booked', 'proposed'], { status: 'cancelled', sequence: session.sequence + 1 });
    if (!done) continue;
    await withdraw(tx, `session:${session.id}:`);
    await sendCalendarFiles(deps, tx, match, done, 'CANCEL', now, leaverId);
    cancelled += 1;
  }
  return cancelled;
}

/** Cancels a booked session: reminders are withdrawn, the partner is told, calendars updated. */
export async function cancelSession(deps: Deps, client: WebClient, userId: string, sessionId: number): Promise<Outcome> {
  const found = await sessionOf(deps, sessionId, userId);
  if (!found) return { ok: false, message: 'That session is not yours to change.' };
  const now = deps.clock();
  const cancelled = await deps.db.transaction(async (tx) => {
    const done = await updateSession(tx, sessionId, ['booked'], { status: 'cancelled', sequence: found.session.sequence + 1 });
    if (!done) return undefined;
    await withdraw(tx, `session:${sessionId}:`);
    const partnerId = partnerOf(found.match, userId);
    if (partnerId) {
      const notice = buildSessionCancelled({ partnerId: userId, start: done.startsAt, byId: userId });
      await enqueue(tx, { key: `session:${sessionId}:${done.sequence}:cancelled`, recipient: partnerId, ...notice, notBefore: now, expiresAt: done.startsAt });
    }
    await sendCalendarFiles(deps, tx, found.match, done, 'CANCEL', now);
    return done;
  });
  if (!cancelled) return { ok: false, message: 'That session is no longer booked.' };
  await deliver(deps, client, now);
  return { ok: true, message: 'Cancelled. Your partner has been told and your calendars updated.' };
}

/**
 * Moves a booked session: the old time is off at once (reminders withdrawn,
 * the partner told in the offer of new times), and the session waits for the
 * partner's pick, which keeps its calendar entry.
 */
export async function rescheduleSession(deps: Deps, client: WebClient, userId: string, sessionId: number): Promise<Outcome> {
  const found = await sessionOf(deps, sessionId, userId);
  if (!found) return { ok: false, message: 'That session is not yours to change.' };
  const partnerId = partnerOf(found.match, userId);
  if (found.match.status !== 'active' || !partnerId) return notSchedulable(deps, found.match, userId);
  const now = deps.clock();
  const moving = await deps.db.transaction(async (tx) => {
    const done = await updateSession(tx, sessionId, ['booked'], { status: 'proposed' });
    if (done) await withdraw(tx, `session:${sessionId}:`);
    return done;
  });
  if (!moving) return { ok: false, message: 'That session is no longer booked.' };
  const offered = await offerTimes(deps, client, found.match, userId, partnerId, now, moving);
  if (!offered.ok) {
    // No new time to offer: keep the session where it was rather than leave it nowhere.
    await deps.db.transaction(async (tx) => {
      const kept = await updateSession(tx, sessionId, ['proposed'], { status: 'booked', sequence: moving.sequence + 1 });
      if (kept) await confirm(deps, tx, found.match, kept, now, false);
    });
    await deliver(deps, client, now);
    return { ok: false, message: `${offered.message} Your session stays booked as it was.` };
  }
  return offered;
}

/**
 * A leader's office hours: times inside the leader's own hours, offered to
 * each of their reverse mentors. Whoever picks a time first books it; the
 * clash check in pickSlot turns away a second booking of the same time.
 */
export async function openOfficeHours(deps: Deps, client: WebClient, leaderId: string): Promise<Outcome> {
  const now = deps.clock();
  const pairs = (await matchesOf(deps.db, leaderId, ['active'])).filter((m) => m.kind === 'reverse' && m.menteeId === leaderId && m.mentorId);
  if (pairs.length === 0) return { ok: false, message: 'Office hours are for leaders with reverse mentors; you have no active reverse-mentoring pair yet.' };
  const slots = proposeSlots({ people: [await schedulingPerson(deps, leaderId)], now, durationMinutes: SESSION_MINUTES });
  if (slots.length === 0) return { ok: false, message: 'There is no free time in your working hours in the next two weeks to offer.' };
  await deps.db.transaction(async (tx) => {
    for (const pair of pairs) {
      const junior = pair.mentorId as string;
      const proposal = await insertProposal(tx, { matchId: pair.id, proposedBy: leaderId, proposedTo: junior, reason: 'office_hours', slots: slots.map(toStored), status: 'open', createdAt: now });
      const offer = buildSlotProposal({ proposalId: proposal.id, fromId: leaderId, toId: junior, slots, reason: 'office_hours' });
      await enqueue(tx, { key: `proposal:${proposal.id}`, recipient: junior, ...offer, notBefore: now, expiresAt: lastStart(slots) });
    }
  });
  await deliver(deps, client, now);
  return { ok: true, message: `Office hours opened: ${slots.length} ${slots.length === 1 ? 'time' : 'times'} offered to your ${pairs.length === 1 ? 'reverse mentor' : `${pairs.length} reverse mentors`}.` };
}
