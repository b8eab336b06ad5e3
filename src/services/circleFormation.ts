import type { WebClient } from '@slack/web-api';
import type { DB, Tx } from '../db/client.js';
import type { Deps } from '../deps.js';
import type { CircleSettings as ProgramCircles } from '../domain/circleRules.js';
import { firstSessionDate } from '../domain/circleSchedule.js';
import { addCalendarDays, instantOf } from '../domain/localTime.js';
import { type CircleReason, formCircles, type FormedCircle, type UnplacedReason } from '../domain/circles/formation.js';
import { availableSlots, describeSlot, slotCalendar, type SlotSet } from '../domain/circles/weeklySlots.js';
import type { Participant } from '../domain/matching/participant.js';
import type { ProgramSettings } from '../domain/programs.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { circlesFacilitatedBy, circlesIn, createFormation, decideFormation, findFormation, seatsOf, setFormationMessage, wantsGroup } from '../repos/circles.js';
import { buildFormationPreview, formationDecided, type FormationView, reasonWords, unplacedMessage } from '../views/circleFormationMessages.js';
import { noChannel } from '../views/roundPreview.js';
import { noCircles } from '../views/programWords.js';
import { checkChannel } from './channels.js';
import { openCircle, topicName } from './circles.js';
import { poolFor } from './pools.js';
import { exclusionPairs } from '../repos/exclusions.js';
import { programById } from './programs.js';

/*
 * Forming a program's circles: everyone active in it who asked for group
 * mentoring (their meeting format) and is not yet in one of its circles is
 * partitioned by the engine (src/domain/circles), previewed in the program's
 * channel with each placement explained, and published like a matching
 * round: all circles open in one transaction, and everyone not placed is told why.
 */

const DAY_MS = 86_400_000;
/** Slots must fit every session this far ahead (or to the cohort's end): long enough to cross a DST change. */
const HORIZON_DAYS = 16 * 7;
/** The first session is at least this far off, so the welcome and calendar files arrive first. */
export const LEAD_DAYS = 3;

export interface StoredFormation {
  circles: (Omit<FormedCircle, 'members'> & { weekday: number; minuteOfDay: number; members: { id: string; fit: number; reasons: string[] }[] })[];
  unplaced: { id: string; reason: UnplacedReason }[];
  totalFit: number;
  upperBound: number;
  settings: ProgramCircles;
}

const horizonOf = (program: ProgramSettings, now: Date) => {
  // The end of the cohort's last day in its own zone, not in UTC.
  const end = program.endsOn ? instantOf(addCalendarDays(program.endsOn, 1), 0, program.zone).getTime() : Number.NaN;
  return new Date(Number.isFinite(end) && end > now.getTime() + 14 * DAY_MS ? end : now.getTime() + HORIZON_DAYS * DAY_MS);
};

/** Each person's weekly slots for the program's circles: every session from a few days on, to the horizon, inside their hours. */
export function circleSlotsOf(program: ProgramSettings, settings: ProgramCircles, now: Date): (p: Participant) => SlotSet {
  const from = new Date(now.getTime() + LEAD_DAYS * DAY_MS);
  const calendar = slotCalendar({ timeZone: program.zone, cadence: settings.cadence, sessionMinutes: settings.sessionMinutes, from, until: horizonOf(program, now) });
  return (p) => availableSlots(calendar, { timeZone: p.timeZone, windows: [p.availability] });
}

/** Everyone with a seat or a place in line in one of the program's circles. */
async function seatedIn(db: DB | Tx, programId: number): Promise<Set<string>> {
  const seated = new Set<string>();
  for (const c of await circlesIn(db, [programId])) {
    for (const s of await seatsOf(db, c.id, ['member', 'waitlisted'])) seated.add(s.personId);
  }
  return seated;
}

