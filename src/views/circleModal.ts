import type { ModalView } from '@slack/types';
import { z } from 'zod';
import type { CircleField, RawCircle } from '../domain/circleForm.js';
import { INTENT_MAX } from '../domain/circleForm.js';
import { CADENCE_WORDS, type CircleSettings } from '../domain/circleRules.js';
import type { Taxonomy } from '../domain/taxonomy.js';
import { clip, context, escape, inputFor, LIMITS, option, plain, section } from './blocks.js';
import { formReader, type FormValues } from './formState.js';
import { WEEKDAYS } from './intakeModal.js';
import { clusterSelect } from './programModal.js';
import { zId } from './values.js';

export const CIRCLE_CALLBACK = 'circle_new';
export const zCircleMeta = z.object({ programId: zId });

const optional = true;
const input = inputFor<CircleField>();

/** The clusters a program's circles may be about: its tracks, or any cluster when it has none. */
export function circleTopics(taxonomy: Taxonomy, tracks: readonly string[]): Taxonomy['clusters'] {
  return taxonomy.clusters.filter((c) => tracks.length === 0 || tracks.includes(c.id));
}

export function buildCircleModal(d: { programId: number; programName: string; zone: string; settings: CircleSettings; taxonomy: Taxonomy; topics: readonly string[] }): ModalView {
  const topics = circleTopics(d.taxonomy, d.topics);
  const s = d.settings;
  return {
    type: 'modal',
    callback_id: CIRCLE_CALLBACK,
    private_metadata: JSON.stringify({ programId: d.programId }),
    title: plain('New circle', LIMITS.modalTitle),
    submit: plain('Open it', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      section(`A circle in *${escape(clip(d.programName, 80))}*: ${s.sizeMin}–${s.sizeMax} members, meeting ${CADENCE_WORDS[s.cadence]} for ${s.sessionMinutes} minutes. Its private channel, welcome and calendar files follow once you open it.`),
      input('topic', 'Topic', clusterSelect(topics, [], false)),
      input('intent', 'What members should come away with', { type: 'plain_text_input', max_length: INTENT_MAX }, { optional }),
      input('facilitator', s.style === 'facilitated' ? 'Facilitator' : 'Facilitator (peer circles take turns hosting instead)', { type: 'users_select' }, { optional: s.style !== 'facilitated' }),
      input('members', 'Members', { type: 'multi_users_select', max_selected_items: s.sizeMax }),
      input('weekday', 'Day', { type: 'static_select', options: WEEKDAYS.map((day, i) => option(day, String(i + 1))) }),
      input('time', `Time (${d.zone})`, { type: 'timepicker' }, { hint: plain('On the hour or the half hour, inside every member’s working hours.', LIMITS.hint) }),
      input('endsOn', 'Last session by', { type: 'datepicker' }, { optional }),
      input('channelName', 'Channel name', { type: 'plain_text_input', max_length: 80, placeholder: plain('Made from the topic if empty', LIMITS.placeholder) }, { optional }),
      input('curriculum', 'Session topics, one per line', { type: 'plain_text_input', multiline: true, max_length: 3000 }, { optional }),
      context('Session topics are announced in the circle’s channel the day before each session; you can change them later.'),
    ],
  };
}

export function readCircleState(values: FormValues): RawCircle {
  const form = formReader(values);
  const fields: Exclude<CircleField, 'members'>[] = ['topic', 'intent', 'facilitator', 'weekday', 'time', 'endsOn', 'channelName', 'curriculum'];
  return { ...Object.fromEntries(fields.map((f) => [f, form.answer(f)])), members: form.users('members') } as RawCircle;
}

export const CURRICULUM_CALLBACK = 'circle_curriculum';
export const CURRICULUM_BLOCK = 'curriculum';
export const zCurriculumMeta = z.object({ circleId: zId });

/** The circle's session topics, one per line, to change; sessions already announced keep theirs. */
export function buildCurriculumModal(d: { circleId: number; topicName: string; curriculum: readonly string[]; nextSeq: number }): ModalView {
  return {
    type: 'modal',
    callback_id: CURRICULUM_CALLBACK,
    private_metadata: JSON.stringify({ circleId: d.circleId }),
    title: plain('Session topics', LIMITS.modalTitle),
    submit: plain('Save', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      section(`The *${escape(clip(d.topicName, 80))}* circle: one topic per line, session 1 first. Session ${d.nextSeq + 1} is the next one; topics of sessions already announced stay as they were.`),
      input('curriculum', 'Session topics', { type: 'plain_text_input', multiline: true, max_length: 3000, ...(d.curriculum.length ? { initial_value: d.curriculum.join('\n') } : {}) }, { optional }),
    ],
  };
}
