import { z } from 'zod';
import { optionalScore, ratingComment } from '../domain/ratingFields.js';
import type { Deps } from '../deps.js';
import type { Match, Session } from '../db/schema.js';
import { findMatch } from '../repos/matches.js';
import { findRating, saveRatingRow } from '../repos/ratings.js';
import { findSession } from '../repos/sessions.js';
import { isInPair, isRunning, type PairKind, partnerOf } from '../domain/mentorship.js';
import { isPoorRating } from '../domain/poorRating.js';
import { programById } from './programs.js';
import { findPerson } from '../repos/profiles.js';
import { type ExistingRating, RATING_BLOCKS, RATING_COMMENT_MAX, SCORE_FIELDS } from '../views/ratingMessages.js';

/*
 * Ratings: each person in a held session may rate it once, and change that
 * rating for 48 hours after first sending it. Scores are 1–5 and only asked
 * for when the session happened. The rater is kept to enforce "once" and
 * allow edits; reports never read it.
 */

export const RATING_EDIT_WINDOW_MS = 48 * 3_600_000;

/** What the form sends, as Slack gives it: option values are strings, absent ones undefined or null. */
export interface RawRating {
  happened?: unknown;
  usefulness?: unknown;
  clarity?: unknown;
  applicability?: unknown;
  comment?: unknown;
}

export type SaveRatingOutcome =
  /** `seeOthers`: the mentee's rating was poor while the mentorship is open, so their thanks offers them other mentors (their choice). */
  | { ok: true; updated: boolean; partnerId: string | null; seeOthers: PairKind | null }
  | { ok: false; message: string; errors: Record<string, string> };

const ratingInput = z
  .object({
    happened: z.preprocess(
      (v) => (v === 'yes' || v === true ? true : v === 'no' || v === false ? false : undefined),
      z.boolean({ error: 'Tell us whether the session happened.' }),
    ),
    usefulness: optionalScore,
    clarity: optionalScore,
    applicability: optionalScore,
    comment: ratingComment(RATING_COMMENT_MAX),
  })
  .superRefine((value, ctx) => {
    if (!value.happened) return;
    for (const field of SCORE_FIELDS) {
      if (value[field] === undefined) ctx.addIssue({ code: 'custom', path: [field], message: 'Needed when the session happened: pick 1 to 5.' });
    }
  });

type Found = { ok: true; session: Session; match: Match; partnerId: string | null } | { ok: false; message: string };

/** The session, if this person was one of its pair and it can be rated. */
async function rateableSession(deps: Deps, userId: string, sessionId: number): Promise<Found> {
  const session = Number.isInteger(sessionId) ? await findSession(deps.db, sessionId) : undefined;
  const match = session ? await findMatch(deps.db, session.matchId) : undefined;
  if (!session || !match || !isInPair(match, userId)) return { ok: false, message: 'That session is not one of yours to rate.' };
  if (session.status === 'cancelled') return { ok: false, message: 'That session was cancelled, so there is nothing to rate.' };
  if (session.status !== 'held') return { ok: false, message: 'That session has not happened yet; you can rate it once it has ended.' };
  return { ok: true, session, match, partnerId: partnerOf(match, userId) };
}

/**
 * Only the person mentored is offered other mentors, and only while the
 * mentorship is open in a program that matches people. A mentor who rates a
 * session poorly is offered nothing: mentees choose whom to ask, and a mentor
 * can close the mentorship at a check-in.
 */
async function mayLookElsewhere(deps: Deps, match: Match, raterId: string, scores: Parameters<typeof isPoorRating>[0]): Promise<boolean> {
  if (match.menteeId !== raterId || !match.mentorId || !isRunning(match.status)) return false;
  return ((await programById(deps, match.programId))?.status ?? 'active') === 'active' && isPoorRating(scores);
}

const editClosed = (createdAt: Date, now: Date) => now.getTime() - createdAt.getTime() > RATING_EDIT_WINDOW_MS;
const EDIT_CLOSED = 'You rated this session more than 48 hours ago, so it can no longer be changed. Thank you for rating it!';

/** What the Rate button needs: whether the form may open, and the rating to pre-fill it with. */
export async function ratingForm(
  deps: Deps,
  userId: string,
  sessionId: number,
): Promise<{ ok: true; partnerName: string; existing?: ExistingRating } | { ok: false; message: string }> {
  const found = await rateableSession(deps, userId, sessionId);
  if (!found.ok) return found;
  const existing = await findRating(deps.db, sessionId, userId);
  if (existing && editClosed(existing.createdAt, deps.clock())) return { ok: false, message: EDIT_CLOSED };
  const partner = found.partnerId ? await findPerson(deps.db, found.partnerId) : undefined;
  return {
    ok: true,
    partnerName: partner?.displayName ?? 'your partner',
    ...(existing
      ? { existing: { happened: existing.happened, usefulness: existing.usefulness, clarity: existing.clarity, applicability: existing.applicability, comment: existing.comment } }
      : {}),
  };
}

/**
 * Validates and stores a rating: one row per session and rater, so a second
 * submit updates the first. Field errors come back keyed by the form's block
 * IDs; a refusal that is no one field's fault is shown on the first one.
 */
export async function saveRating(deps: Deps, userId: string, sessionId: number, raw: RawRating): Promise<SaveRatingOutcome> {
  const parsed = ratingInput.safeParse(raw);
  if (!parsed.success) {
    const errors: Record<string, string> = {};
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? RATING_BLOCKS.happened);
      const blockId = (RATING_BLOCKS as Record<string, string>)[field] ?? RATING_BLOCKS.happened;
      errors[blockId] ??= issue.message;
    }
    return { ok: false, message: Object.values(errors).join(' '), errors };
  }
  const refuse = (message: string): SaveRatingOutcome => ({ ok: false, message, errors: { [RATING_BLOCKS.happened]: message } });
  const found = await rateableSession(deps, userId, sessionId);
  if (!found.ok) return refuse(found.message);
  const input = parsed.data;
  const now = deps.clock();
  // Scores only mean something for a session that took place.
  const values = {
    happened: input.happened,
    usefulness: input.happened ? (input.usefulness ?? null) : null,
    clarity: input.happened ? (input.clarity ?? null) : null,
    applicability: input.happened ? (input.applicability ?? null) : null,
    comment: input.comment ? input.comment : null,
  };
  // One transaction: the window check and the write see the same row, so two quick submits cannot both insert.
  return deps.db.transaction(async (tx): Promise<SaveRatingOutcome> => {
    const existing = await findRating(tx, sessionId, userId);
    if (existing && editClosed(existing.createdAt, now)) return refuse(EDIT_CLOSED);
    await saveRatingRow(tx, sessionId, userId, values, now, new Date(now.getTime() - RATING_EDIT_WINDOW_MS));
    return { ok: true, updated: existing !== undefined, partnerId: found.partnerId, seeOthers: await mayLookElsewhere(deps, found.match, userId, values) ? found.match.kind : null };
  });
}
