import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { isCoordinator } from '../flows/home.js';
import { cancelRound, publishRound } from '../flows/rounds.js';
import { coordinatorOnlyMessage } from '../commands/reply.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

const ALREADY_DECIDED = 'This round has already been published or cancelled.';

export const publish = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  if (!isCoordinator(deps, body.user.id)) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: coordinatorOnlyMessage('Publish') }));
  const summary = await publishRound(deps, client, Number(action.value), body.user.id);
  if (!summary) await respond({ response_type: 'ephemeral', replace_original: false, text: ALREADY_DECIDED });
};

export const cancel = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  if (!isCoordinator(deps, body.user.id)) return void (await respond({ response_type: 'ephemeral', replace_original: false, text: coordinatorOnlyMessage('Cancel') }));
  if (!(await cancelRound(deps, client, Number(action.value), body.user.id))) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: ALREADY_DECIDED });
  }
};
