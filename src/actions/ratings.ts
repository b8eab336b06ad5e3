import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { ratingForm } from '../flows/ratings.js';
import { buildRatingModal } from '../views/ratingMessages.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The Rate button opens the rating form, filled in with the person's rating if they gave one. */
export const rate = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  const sessionId = Number(action.value);
  const form = ratingForm(deps, body.user.id, sessionId);
  if (!form.ok) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: form.message });
    return;
  }
  await client.views.open({ trigger_id: body.trigger_id, view: buildRatingModal({ sessionId, partnerName: form.partnerName, existing: form.existing }) });
};
