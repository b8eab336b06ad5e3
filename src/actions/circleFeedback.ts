import type { Deps } from '../deps.js';
import { actOnCircleFlag, answerAttendance, circleRatingForm, type FlagAction } from '../services/circleFeedback.js';
import { buildCircleRatingModal, zCircleSession, zFlaggedCircle } from '../views/circleFeedbackMessages.js';
import { onButton } from './reply.js';

/** "I was there" / "I couldn't make it": the answer takes the question's place; "there" opens the rating form at once. */
export const circleAttendance = (deps: Deps, attended: boolean) =>
  onButton(deps, zCircleSession, async (args, sessionId) => {
    const outcome = await answerAttendance(deps, args.body.user.id, sessionId, attended);
    if (!outcome.ok) return { text: outcome.message };
    if (outcome.rating) await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildCircleRatingModal(outcome.rating) });
    return { text: outcome.message.text, blocks: outcome.message.blocks, replace: outcome.replace };
  });

/** Rate the session: the form, filled in with the member's rating if they gave one. */
export const circleRate = (deps: Deps) =>
  onButton(deps, zCircleSession, async (args, sessionId) => {
    const form = await circleRatingForm(deps, args.body.user.id, sessionId);
    if (!form.ok) return { text: form.message };
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildCircleRatingModal(form.form) });
  });

/** A circle flag's buttons, for the program's coordinators (the guard is registered with them); the flag then says what was done. */
export const circleFlagAction = (deps: Deps, what: FlagAction) =>
  onButton(deps, zFlaggedCircle, async ({ body, client }, circleId) => {
    const outcome = await actOnCircleFlag(deps, client, what, circleId, body.user.id);
    if (outcome.flag) return { text: outcome.flag.text, blocks: outcome.flag.blocks, replace: true };
    return { text: outcome.text, replace: outcome.settled };
  });
