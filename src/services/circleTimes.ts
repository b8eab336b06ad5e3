import type { WebClient } from '@slack/web-api';
import type { Circle } from '../db/schema.js';
import type { Deps } from '../deps.js';
import type { MatchingPool } from '../domain/matching/pool.js';
import type { ProgramSettings } from '../domain/programs.js';
import { firstSessionDate } from '../domain/circleSchedule.js';
import { countSlots, describeSlot, hasSlot, intersectSlots, slotIndex, slotIndices } from '../domain/circles/weeklySlots.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { circlesFacilitatedBy, deletePlannedSessionsFrom, findCircle, seatsOf, seatsOfPerson, sessionsOf, setCircleSlot } from '../repos/circles.js';
import { buildNewTimes, type TimeChoice, timeMoved } from '../views/circleTimeMessages.js';
import { channelTopic } from '../views/circleMessages.js';
import { circleSlotsOf } from './circleFormation.js';
import { circleFacts, planCircleSessions } from './circles.js';
import { poolFor } from './pools.js';
import { coordinates, programById } from './programs.js';

/*
 * When a circle's time stops fitting someone (they changed their hours),
 * its facilitator (or, in a peer circle, the circle's channel) is told and
 * offered up to three weekly times that fit everyone, nearest the old one
 * first; one click moves the circle: future sessions are planned again at
 * the new time, the channel is told, and everyone gets a new calendar file.
 */

const DAY_MS = 86_400_000;
const CHOICES = 3;

export interface Fit {
  circle: Circle;
  /** Whose hours the current time no longer fits. */
  misfits: string[];
  choices: TimeChoice[];
}

/** The circle's time against the hours of everyone in it, over its coming sessions (daylight saving included), and the times that fit them all. */
export async function fitOf(deps: Deps, circle: Circle, now: Date, poolOf: (program: ProgramSettings) => Promise<MatchingPool> = async (program) => poolFor(deps, program)): Promise<Fit | undefined> {
  const program = await programById(deps, circle.programId);
  if (!program?.circleSettings) return undefined;
  const byId = new Map((await poolOf(program)).participants.map((p) => [p.id, p]));
  // In the circle's own zone: its slot was stored there, and a program may change its zone later.
  const slotsOf = circleSlotsOf({ ...program, zone: circle.zone }, { ...program.circleSettings, cadence: circle.cadence, sessionMinutes: circle.sessionMinutes }, now);
  const people = [...(await seatsOf(deps.db, circle.id)).map((s) => s.personId), ...(circle.facilitatorId ? [circle.facilitatorId] : [])];
  const sets = people.flatMap((id) => (byId.has(id) ? [[id, slotsOf(byId.get(id)!)] as const] : []));
  const current = slotIndex(circle.slotWeekday, circle.slotMinute);
  const misfits = sets.filter(([, set]) => !hasSlot(set, current)).map(([id]) => id);
  const common = intersectSlots(sets.map(([, set]) => set));
  const busy = new Set(circle.facilitatorId ? (await circlesFacilitatedBy(deps.db, circle.facilitatorId, circle.id)).map((c) => slotIndex(c.slotWeekday, c.slotMinute)) : []);
  const choices = slotIndices(common)
    .filter((s) => s !== current && !busy.has(s))
    .sort((a, b) => Math.abs(a - current) - Math.abs(b - current))
    .slice(0, CHOICES)
    .map((s) => ({ ...describeSlot(s), circleId: circle.id }));
  return { circle, misfits, choices: countSlots(common) > 0 ? choices : [] };
}

/** After someone changes their hours: each of their circles whose time no longer fits them is raised with whoever can move it. */
export async function checkCircleTimes(deps: Deps, client: WebClient, personId: string): Promise<number> {
  const now = deps.clock();
  let raised = 0;
  const circles = [...(await seatsOfPerson(deps.db, personId, ['member'])).map((s) => s.circleId), ...(await circlesFacilitatedBy(deps.db, personId)).map((c) => c.id)];
  for (const id of new Set(circles)) {
    const circle = await findCircle(deps.db, id);
    if (!circle || circle.status !== 'active') continue;
    const fit = await fitOf(deps, circle, now);
    if (!fit || !fit.misfits.includes(personId)) continue;
    if (await raiseMisfits(deps, fit, now)) raised += 1;
  }
  await deliver(deps, client, now);
  return raised;
}

/**
 * Tells whoever can move the circle that its time no longer fits someone,
 * with the times that fit everyone: once for each time and set of people
 * it misses, however the misfit came about (an edit of hours, or the
 * seasons: a circle's sessions fall in the hours of someone in another
 * zone differently after a daylight-saving change).
 */
