import type { WebClient } from '@slack/web-api';
import type { DB, Tx } from '../db/client.js';
import type { Circle } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { channelNameFrom, hostFor } from '../domain/circleRules.js';
import { type CircleRhythm, occurrencesUntil } from '../domain/circleSchedule.js';
import { isWithinWindow } from '../domain/localTime.js';
import { mayPrompt } from '../domain/participation.js';
import type { ProgramSettings } from '../domain/programs.js';
import { deliver, enqueue, enqueueReply } from '../outbox/outbox.js';
import { channelNameTaken, circlesFacilitatedBy, dropFacilitator, circlesIn, findCircle, findSeat, insertCircle, moveSeat, type NewCircle, planSessions, seatsOf, seatsOfPerson, sessionsOf, takeSeat } from '../repos/circles.js';
import { enrollmentsOf } from '../repos/enrollments.js';
import { keptApartAmong } from '../repos/exclusions.js';
import { findPerson, loadProfile, type MemberProfile } from '../repos/profiles.js';
import { type CircleFacts, type CircleListing, CIRCLE_WORDS } from '../views/circleMessages.js';
import { everyProgram, programById } from './programs.js';

/*
 * Circles as people and coordinators use them: opening one (by hand or from
 * a published formation), its sessions planned ahead, seats and the
 * waitlist. Slack's side (the channel, its members, the welcome and the
 * calendar files) follows in the circles job, from what is stored here.
 */

/** Sessions are planned this far ahead; the job extends the horizon as time passes. */
export const PLAN_AHEAD_DAYS = 70;
const DAY_MS = 86_400_000;

export const rhythmOf = (c: Circle): CircleRhythm => ({
  slotWeekday: c.slotWeekday,
  slotMinute: c.slotMinute,
  zone: c.zone,
  cadence: c.cadence,
  sessionMinutes: c.sessionMinutes,
  startsOn: c.startsOn,
  firstSeq: c.firstSeq,
  endsOn: c.endsOn,
});

export function topicName(deps: Deps, topic: string): string {
  return deps.taxonomy.clusters.find((c) => c.id === topic)?.name ?? topic;
}

export async function circleFacts(deps: Deps, c: Circle, given?: Pick<ProgramSettings, 'name'>): Promise<CircleFacts> {
  const program = given ?? (await programById(deps, c.programId));
  return {
    id: c.id,
    topicName: topicName(deps, c.topic),
    intent: c.intent,
    style: c.style,
    facilitatorId: c.facilitatorId,
    cadence: c.cadence,
    sessionMinutes: c.sessionMinutes,
    slotWeekday: c.slotWeekday,
    slotMinute: c.slotMinute,
    zone: c.zone,
    programName: program?.name ?? 'the program',
  };
}

/** A channel name nobody has: the program and topic, then a number if needed. */
export async function freeChannelName(db: DB | Tx, programName: string, topic: string): Promise<string> {
  const base = channelNameFrom(`circle-${channelNameFrom(programName, 30)}-${channelNameFrom(topic, 30)}`, 70) || 'circle';
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!await channelNameTaken(db, name)) return name;
  }
}

export interface OpenCircle extends Omit<NewCircle, 'channelName' | 'createdAt'> {
  channelName?: string;
  members: readonly { id: string; reasons: readonly string[] }[];
}

/** Stores a new circle with its members and first sessions, in the caller's transaction; Slack follows in the job. */
export async function openCircle(deps: Deps, tx: Tx, input: OpenCircle, program: ProgramSettings, now: Date): Promise<Circle> {
  const { members, channelName, ...values } = input;
  const circle = await insertCircle(tx, { ...values, channelName: channelName ?? await freeChannelName(tx, program.name, topicName(deps, input.topic)), createdAt: now });
  for (const m of members) await takeSeat(tx, { circleId: circle.id, personId: m.id, status: 'member', reasons: [...m.reasons], now });
  await planCircleSessions(tx, circle, now);
  return circle;
}

