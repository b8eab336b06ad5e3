import type { WebClient } from '@slack/web-api';
import type { CircleSession } from '../db/schema.js';
import type { Deps } from '../deps.js';
import { type CircleField, parseCurriculum, type RawCircle, validateCircleForm } from '../domain/circleForm.js';
import { firstSessionDate } from '../domain/circleSchedule.js';
import { hasSlot, slotIndex } from '../domain/circles/weeklySlots.js';
import { localDateOf } from '../domain/localTime.js';
import type { ProgramSettings } from '../domain/programs.js';
import { channelNameTaken, circlesFacilitatedBy, findCircle, plannedSessionsFrom, setCurriculum, setSessionTopic } from '../repos/circles.js';
import { deliveryOf } from '../outbox/outbox.js';
import { findPerson } from '../repos/profiles.js';
import { buildCircleModal, buildCurriculumModal } from '../views/circleModal.js';
import { circleSlotsOf, LEAD_DAYS } from './circleFormation.js';
import { openCircle, topicName } from './circles.js';
import { poolFor } from './pools.js';
import { coordinates, programById } from './programs.js';

/** A coordinator's circle, made by hand from the form: every check on its field, nothing stored unless all pass. */

const DAY_MS = 86_400_000;

export async function openCircleForm(deps: Deps, client: WebClient, triggerId: string, program: ProgramSettings): Promise<void> {
  if (!program.circleSettings) return;
  await client.views.open({
    trigger_id: triggerId,
    view: buildCircleModal({ programId: program.id, programName: program.name, zone: program.zone, settings: program.circleSettings, taxonomy: deps.taxonomy, topics: program.tracks }),
  });
}

export type SaveCircleOutcome = { ok: true; circleId: number; channelName: string } | { ok: false; errors: Partial<Record<CircleField, string>> };

export async function saveCircleForm(deps: Deps, actorId: string, programId: number, raw: RawCircle): Promise<SaveCircleOutcome> {
  const program = await programById(deps, programId);
  if (!program || !await coordinates(deps, actorId, programId)) return { ok: false, errors: { topic: 'Only the program’s coordinators can open its circles.' } };
  const settings = program.circleSettings;
  if (!settings) return { ok: false, errors: { topic: `${program.name} does not run circles any more.` } };
  const now = deps.clock();
  const pool = await poolFor(deps, program);
  const byId = new Map(pool.participants.map((p) => [p.id, p]));
  const slotsOf = circleSlotsOf(program, settings, now);
  const named = [...new Set([...raw.members, ...(raw.facilitator ? [raw.facilitator] : [])])];
  const slots = new Map(named.flatMap((id) => (byId.has(id) ? [[id, slotsOf(byId.get(id)!)] as const] : [])));
  const facilitator = raw.facilitator ? byId.get(raw.facilitator) : undefined;
  // The form's rules are pure and synchronous: what they ask the database is read here, first.
  const led = raw.facilitator ? await circlesFacilitatedBy(deps.db, raw.facilitator) : [];
  const wantedName = (raw.channelName ?? '').trim();
  const takenNames = new Set(wantedName && (await channelNameTaken(deps.db, wantedName)) ? [wantedName] : []);
  const names = await displayNames(deps, [...named, ...(raw.facilitator ? [raw.facilitator.trim()] : [])]);
  const checked = validateCircleForm(raw, {
    settings,
    topics: new Set((program.tracks.length ? deps.taxonomy.clusters.filter((c) => program.tracks.includes(c.id)) : deps.taxonomy.clusters).map((c) => c.id)),
    inProgram: new Set(byId.keys()),
    fitsTime: (weekday, minute) => new Set([...slots].filter(([, set]) => hasSlot(set, slotIndex(weekday, minute))).map(([id]) => id)),
    facilitatorRoom: facilitator ? facilitator.capacity - facilitator.load : 0,
    facilitatorBusyAt: (weekday, minute) => led.some((c) => c.slotWeekday === weekday && Math.abs(c.slotMinute - minute) < Math.max(c.sessionMinutes, settings.sessionMinutes)),
    channelNameTaken: (name) => takenNames.has(name),
    names: (id) => names.get(id) ?? id,
    today: localDateOf(now, program.zone),
  });
  if (!checked.ok) return checked;
  const a = checked.answers;
  const circle = await deps.db.transaction(
    async (tx) =>
      openCircle(
        deps,
        tx,
        {
          programId,
          topic: a.topic,
          intent: a.intent,
          style: settings.style,
          facilitatorId: a.facilitatorId,
          sizeMin: settings.sizeMin,
          sizeMax: settings.sizeMax,
          cadence: settings.cadence,
          sessionMinutes: settings.sessionMinutes,
          slotWeekday: a.weekday,
          slotMinute: a.minute,
          zone: program.zone,
          startsOn: firstSessionDate(a.weekday, a.minute, program.zone, new Date(now.getTime() + LEAD_DAYS * DAY_MS)),
          endsOn: a.endsOn ?? program.endsOn,
          curriculum: a.curriculum,
          createdBy: actorId,
          ...(a.channelName ? { channelName: a.channelName } : {}),
          members: a.memberIds.map((id) => ({ id, reasons: ['chosen by the coordinators'] })),
        },
        program,
        now,
      ),
    { behavior: 'immediate' },
  );
  return { ok: true, circleId: circle.id, channelName: circle.channelName };
}

