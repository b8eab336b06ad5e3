import { z } from 'zod';
import { visibleLength } from './text.js';

/** The fields every rating form shares, read as Slack sends them: one message each, whatever went wrong. */

const SCORE_ERROR = 'Pick a score from 1 to 5.';
const scoreNumber = () => z.number({ error: SCORE_ERROR }).int({ error: SCORE_ERROR }).min(1, { error: SCORE_ERROR }).max(5, { error: SCORE_ERROR });
const asNumber = (v: unknown) => (v === undefined || v === null || v === '' ? undefined : typeof v === 'string' ? Number(v) : v);

/** A 1–5 score that must be given. */
export const requiredScore = z.preprocess(asNumber, scoreNumber());
/** A 1–5 score that may be left out (a session that did not happen has none). */
export const optionalScore = z.preprocess(asNumber, scoreNumber().optional());

/** An optional comment, trimmed, refused (never cut) past `max` visible characters. */
export const ratingComment = (max: number) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.trim() : v === null ? undefined : v),
    z
      .string()
      .refine((s) => visibleLength(s) <= max, { error: `Please keep the comment to ${max} characters (nothing was cut).` })
      .optional(),
  );
