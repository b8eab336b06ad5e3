import { z } from 'zod';
import type { Message } from './blocks.js';
import { buildMenteeGoalCheckIn, buildMentorCheckIn, GOAL_CHECK_IN_TEXT, mentorCheckInText } from './checkInMessages.js';

/*
 * Messages the outbox keeps as a view's name and its input, rendered when
 * they are sent. The check-in fan-out queues one per active pair at once: a
 * rendered check-in is 1.8 KB of Block Kit, nearly all of it the same for
 * every pair, and writing 10,000 of them was a third of planning the fan-out.
 * Each view names the people its message mentions, so the outbox knows whom
 * a message is about (for erasure) without rendering it, and gives its
 * notification text, stored with the input: a release from before this one,
 * run again after it queued some (a rollback), posts that line rather than
 * failing the message for having no text.
 *
 * What is stored is read back by a later release, perhaps: each input is
 * checked when it is rendered, and one that no longer fits fails that
 * message with a reason rather than sending something wrong.
 */

const zUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/);

const DEFERRED = {
  mentorCheckIn: {
    input: z.object({ checkInId: z.number().int(), matchId: z.number().int(), menteeId: zUserId, weeksTogether: z.number().int(), nextSessionAt: z.number().int().nullable() }),
    render: (i: { checkInId: number; matchId: number; menteeId: string; weeksTogether: number; nextSessionAt: number | null }) =>
      buildMentorCheckIn({ ...i, nextSessionAt: i.nextSessionAt === null ? null : new Date(i.nextSessionAt) }),
    mentions: (i: { menteeId: string }) => [i.menteeId],
    text: (i: { menteeId: string }) => mentorCheckInText(i.menteeId),
  },
  menteeGoalCheckIn: {
    input: z.object({ checkInId: z.number().int(), mentorId: zUserId, goals: z.array(z.object({ aim: z.string(), dueOn: z.string() })) }),
    render: buildMenteeGoalCheckIn,
    mentions: (i: { mentorId: string }) => [i.mentorId],
    text: () => GOAL_CHECK_IN_TEXT,
  },
} as const;

type Views = typeof DEFERRED;
/** A view and the input it renders, as stored in the outbox's payload. */
export type DeferredView = { [K in keyof Views]: { view: K; input: z.infer<Views[K]['input']> } }[keyof Views];

/** The message, or why the stored input cannot be rendered. */
export function renderDeferred(stored: { view: string; input: unknown }): { ok: true; message: Message } | { ok: false; error: string } {
  const entry = (DEFERRED as Record<string, (typeof DEFERRED)[keyof Views] | undefined>)[stored.view];
  if (!entry) return { ok: false, error: `no view named ${stored.view}` };
  const input = entry.input.safeParse(stored.input);
  if (!input.success) return { ok: false, error: `stored input for ${stored.view} does not fit it: ${input.error.issues[0]?.message ?? 'invalid'}` };
  return { ok: true, message: (entry.render as (i: unknown) => Message)(input.data) };
}

/** Whom the rendered message mentions, read from the input. */
export function mentionsOf(deferred: DeferredView): string[] {
  return (DEFERRED[deferred.view].mentions as (i: unknown) => string[])(deferred.input);
}

/** The rendered message's notification text, without rendering the rest. */
export function textOf(deferred: DeferredView): string {
  return (DEFERRED[deferred.view].text as (i: unknown) => string)(deferred.input);
}
