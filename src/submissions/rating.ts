import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { saveRating } from '../flows/ratings.js';
import { RATING_BLOCKS, ratingThanks } from '../views/ratingMessages.js';

type Field = keyof typeof RATING_BLOCKS;

/** Errors keep the form open and store nothing; a saved rating closes it with a short thank-you. */
export const ratingSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const state = view.state.values;
    const picked = (field: Field) => state[RATING_BLOCKS[field]]?.[RATING_BLOCKS[field]]?.selected_option?.value;
    const outcome = saveRating(deps, body.user.id, Number(view.private_metadata), {
      happened: picked('happened'),
      usefulness: picked('usefulness'),
      clarity: picked('clarity'),
      applicability: picked('applicability'),
      comment: state[RATING_BLOCKS.comment]?.[RATING_BLOCKS.comment]?.value ?? undefined,
    });
    if (!outcome.ok) {
      await ack({ response_action: 'errors', errors: outcome.errors });
      return;
    }
    await ack();
    if (outcome.partnerId) await client.chat.postMessage({ channel: body.user.id, text: ratingThanks({ partnerId: outcome.partnerId, updated: outcome.updated }) });
  };
