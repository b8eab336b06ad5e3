import { visibleLength } from './text.js';
import { channelNameProblem, CIRCLE_SIZE_MAX, CIRCLE_SIZE_MIN, type CircleSettings } from './circleRules.js';

/**
 * A coordinator's circle, made by hand: what the form asks, and every
 * reason to refuse it, each on its field. The facts that need the database
 * or the calendar (who is in the program, whose hours the time fits, who
 * has room) are worked out by the caller and passed in, so the rules read
 * in one place and are tested without Slack.
 */

export type CircleField = 'topic' | 'intent' | 'facilitator' | 'members' | 'weekday' | 'time' | 'endsOn' | 'channelName' | 'curriculum';

export interface RawCircle {
  topic?: string;
  intent?: string;
  facilitator?: string;
  members: readonly string[];
  weekday?: string;
  time?: string;
  endsOn?: string;
  channelName?: string;
  curriculum?: string;
}

export interface CircleFormFacts {
  settings: CircleSettings;
  topics: ReadonlySet<string>;
  /** Members and facilitator who are active in the program. */
  inProgram: ReadonlySet<string>;
  /** Of the people named, those whose working hours hold every session at the chosen time. */
  fitsTime: (weekday: number, minute: number) => ReadonlySet<string>;
  /** Circles the facilitator can still take on (their capacity less what they mentor and facilitate). */
  facilitatorRoom: number;
  /** Whether another circle the facilitator leads meets at an overlapping time. */
  facilitatorBusyAt: (weekday: number, minute: number) => boolean;
  channelNameTaken: (name: string) => boolean;
  names: (id: string) => string;
  today: string;
}

export interface CircleAnswers {
  topic: string;
  intent: string;
  facilitatorId: string | null;
  memberIds: string[];
  weekday: number;
  minute: number;
  endsOn: string | null;
  channelName: string | null;
  curriculum: string[];
}

export type CircleFormResult = { ok: true; answers: CircleAnswers } | { ok: false; errors: Partial<Record<CircleField, string>> };

export const INTENT_MAX = 200;
const CURRICULUM_MAX = 20;
const list = (names: readonly string[]) => (names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`);

export function validateCircleForm(raw: RawCircle, facts: CircleFormFacts): CircleFormResult {
  const errors: Partial<Record<CircleField, string>> = {};
  const fail = (field: CircleField, message: string) => void (errors[field] ??= message);
  const topic = (raw.topic ?? '').trim();
  if (!facts.topics.has(topic)) fail('topic', 'Pick the topic the circle is about.');
  const intent = (raw.intent ?? '').trim();
  if (visibleLength(intent) > INTENT_MAX) fail('intent', `Keep the intent to one line, under ${INTENT_MAX} characters (nothing was cut).`);

  const facilitatorId = (raw.facilitator ?? '').trim() || null;
  const memberIds = [...new Set(raw.members)];
  const { sizeMin, sizeMax } = facts.settings;
  if (facts.settings.style === 'facilitated' && !facilitatorId) fail('facilitator', 'This program’s circles have a facilitator: pick one.');
  if (facilitatorId && memberIds.includes(facilitatorId)) fail('members', `${facts.names(facilitatorId)} facilitates the circle, so they do not also take a member's seat.`);
  if (memberIds.length < Math.max(CIRCLE_SIZE_MIN, sizeMin)) fail('members', `A circle here has at least ${Math.max(CIRCLE_SIZE_MIN, sizeMin)} members; you picked ${memberIds.length}.`);
  if (memberIds.length > Math.min(CIRCLE_SIZE_MAX, sizeMax)) fail('members', `A circle here has at most ${Math.min(CIRCLE_SIZE_MAX, sizeMax)} members; you picked ${memberIds.length}.`);
  const outside = memberIds.filter((id) => !facts.inProgram.has(id));
  if (outside.length) fail('members', `${list(outside.map(facts.names))} ${outside.length === 1 ? 'is' : 'are'} not taking part in the program (or left it).`);
  if (facilitatorId && !facts.inProgram.has(facilitatorId)) fail('facilitator', `${facts.names(facilitatorId)} is not taking part in the program.`);
  else if (facilitatorId && facts.facilitatorRoom <= 0) fail('facilitator', `${facts.names(facilitatorId)} has no room left: their mentees and circles already fill their capacity.`);

  const weekday = Number(raw.weekday);
  const [h, m] = (raw.time ?? '').split(':').map(Number);
  const minute = (h ?? Number.NaN) * 60 + (m ?? Number.NaN);
  if (!(weekday >= 1 && weekday <= 7)) fail('weekday', 'Pick the day the circle meets.');
  if (!Number.isInteger(minute) || minute < 0 || minute >= 24 * 60) fail('time', 'Pick the time the circle meets.');
  else if (minute % 30 !== 0) fail('time', 'Pick a time on the hour or the half hour.');
  else if (weekday >= 1 && weekday <= 7) {
    const fits = facts.fitsTime(weekday, minute);
    // People outside the program are refused on their own field; their hours are not the question.
    const everyone = [...memberIds, ...(facilitatorId ? [facilitatorId] : [])].filter((id) => facts.inProgram.has(id));
    const missing = everyone.filter((id) => !fits.has(id));
    if (everyone.length > 0 && missing.length === everyone.length) fail('time', 'That time is outside everyone’s working hours. `/mentor circle form` finds a time that fits.');
    else if (missing.length) fail('time', `That time is outside the working hours of ${list(missing.map(facts.names))} on some of the sessions.`);
    if (facilitatorId && facts.facilitatorBusyAt(weekday, minute)) fail('facilitator', `${facts.names(facilitatorId)} already leads a circle at that time.`);
  }

  const endsOn = (raw.endsOn ?? '').trim() || null;
  if (endsOn && endsOn <= facts.today) fail('endsOn', `The end date (${endsOn}) must be after today.`);
  const channelName = (raw.channelName ?? '').trim() || null;
  if (channelName) {
    const problem = channelNameProblem(channelName);
    if (problem) fail('channelName', problem);
    else if (facts.channelNameTaken(channelName)) fail('channelName', `#${channelName} is taken; pick another name, or leave it empty for one made from the topic.`);
  }
  const curriculum = parseCurriculum(raw.curriculum);
  if (!curriculum.ok) fail('curriculum', curriculum.error);

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, answers: { topic, intent, facilitatorId, memberIds, weekday, minute, endsOn, channelName, curriculum: curriculum.ok ? curriculum.topics : [] } };
}

/** Session topics, one per line, in order: what the form asks and the curriculum editor saves. */
export function parseCurriculum(text: string | undefined): { ok: true; topics: string[] } | { ok: false; error: string } {
  const topics = (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  if (topics.length > CURRICULUM_MAX) return { ok: false, error: `List at most ${CURRICULUM_MAX} session topics, one per line.` };
  if (topics.some((line) => visibleLength(line) > 150)) return { ok: false, error: 'Keep each session topic under 150 characters.' };
  return { ok: true, topics };
}