/** The engine's proposal for a program, with reasons in words; pure apart from reading the pool. */
export async function proposeCircles(deps: Deps, program: ProgramSettings, settings: ProgramCircles, now: Date): Promise<StoredFormation> {
  const pool = await poolFor(deps, program);
  const placed = await seatedIn(deps.db, program.id);
  const seekers = await wantsGroup(deps.db, pool.participants.map((p) => p.id));
  const slotsOf = circleSlotsOf(program, settings, now);
  const clusters = program.tracks.length ? deps.taxonomy.clusters.filter((c) => program.tracks.includes(c.id)) : deps.taxonomy.clusters;
  const topics = clusters.map((c) => ({ id: c.id, name: c.name, skillIds: c.skills.map((s) => s.id) }));
  const members = pool.participants
    .filter((p) => seekers.has(p.id) && !placed.has(p.id))
    .map((p) => ({ id: p.id, slots: slotsOf(p), wants: p.wanted, department: p.department, level: p.level, location: p.location }));
  const facilitators =
    settings.style === 'facilitated'
      ? pool.participants
          .filter((p) => p.roles.includes('mentor'))
          .map((p) => ({ id: p.id, slots: slotsOf(p), offers: p.offered, capacityLeft: Math.max(0, p.capacity - p.load), department: p.department, level: p.level }))
          .filter((f) => f.capacityLeft > 0)
      : [];
  const outcome = formCircles({ settings: { sizeMin: settings.sizeMin, sizeMax: settings.sizeMax, mode: settings.style, topics, sessionMinutes: settings.sessionMinutes }, members, facilitators, apart: await exclusionPairs(deps.db) }, { seed: program.id });
  if (!outcome.ok) throw new Error(`circle formation for program ${program.id}: ${outcome.problems.map((p) => p.message).join('; ')}`);
  const names = new Map(topics.map((t) => [t.id, t.name]));
  return {
    circles: outcome.circles.map((c) => {
      const { weekday, minuteOfDay } = describeSlot(c.slotIndex);
      return { ...c, weekday, minuteOfDay, members: c.members.map((m) => ({ id: m.id, fit: m.fit, reasons: m.reasons.map((r: CircleReason) => reasonWords(r, names, program.zone)) })) };
    }),
    unplaced: outcome.unplaced,
    totalFit: outcome.totalFit,
    upperBound: outcome.upperBound,
    settings,
  };
}

export type FormationResult = { ok: true; formationId: number; proposal: StoredFormation } | { ok: false; message: string };

/** Previews a formation in the program's channel, with Publish and Cancel. */
export async function previewCircles(deps: Deps, client: WebClient, coordinatorId: string, program: ProgramSettings): Promise<FormationResult> {
  const settings = program.circleSettings;
  if (!settings) return { ok: false, message: noCircles(program) };
  const channel = program.channel;
  if (!channel) return { ok: false, message: noChannel(program) };
  const problem = await checkChannel(client, channel);
  if (problem) return { ok: false, message: `I can't post the circles preview in <#${channel}>: ${problem}` };
  const now = deps.clock();
  const proposal = await proposeCircles(deps, program, settings, now);
  const formation = await createFormation(deps.db, { programId: program.id, createdBy: coordinatorId, proposal: proposal as unknown as Record<string, unknown>, channelId: channel, now });
  // The coordinator is waiting, and Publish and Cancel edit the preview by its ts: posted directly.
  const posted = await client.chat.postMessage({ channel, ...buildFormationPreview(viewOf(deps, formation.id, coordinatorId, program, proposal)) });
  await setFormationMessage(deps.db, formation.id, posted.ts ?? null);
  return { ok: true, formationId: formation.id, proposal };
}

function viewOf(deps: Deps, formationId: number, coordinatorId: string, program: ProgramSettings, p: StoredFormation): FormationView {
  return {
    formationId,
    coordinatorId,
    programName: program.name,
    zone: program.zone,
    settings: p.settings,
    circles: p.circles.map((c) => ({ topicName: topicName(deps, c.topicId), facilitatorId: c.facilitatorId, weekday: c.weekday, minuteOfDay: c.minuteOfDay, fit: c.fit, members: c.members })),
    unplaced: p.unplaced,
    totalFit: p.totalFit,
    upperBound: p.upperBound,
  };
}

export interface FormationSummary {
  opened: number;
  skipped: number;
  told: number;
}

