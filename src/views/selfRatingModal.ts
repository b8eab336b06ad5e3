import type { InputBlock, ModalView, PlainTextOption } from '@slack/types';
import { clip, escape, mrkdwn, plain } from './blocks.js';
import { formReader, type FormValues } from './formState.js';
import { zId } from './values.js';

/*
 * Rating oneself 1–5 on each of a cohort's tracks: once when joining (the
 * baseline) and again in the closing survey. The inputs are shared by both
 * forms; only the average change over enough people is ever reported.
 */

export const SELF_RATING_CALLBACK = 'cohort_self_rating';
/** The form's private_metadata (and the Rate yourself button's value): the enrollment id. */
export const zSelfRatingMeta = zId;
/** Each track's input: its block id is also its action id, so an error lands on it. */
export const TRACK_BLOCK_PREFIX = 'track:';
export const trackBlockId = (trackId: string): string => `${TRACK_BLOCK_PREFIX}${trackId}`;

/** Block Kit's caps for an input's label and hint, and a modal's title and submit. */
const LABEL_MAX = 2000;
const HINT_MAX = 2000;
const TITLE_MAX = 24;
/** The modal's 100 blocks leave room for far more, but nobody rates themselves on 30 things. */
export const TRACKS_SHOWN = 20;

export const LEVEL_OPTIONS: PlainTextOption[] = [
  { text: plain('1 – just starting', 75), value: '1' },
  { text: plain('2 – some experience', 75), value: '2' },
  { text: plain('3 – confident', 75), value: '3' },
  { text: plain('4 – strong', 75), value: '4' },
  { text: plain('5 – could teach it', 75), value: '5' },
];

export interface TrackToRate {
  id: string;
  name: string;
  /** Their earlier answer for this phase, to change. */
  level?: number;
}

/** One select per track, 1–5, required. */
export function trackInputs(tracks: readonly TrackToRate[]): InputBlock[] {
  return tracks.slice(0, TRACKS_SHOWN).map((t) => {
    const initial = LEVEL_OPTIONS.find((o) => o.value === String(t.level));
    return {
      type: 'input',
      block_id: trackBlockId(t.id),
      label: plain(t.name, LABEL_MAX),
      element: { type: 'static_select', action_id: trackBlockId(t.id), placeholder: plain('1 to 5', 150), options: LEVEL_OPTIONS, ...(initial ? { initial_option: initial } : {}) },
    };
  });
}

export const SELF_RATING_PRIVACY = (minRaters: number): string =>
  `Only you see your own numbers. Coordinators see the average change per track, and only once ${minRaters} or more people have rated themselves at both the start and the close.`;

export function buildSelfRatingModal(d: { enrollmentId: number; programName: string; tracks: readonly TrackToRate[]; minRaters: number; updating: boolean }): ModalView {
  return {
    type: 'modal',
    callback_id: SELF_RATING_CALLBACK,
    private_metadata: String(d.enrollmentId),
    title: plain('Rate yourself', TITLE_MAX),
    submit: plain(d.updating ? 'Update' : 'Save', TITLE_MAX),
    close: plain('Cancel', TITLE_MAX),
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          clip(`Where do you stand today on each track of *${escape(d.programName)}*? There are no wrong answers: it is your starting point, and at the close you'll rate yourself again to see how far you came.`, 3000),
        ),
      },
      ...trackInputs(d.tracks),
      { type: 'context', elements: [mrkdwn(clip(SELF_RATING_PRIVACY(d.minRaters), HINT_MAX))] },
    ],
  };
}

/** What the form sent for each track, as picked: the service checks them. */
export function readTrackLevels(values: FormValues, trackIds: readonly string[]): Record<string, string | undefined> {
  const form = formReader(values);
  return Object.fromEntries(trackIds.map((id) => [id, form.picked(trackBlockId(id))]));
}
