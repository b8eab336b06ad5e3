import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import type { PairKind } from '../domain/matching/participant.js';
import { acceptRequest, requestMentor } from '../flows/selfServe.js';
import { acceptedForMentor, buildDeclineModal, requestSent } from '../views/matchMessages.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;
const KINDS: readonly PairKind[] = ['mentoring', 'peer', 'reverse'];

/** "Request" on a suggestion card. */
export const request = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  let value: { giver?: unknown; kind?: unknown };
  try {
    value = JSON.parse(action.value ?? '{}') as typeof value;
  } catch {
    value = {};
  }
  const kind = KINDS.find((k) => k === value.kind);
  if (typeof value.giver !== 'string' || !kind) {
    await respond({ response_type: 'ephemeral', replace_original: false, text: 'That suggestion is out of date. `/mentor match` gives fresh ones.' });
    return;
  }
  const outcome = await requestMentor(deps, client, body.user.id, value.giver, kind);
  await respond({ response_type: 'ephemeral', replace_original: false, text: outcome.ok ? requestSent(value.giver) : outcome.message });
};

export const accept = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  const outcome = await acceptRequest(deps, client, body.user.id, Number(action.value));
  await respond({ replace_original: outcome.ok, text: outcome.ok ? acceptedForMentor(outcome.match.menteeId as string) : outcome.message });
};

/** Decline asks for an optional note first. */
export const decline = () => async ({ ack, body, action, client }: ButtonArgs) => {
  await ack();
  await client.views.open({ trigger_id: body.trigger_id, view: buildDeclineModal(Number(action.value)) });
};