/**
 * Publishes a previewed formation, once: every circle opens in one
 * transaction with its members and sessions; a circle whose people changed
 * since the preview (someone left the program or joined another of its
 * circles, the facilitator filled up) is skipped and its members wait for
 * the next formation. Everyone not placed is told why.
 */
export async function publishCircles(deps: Deps, client: WebClient, formationId: number, actorId: string): Promise<FormationSummary | undefined> {
  const now = deps.clock();
  const done = await deps.db.transaction(async (tx) => {
    const formation = await decideFormation(tx, formationId, 'published', actorId, now);
    if (!formation) return undefined;
    const program = await programById(deps, formation.programId);
    if (!program) return undefined;
    const p = formation.proposal as unknown as StoredFormation;
    const summary: FormationSummary = { opened: 0, skipped: 0, told: 0 };
    const taken = await seatedIn(tx, program.id);
    const stillIn = new Set((await poolFor(deps, program, tx)).participants.map((x) => x.id));
    for (const c of p.circles) {
      if (!await stillFits(tx, c, taken, stillIn)) {
        summary.skipped += 1;
        continue;
      }
      await openCircle(
        deps,
        tx,
        {
          programId: program.id,
          topic: c.topicId,
          intent: '',
          style: p.settings.style,
          facilitatorId: c.facilitatorId,
          sizeMin: p.settings.sizeMin,
          sizeMax: p.settings.sizeMax,
          cadence: p.settings.cadence,
          sessionMinutes: p.settings.sessionMinutes,
          slotWeekday: c.weekday,
          slotMinute: c.minuteOfDay,
          zone: program.zone,
          startsOn: firstSessionDate(c.weekday, c.minuteOfDay, program.zone, new Date(now.getTime() + LEAD_DAYS * DAY_MS)),
          endsOn: program.endsOn,
          curriculum: [],
          formationId,
          createdBy: actorId,
          members: c.members,
        },
        program,
        now,
      );
      for (const m of c.members) taken.add(m.id);
      summary.opened += 1;
    }
    for (const u of p.unplaced) {
      if (await enqueue(tx, { key: `formation:${formationId}:unplaced:${u.id}`, recipient: u.id, text: unplacedMessage(u.reason, program.name), notBefore: now })) summary.told += 1;
    }
    return { formation, summary };
  });
  if (!done) return undefined;
  const { formation, summary } = done;
  if (formation.channelId && formation.messageTs) {
    await client.chat.update({ channel: formation.channelId, ts: formation.messageTs, ...formationDecided(formationId, `Published by <@${actorId}>: ${summary.opened} ${summary.opened === 1 ? 'circle' : 'circles'} opened${summary.skipped ? `, ${summary.skipped} skipped because their people changed since the preview` : ''}, ${summary.told} ${summary.told === 1 ? 'person' : 'people'} told why they are not in one yet. Each circle's channel follows within minutes.`) });
  }
  await deliver(deps, client, now);
  return summary;
}

async function stillFits(tx: Tx, c: StoredFormation['circles'][number], taken: ReadonlySet<string>, stillIn: ReadonlySet<string>): Promise<boolean> {
  if (c.members.some((m) => taken.has(m.id) || !stillIn.has(m.id))) return false;
  if (!c.facilitatorId) return true;
  // A facilitator who took other circles since the preview must not end up with two at the same time.
  return !(await circlesFacilitatedBy(tx, c.facilitatorId)).some((other) => other.slotWeekday === c.weekday && Math.abs(other.slotMinute - c.minuteOfDay) < other.sessionMinutes);
}

export async function cancelCircles(deps: Deps, client: WebClient, formationId: number, actorId: string): Promise<boolean> {
  const formation = await decideFormation(deps.db, formationId, 'cancelled', actorId, deps.clock());
  if (!formation) return false;
  if (formation.channelId && formation.messageTs) {
    await client.chat.update({ channel: formation.channelId, ts: formation.messageTs, ...formationDecided(formationId, `Cancelled by <@${actorId}>. No circle was opened and nobody was told.`) });
  }
  return true;
}

export const programOfFormation = async (deps: Deps, formationId: number): Promise<number | undefined> => (await findFormation(deps.db, formationId))?.programId;
