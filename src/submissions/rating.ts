import type { Deps } from '../deps.js';
import { saveRating } from '../services/ratings.js';
import { buildRatingThanks, RATING_BLOCKS, zRatingSession } from '../views/ratingMessages.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

type Field = keyof typeof RATING_BLOCKS;

/** Errors keep the form open and store nothing; a saved rating closes it with a short thank-you. */
export const ratingSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const sessionId = await readMetadata(args, deps, zRatingSession);
  if (sessionId === undefined) return;
  const state = args.view.state.values;
  const picked = (field: Field) => state[RATING_BLOCKS[field]]?.[RATING_BLOCKS[field]]?.selected_option?.value;
  const outcome = saveRating(deps, args.body.user.id, sessionId, {
    happened: picked('happened'),
    usefulness: picked('usefulness'),
    clarity: picked('clarity'),
    applicability: picked('applicability'),
    comment: state[RATING_BLOCKS.comment]?.[RATING_BLOCKS.comment]?.value ?? undefined,
  });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  if (outcome.partnerId) await replyInDm(deps, args, buildRatingThanks({ partnerId: outcome.partnerId, updated: outcome.updated, sessionId, seeOthers: outcome.seeOthers }));
};