/** Each person's display name (their id when there is none), read one by one. */
async function displayNames(deps: Deps, ids: readonly string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const id of new Set(ids)) names.set(id, (await findPerson(deps.db, id))?.displayName ?? id);
  return names;
}

/** Sessions whose topic may still change: planned, and not yet announced in the channel. */
async function unannounced(deps: Deps, circleId: number, now: Date): Promise<CircleSession[]> {
  const sessions: CircleSession[] = [];
  for (const s of await plannedSessionsFrom(deps.db, circleId, now)) {
    if ((await deliveryOf(deps.db, `circle-session:${s.id}:announce`)) === undefined) sessions.push(s);
  }
  return sessions;
}

export type CurriculumOpen = { ok: true } | { ok: false; message: string };

/** `/mentor circle topics <number>`: the circle's session topics in a form, for its program's coordinators. */
export async function openCurriculumForm(deps: Deps, client: WebClient, triggerId: string, actorId: string, circleId: number): Promise<CurriculumOpen> {
  const circle = await findCircle(deps.db, circleId);
  if (!circle || circle.status !== 'active') return { ok: false, message: `There is no open circle number ${circleId}.` };
  if (!await coordinates(deps, actorId, circle.programId)) return { ok: false, message: 'Only the coordinators of the circle’s program can change its topics.' };
  const next = (await unannounced(deps, circleId, deps.clock()))[0]?.seq ?? 0;
  await client.views.open({ trigger_id: triggerId, view: buildCurriculumModal({ circleId, topicName: topicName(deps, circle.topic), curriculum: circle.curriculum, nextSeq: next }) });
  return { ok: true };
}

export type CurriculumSaved = { ok: true; changed: number } | { ok: false; error: string };

/** Saves the topics and gives them to the sessions not yet announced. */
export async function saveCurriculum(deps: Deps, actorId: string, circleId: number, text: string | undefined): Promise<CurriculumSaved> {
  const circle = await findCircle(deps.db, circleId);
  if (!circle || circle.status !== 'active') return { ok: false, error: 'That circle has ended, so nothing was changed.' };
  if (!await coordinates(deps, actorId, circle.programId)) return { ok: false, error: 'Only the coordinators of the circle’s program can change its topics.' };
  const parsed = parseCurriculum(text);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  const sessions = await unannounced(deps, circleId, deps.clock());
  await deps.db.transaction(async (tx) => {
    await setCurriculum(tx, circleId, parsed.topics);
    for (const s of sessions) await setSessionTopic(tx, s.id, parsed.topics[s.seq] ?? null);
  });
  return { ok: true, changed: sessions.length };
}