/** Plans the sessions of the next weeks (topics from the curriculum, in order); those already planned stay as they are. */
export async function planCircleSessions(tx: DB | Tx, circle: Circle, now: Date): Promise<number> {
  const already = await sessionsOf(tx, circle.id);
  const fromSeq = Math.max(circle.firstSeq, already.length ? Math.max(...already.map((s) => s.seq)) + 1 : 0);
  const upcoming = occurrencesUntil(rhythmOf(circle), new Date(now.getTime() + PLAN_AHEAD_DAYS * DAY_MS), fromSeq);
  return planSessions(
    tx,
    upcoming.map((o) => ({ circleId: circle.id, seq: o.seq, startsAt: o.startsAt, endsAt: o.endsAt, topic: circle.curriculum[o.seq] ?? null, hostId: circle.style === 'facilitated' ? circle.facilitatorId : null })),
  );
}

/** Whether the bot may name this person as the circle's host now: still in it, and neither paused nor gone. */
export const mayHost = async (db: DB | Tx, circle: Circle, personId: string, now: Date): Promise<boolean> =>
  (personId === circle.facilitatorId || (await findSeat(db, circle.id, personId))?.status === 'member') && mayPrompt(await findPerson(db, personId), now);

/**
 * Who hosts a circle's session: its facilitator, or in a peer circle the
 * members in turn, in the order they joined. Anyone paused is passed over.
 */
export async function hostOf(db: DB | Tx, circle: Circle, seq: number, now: Date): Promise<string | null> {
  if (circle.style === 'facilitated') return circle.facilitatorId !== null && await mayHost(db, circle, circle.facilitatorId, now) ? circle.facilitatorId : null;
  const hosts: string[] = [];
  for (const s of await seatsOf(db, circle.id)) if (await mayHost(db, circle, s.personId, now)) hosts.push(s.personId);
  return hostFor(seq, hosts);
}

// ── /mentor circles ────────────────────────────────────────────────────────

/** Whether every session of the circle, as its rhythm places it, falls in the person's hours (checked on the next one). */
function fitsHours(profile: MemberProfile | undefined, next: Date | null, minutes: number): boolean {
  if (!profile || !next) return true;
  const a = profile.answers;
  const window = { days: a.workDays, startMinute: a.workStartMinute, endMinute: a.workEndMinute };
  return isWithinWindow(next, window, a.timeZone) && isWithinWindow(new Date(next.getTime() + minutes * 60_000 - 1), window, a.timeZone);
}

export async function circleListings(deps: Deps, userId: string, now: Date): Promise<CircleListing[]> {
  const programs = new Map((await everyProgram(deps)).map((p) => [p.id, p]));
  const mine = (await enrollmentsOf(deps.db, userId)).filter((e) => e.status === 'active').map((e) => e.programId);
  // Read once: every listing is judged against the same hours and wishes.
  const profile = await loadProfile(deps.db, userId);
  const wanted = new Set(profile?.answers.skillsWanted ?? []);
  const listings: CircleListing[] = [];
  for (const c of await circlesIn(deps.db, mine)) {
    const seats = await seatsOf(deps.db, c.id, ['member', 'waitlisted']);
    const members = seats.filter((s) => s.status === 'member');
    const line = seats.filter((s) => s.status === 'waitlisted');
    const seat = seats.find((s) => s.personId === userId);
    // Not offered at all, rather than refused: why would tell them someone there keeps them apart.
    if (!seat && (await sharesWithSomeoneApart(deps.db, userId, c, members.map((m) => m.personId)))) continue;
    const next = (await sessionsOf(deps.db, c.id)).find((s) => s.status === 'planned' && s.startsAt.getTime() > now.getTime())?.startsAt ?? null;
    const fits = fitsHours(profile, next, c.sessionMinutes);
    const cluster = deps.taxonomy.clusters.find((cl) => cl.id === c.topic);
    const topical = cluster ? cluster.skills.some((s) => wanted.has(s.id)) : false;
    const facts = await circleFacts(deps, c, programs.get(c.programId));
    listings.push({
      circle: facts,
      next,
      seatsLeft: Math.max(0, c.sizeMax - members.length),
      members: members.length,
      fit: (topical ? 0.6 : 0) + (fits ? 0.4 : 0),
      standing: seat ? (seat.status as 'member' | 'waitlisted') : null,
      waitlistPosition: seat?.status === 'waitlisted' ? line.findIndex((s) => s.personId === userId) + 1 : null,
      blocked: c.facilitatorId === userId ? CIRCLE_WORDS.facilitates(facts) : fits ? null : CIRCLE_WORDS.timeOutsideHours,
    });
  }
  return listings;
}

