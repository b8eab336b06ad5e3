import type { Deps } from '../deps.js';
import { saveRating } from '../services/ratings.js';
import { buildRatingThanks, RATING_BLOCKS, zRatingSession } from '../views/ratingMessages.js';
import { formReader } from '../views/formState.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

/** Errors keep the form open and store nothing; a saved rating closes it with a short thank-you. */
export const ratingSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const sessionId = await readMetadata(args, deps, zRatingSession);
  if (sessionId === undefined) return;
  const form = formReader(args.view.state.values);
  const outcome = await saveRating(deps, args.body.user.id, sessionId, {
    happened: form.picked(RATING_BLOCKS.happened),
    usefulness: form.picked(RATING_BLOCKS.usefulness),
    clarity: form.picked(RATING_BLOCKS.clarity),
    applicability: form.picked(RATING_BLOCKS.applicability),
    comment: form.text(RATING_BLOCKS.comment),
  });
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  if (outcome.partnerId) await replyInDm(deps, args, buildRatingThanks({ partnerId: outcome.partnerId, updated: outcome.updated, sessionId, seeOthers: outcome.seeOthers }));
};
