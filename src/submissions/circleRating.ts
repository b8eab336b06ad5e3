import type { Deps } from '../deps.js';
import { saveCircleSessionRating } from '../services/circleFeedback.js';
import { CIRCLE_RATING_BLOCKS, circleRatingThanks, zCircleSession } from '../views/circleFeedbackMessages.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

type Field = keyof typeof CIRCLE_RATING_BLOCKS;

/** Errors keep the form open and store nothing; a saved rating closes it with a short thank-you. */
export const circleRatingSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const sessionId = await readMetadata(args, deps, zCircleSession);
  if (sessionId === undefined) return;
  const state = args.view.state.values;
  const picked = (field: Field) => state[CIRCLE_RATING_BLOCKS[field]]?.[CIRCLE_RATING_BLOCKS[field]]?.selected_option?.value;
  const outcome = saveCircleSessionRating(deps, args.body.user.id, sessionId, {
    usefulness: picked('usefulness'),
    clarity: picked('clarity'),
    applicability: picked('applicability'),
    comment: state[CIRCLE_RATING_BLOCKS.comment]?.[CIRCLE_RATING_BLOCKS.comment]?.value ?? undefined,
  });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: circleRatingThanks({ circle: outcome.circle, updated: outcome.updated }) });
};