/** Whether the circle's facilitator or one of `members` is kept apart from this person: one circle must never hold both. */
async function sharesWithSomeoneApart(db: DB | Tx, personId: string, circle: Pick<Circle, 'facilitatorId'>, members: readonly string[]): Promise<boolean> {
  return (await keptApartAmong(db, personId, [...members, ...(circle.facilitatorId ? [circle.facilitatorId] : [])])).size > 0;
}

export type SeatOutcome = { ok: true; message: string } | { ok: false; message: string };

/**
 * Joins a circle: a seat while there is room, else the waitlist. The check
 * and the insert are one immediate transaction, so two people pressing
 * Join for the last seat at once cannot both get it.
 */
export async function joinCircle(deps: Deps, client: WebClient, userId: string, circleId: number): Promise<SeatOutcome> {
  const now = deps.clock();
  const outcome = await deps.db.transaction(
    async (tx): Promise<SeatOutcome> => {
      const circle = await findCircle(tx, circleId);
      if (!circle || circle.status !== 'active') return { ok: false, message: CIRCLE_WORDS.ended };
      const facts = await circleFacts(deps, circle);
      const program = await programById(deps, circle.programId);
      if (!(await enrollmentsOf(tx, userId)).some((e) => e.programId === circle.programId && e.status === 'active')) return { ok: false, message: CIRCLE_WORDS.notInProgram(program?.name ?? 'its program') };
      if (circle.facilitatorId === userId) return { ok: false, message: CIRCLE_WORDS.facilitates(facts) };
      const seat = await findSeat(tx, circleId, userId);
      const line = async () => seatsOf(tx, circleId, ['waitlisted']);
      if (seat?.status === 'member') return { ok: false, message: CIRCLE_WORDS.already(facts) };
      if (seat?.status === 'waitlisted') return { ok: false, message: CIRCLE_WORDS.alreadyWaiting(facts, (await line()).findIndex((s) => s.personId === userId) + 1) };
      // Against those seated; the waitlist passes over anyone kept apart from whoever is seated by then.
      if (await sharesWithSomeoneApart(tx, userId, circle, (await seatsOf(tx, circleId, ['member'])).map((s) => s.personId))) return { ok: false, message: CIRCLE_WORDS.notOpenToYou };
      const full = (await seatsOf(tx, circleId)).length >= circle.sizeMax;
      await takeSeat(tx, { circleId, personId: userId, status: full ? 'waitlisted' : 'member', reasons: full ? [] : ['joined from /mentor circles'], now });
      return { ok: true, message: full ? CIRCLE_WORDS.waitlisted(facts, (await line()).length) : CIRCLE_WORDS.joined(facts) };
    },
    { behavior: 'immediate' },
  );
  return outcome;
}

