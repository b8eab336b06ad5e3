import type { KnownBlock, ModalView } from '@slack/types';
import { actions, button, context, escape, LIMITS, type Message, mention, option, plain, section } from './blocks.js';
import { slackDate } from './format.js';
import { KIND_WORDS } from './matchMessages.js';
import type { PairKind } from '../domain/mentorship.js';
import { zId } from './values.js';

/*
 * Rating a session once it has ended: a DM with a Rate button (and at most
 * one reminder), and a short form. Comments are private: coordinators only
 * ever see them anonymously and in aggregate, and the form says so.
 */

export const RATE_ACTION = 'session_rate';
export const RATING_CALLBACK = 'session_rating';
/** The Rate button's value and the form's private_metadata: the session id. */
export const zRatingSession = zId;
export const RATING_COMMENT_MAX = 1000;
/** Block IDs double as action IDs, so field errors land on the right input. */
export const RATING_BLOCKS = {
  happened: 'happened',
  usefulness: 'usefulness',
  clarity: 'clarity',
  applicability: 'applicability',
  comment: 'comment',
} as const;
export type ScoreField = 'usefulness' | 'clarity' | 'applicability';
export const SCORE_FIELDS: readonly ScoreField[] = ['usefulness', 'clarity', 'applicability'];

export interface RatingPromptData {
  sessionId: number;
  partnerId: string;
  start: Date;
  reminder: boolean;
}

export function buildRatingPrompt(d: RatingPromptData): Message {
  const text = d.reminder ? `Reminder: how was your session with ${mention(d.partnerId)}?` : `How was your session with ${mention(d.partnerId)}?`;
  const body = d.reminder
    ? `:star: ${text} Your rating from ${slackDate(d.start, '{date_long}')} is still open; it takes under a minute.`
    : `:star: *${text}* You met on ${slackDate(d.start, '{date_long} at {time}')}. Three quick scores help the program get better.`;
  return {
    text,
    blocks: [
      section(body),
      actions(`rating_${d.sessionId}`, [button(RATE_ACTION, 'Rate', { value: d.sessionId, style: 'primary' })]),
      context('Your partner never sees your rating. You can change it for 48 hours after you send it.'),
    ],
  };
}

export interface ExistingRating {
  happened: boolean;
  usefulness: number | null;
  clarity: number | null;
  applicability: number | null;
  comment: string | null;
}

export interface RatingModalData {
  sessionId: number;
  partnerName: string;
  existing?: ExistingRating;
}

const HAPPENED_OPTIONS = [option('Yes, we met', 'yes'), option("No, it didn't happen", 'no')];
/** The 1–5 scale, shared with the circle rating so both forms ask the same questions the same way. */
export const SCORE_OPTIONS = [option('1 – not at all', '1'), option('2', '2'), option('3', '3'), option('4', '4'), option('5 – very', '5')];
export const SCORE_LABELS: Record<ScoreField, string> = {
  usefulness: 'How useful was it?',
  clarity: 'How clear was it?',
  applicability: 'How much can you apply to your work?',
};

export function buildRatingModal(d: RatingModalData): ModalView {
  const e = d.existing;
  const happenedInitial = e ? HAPPENED_OPTIONS.find((o) => o.value === (e.happened ? 'yes' : 'no')) : undefined;
  const score = (field: ScoreField): KnownBlock => {
    const value = e?.[field];
    const initial = value === null || value === undefined ? undefined : SCORE_OPTIONS.find((o) => o.value === String(value));
    return {
      type: 'input',
      block_id: RATING_BLOCKS[field],
      // Required only when the session happened: the handler checks, since a view cannot express "if".
      optional: true,
      label: plain(SCORE_LABELS[field], LIMITS.inputLabel),
      hint: plain('Needed if the session happened.', LIMITS.hint),
      element: { type: 'static_select', action_id: RATING_BLOCKS[field], placeholder: plain('1 to 5', LIMITS.placeholder), options: SCORE_OPTIONS, ...(initial ? { initial_option: initial } : {}) },
    };
  };
  return {
    type: 'modal',
    callback_id: RATING_CALLBACK,
    private_metadata: String(d.sessionId),
    title: plain('Rate your session', LIMITS.modalTitle),
    submit: plain(e ? 'Update' : 'Send', LIMITS.modalButton),
    close: plain('Cancel', LIMITS.modalButton),
    blocks: [
      section(`Your session with ${escape(d.partnerName)}.${e ? ' You rated it already; change anything below.' : ''}`),
      {
        type: 'input',
        block_id: RATING_BLOCKS.happened,
        label: plain('Did it happen?', LIMITS.inputLabel),
        element: { type: 'radio_buttons', action_id: RATING_BLOCKS.happened, options: HAPPENED_OPTIONS, ...(happenedInitial ? { initial_option: happenedInitial } : {}) },
      },
      score('usefulness'),
      score('clarity'),
      score('applicability'),
      {
        type: 'input',
        block_id: RATING_BLOCKS.comment,
        optional: true,
        label: plain('A private comment', LIMITS.inputLabel),
        hint: plain('Only program coordinators read comments, anonymously and together with everyone else’s. Your partner never sees them.', LIMITS.hint),
        element: {
          type: 'plain_text_input',
          action_id: RATING_BLOCKS.comment,
          multiline: true,
          max_length: RATING_COMMENT_MAX,
          ...(e?.comment ? { initial_value: e.comment } : {}),
        },
      },
    ],
  };
}

export function ratingThanks(d: { partnerId: string; updated: boolean }): string {
  return d.updated
    ? `Your rating of your session with ${mention(d.partnerId)} is updated. Thank you!`
    : `Thanks for rating your session with ${mention(d.partnerId)}! You can change it for 48 hours.`;
}

/** "See other mentors" under the thanks for a poor rating; its value is the session rated. */
export const RATING_OTHERS_ACTION = 'rating_see_others';

/**
 * The thanks, and for a mentee whose rating was poor a quiet way out: other
 * mentors, if they want them. It says plainly what pressing does and what
 * the coordinators will and will not learn.
 */
export function buildRatingThanks(d: { partnerId: string; updated: boolean; sessionId: number; seeOthers: PairKind | null }): { text: string; blocks?: KnownBlock[] } {
  const text = ratingThanks(d);
  if (!d.seeOthers) return { text };
  const others = `${KIND_WORDS[d.seeOthers].giver}s`;
  return {
    text,
    blocks: [
      section(`${text}\n\nIf this mentorship isn't giving you what you need, you can see which other ${others} fit you. Nothing changes unless you ask one of them and they accept.`),
      actions(`rating_others_${d.sessionId}`, [button(RATING_OTHERS_ACTION, `See other ${others}`, { value: d.sessionId })]),
      context('If you look, the program coordinators hear that you asked and whom you were offered, never how you rated.'),
    ],
  };
}