export async function raiseMisfits(deps: Deps, fit: Fit, now: Date): Promise<boolean> {
  const { circle } = fit;
  if (fit.misfits.length === 0) return false;
  const recipient = circle.style === 'facilitated' && circle.facilitatorId ? circle.facilitatorId : circle.channelId;
  if (!recipient) return false;
  const notice = buildNewTimes({ circle: await circleFacts(deps, circle), misfits: fit.misfits, choices: fit.choices, zone: circle.zone });
  const key = `circle:${circle.id}:times:${circle.firstSeq}:${circle.slotWeekday}:${circle.slotMinute}:${[...fit.misfits].sort().join(',')}`;
  return enqueue(deps.db, { key, recipient, ...notice, notBefore: now });
}


/** Who may move a circle: its facilitator, its program's coordinators, and any member of a circle nobody facilitates (a peer circle, or one whose facilitator left). */
async function mayMove(deps: Deps, actorId: string, circle: Circle): Promise<boolean> {
  const isMember = (await seatsOf(deps.db, circle.id)).some((s) => s.personId === actorId);
  return circle.facilitatorId === actorId || await coordinates(deps, actorId, circle.programId) || ((circle.style === 'peer' || !circle.facilitatorId) && isMember);
}

/** `/mentor circles time <id>`, after the coordinators asked for a new time: the choices, to whoever may move it; else why not. */
export async function timeChoices(deps: Deps, actorId: string, circleId: number): Promise<ReturnType<typeof buildNewTimes> | string> {
  const circle = await findCircle(deps.db, circleId);
  if (!circle || circle.status !== 'active') return `Circle ${circleId} has ended, or there is none with that number: \`/mentor circles\` lists yours.`;
  if (!await mayMove(deps, actorId, circle)) return NOT_YOURS_TO_MOVE;
  const fit = await fitOf(deps, circle, deps.clock());
  return fit ? buildNewTimes({ circle: await circleFacts(deps, circle), misfits: fit.misfits, choices: fit.choices, zone: circle.zone }) : `Circle ${circleId}'s program no longer runs circles, so its time stays as it is.`;
}

const NOT_YOURS_TO_MOVE = 'Only the circle’s facilitator or its program’s coordinators can move it.';

export type MoveOutcome = { ok: true; text: string } | { ok: false; text: string };

/** Moves a circle to a new weekly time: its facilitator, any coordinator of its program, or (peer circles) any member may. */
export async function moveCircle(deps: Deps, client: WebClient, actorId: string, choice: { circleId: number; weekday: number; minuteOfDay: number }): Promise<MoveOutcome> {
  const now = deps.clock();
  const circle = await findCircle(deps.db, choice.circleId);
  if (!circle || circle.status !== 'active') return { ok: false, text: 'That circle has ended, so its time stays as it was.' };
  if (!await mayMove(deps, actorId, circle)) return { ok: false, text: NOT_YOURS_TO_MOVE };
  if (circle.slotWeekday === choice.weekday && circle.slotMinute === choice.minuteOfDay) return { ok: false, text: 'The circle already meets then.' };
  const fit = await fitOf(deps, circle, now);
  if (!fit?.choices.some((c) => c.weekday === choice.weekday && c.minuteOfDay === choice.minuteOfDay)) return { ok: false, text: `That time no longer fits everyone; \`/mentor circles time ${choice.circleId}\` shows the ones that do.` };
  const startsOn = firstSessionDate(choice.weekday, choice.minuteOfDay, circle.zone, new Date(now.getTime() + DAY_MS));
  await deps.db.transaction(async (tx) => {
    // Sessions already held keep their numbers; the rhythm starts again from the new first date, numbered on from them.
    await deletePlannedSessionsFrom(tx, circle.id, now);
    const kept = await sessionsOf(tx, circle.id);
    const firstSeq = kept.length ? Math.max(...kept.map((s) => s.seq)) + 1 : 0;
    await setCircleSlot(tx, circle.id, { slotWeekday: choice.weekday, slotMinute: choice.minuteOfDay, startsOn, firstSeq });
    const moved = await findCircle(tx, circle.id) as Circle;
    await planCircleSessions(tx, moved, now);
    if (circle.channelId) await enqueue(tx, { key: `circle:${circle.id}:moved:${startsOn}:${choice.weekday}:${choice.minuteOfDay}`, recipient: circle.channelId, ...timeMoved(await circleFacts(deps, moved), actorId), notBefore: now, workingHoursOnly: false });
  });
  await deliver(deps, client, now);
  if (circle.channelId) {
    // The channel's header states the time: cosmetic, so a failure is logged and the move stands.
    const topic = channelTopic(await circleFacts(deps, (await findCircle(deps.db, circle.id)) as Circle));
    await client.conversations.setTopic({ channel: circle.channelId, topic }).catch((e: unknown) => deps.logger.warn(`circle ${circle.id}: could not update the topic after the move:`, e));
  }
  return { ok: true, text: 'Moved. The channel is told, and everyone gets a new calendar file within minutes.' };
}