/** Leaves a circle or its waitlist; a freed seat goes to the first in line, who is told. */
export async function leaveCircle(deps: Deps, client: WebClient, userId: string, circleId: number): Promise<SeatOutcome> {
  const now = deps.clock();
  const outcome = await deps.db.transaction(
    async (tx): Promise<SeatOutcome> => {
      const circle = await findCircle(tx, circleId);
      if (!circle) return { ok: false, message: CIRCLE_WORDS.ended };
      const facts = await circleFacts(deps, circle);
      const seat = await findSeat(tx, circleId, userId);
      if (!seat || seat.status === 'left') return { ok: false, message: CIRCLE_WORDS.notMember(facts) };
      await moveSeat(tx, seat.id, ['member', 'waitlisted'], 'left', now);
      if (seat.status === 'member' && circle.status === 'active') await fillCircleSeats(tx, circle, facts, now);
      return { ok: true, message: seat.status === 'member' ? CIRCLE_WORDS.left(facts) : CIRCLE_WORDS.leftWaitlist(facts) };
    },
    { behavior: 'immediate' },
  );
  await deliver(deps, client, now);
  return outcome;
}

/** Gives free seats to the people waiting, in the order they asked, and tells each. */
export async function fillCircleSeats(tx: Tx, circle: Circle, facts: CircleFacts, now: Date): Promise<number> {
  let room = circle.sizeMax - (await seatsOf(tx, circle.id)).length;
  let filled = 0;
  const seated = (await seatsOf(tx, circle.id, ['member'])).map((s) => s.personId);
  for (const waiting of await seatsOf(tx, circle.id, ['waitlisted'])) {
    if (room <= 0) break;
    // Kept apart from someone seated since they joined the line: they keep their place and wait for another circle.
    if (await sharesWithSomeoneApart(tx, waiting.personId, circle, seated)) continue;
    // Paused: they keep their place in line, and the seat goes to the next person who is here.
    if (!mayPrompt(await findPerson(tx, waiting.personId), now)) continue;
    if (!await moveSeat(tx, waiting.id, ['waitlisted'], 'member', now)) continue;
    room -= 1;
    filled += 1;
    seated.push(waiting.personId);
    await enqueue(tx, { key: `circle:${circle.id}:seat:${waiting.personId}:${now.getTime()}`, recipient: waiting.personId, text: CIRCLE_WORDS.seatOpened(facts), notBefore: now });
  }
  return filled;
}

/** Tells a person, as the answer to what they just did, through the outbox. */
export async function replyTo(deps: Deps, userId: string, key: string, text: string, now: Date): Promise<void> {
  await enqueueReply(deps.db, { key, recipient: userId, text, now });
}

/**
 * Someone leaves a program (or every program): their seats and places in
 * line in its circles end, each freed seat goes to the next person waiting,
 * and a circle they facilitated goes on without them, raised with the
 * program's coordinators.
 */
export async function leaveCircles(deps: Deps, tx: Tx, personId: string, programId: number | undefined, now: Date): Promise<void> {
  for (const seat of await seatsOfPerson(tx, personId, ['member', 'waitlisted'])) {
    const circle = await findCircle(tx, seat.circleId);
    if (!circle || circle.status !== 'active' || (programId !== undefined && circle.programId !== programId)) continue;
    await moveSeat(tx, seat.id, ['member', 'waitlisted'], 'left', now);
    if (seat.status === 'member') await fillCircleSeats(tx, circle, await circleFacts(deps, circle), now);
  }
  for (const circle of await circlesFacilitatedBy(tx, personId)) {
    if (programId !== undefined && circle.programId !== programId) continue;
    // Not theirs any more: not invited back to its channel, not holding one of their places, not nudged.
    await dropFacilitator(tx, circle.id);
    const program = await programById(deps, circle.programId);
    if (!program?.channel) continue;
    await enqueue(tx, { key: `circle:${circle.id}:facilitator-left:${personId}`, recipient: program.channel, text: CIRCLE_WORDS.facilitatorLeft(await circleFacts(deps, circle, program), personId), notBefore: now, workingHoursOnly: false });
  }
}
