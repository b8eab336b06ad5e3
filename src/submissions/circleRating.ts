import type { Deps } from '../deps.js';
import { saveCircleSessionRating } from '../services/circleFeedback.js';
import { CIRCLE_RATING_BLOCKS, circleRatingThanks, zCircleSession } from '../views/circleFeedbackMessages.js';
import { formReader } from '../views/formState.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

/** Errors keep the form open and store nothing; a saved rating closes it with a short thank-you. */
export const circleRatingSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const sessionId = await readMetadata(args, deps, zCircleSession);
  if (sessionId === undefined) return;
  const form = formReader(args.view.state.values);
  const outcome = await saveCircleSessionRating(deps, args.body.user.id, sessionId, {
    usefulness: form.picked(CIRCLE_RATING_BLOCKS.usefulness),
    clarity: form.picked(CIRCLE_RATING_BLOCKS.clarity),
    applicability: form.picked(CIRCLE_RATING_BLOCKS.applicability),
    comment: form.text(CIRCLE_RATING_BLOCKS.comment),
  });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: circleRatingThanks({ circle: outcome.circle, updated: outcome.updated }) });
};
