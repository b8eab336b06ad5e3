import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { answerCheckIn, resumePair } from '../flows/checkIns.js';
import { cancelSession, declineSlots, pickSlot, proposeSession, rescheduleSession } from '../flows/sessions.js';
import { buildCheckInNoteModal, CHECK_IN_ACTIONS, type CheckInAnswer, GOAL_CHECK_IN_ACTIONS } from '../views/schedulingMessages.js';

type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** Replies to the person who clicked, only to them, under the message they clicked. */
const tell = (respond: ButtonArgs['respond'], text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });

export const schedule = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  const matchId = Number(action.value);
  const outcome = await proposeSession(deps, client, body.user.id, matchId);
  await tell(respond, outcome.message);
};

export const pick = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  let value: { proposalId?: unknown; index?: unknown } = {};
  try {
    value = JSON.parse(action.value ?? '{}') as typeof value;
  } catch {
    // fall through to the refusal below
  }
  const outcome = await pickSlot(deps, client, body.user.id, Number(value.proposalId), Number(value.index));
  await respond({ replace_original: outcome.ok, text: outcome.message });
};

export const noneWork = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  const outcome = await declineSlots(deps, client, body.user.id, Number(action.value));
  await respond({ replace_original: outcome.ok, text: outcome.message });
};

export const reschedule = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  await tell(respond, (await rescheduleSession(deps, client, body.user.id, Number(action.value))).message);
};

export const cancelBooked = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  await tell(respond, (await cancelSession(deps, client, body.user.id, Number(action.value))).message);
};

/** A check-in button opens a small form for an optional note; the answer is recorded on submit. */
export const checkInAnswer = () => async ({ ack, body, action, client }: ButtonArgs) => {
  await ack();
  const answer = (Object.keys(CHECK_IN_ACTIONS) as CheckInAnswer[]).find((k) => CHECK_IN_ACTIONS[k] === action.action_id) as CheckInAnswer;
  await client.views.open({ trigger_id: body.trigger_id, view: buildCheckInNoteModal({ checkInId: Number(action.value), answer }) });
};

export const goalAnswer = (deps: Deps) => async ({ ack, body, action, client, respond }: ButtonArgs) => {
  await ack();
  const answer = (Object.keys(GOAL_CHECK_IN_ACTIONS) as (keyof typeof GOAL_CHECK_IN_ACTIONS)[]).find((k) => GOAL_CHECK_IN_ACTIONS[k] === action.action_id) as keyof typeof GOAL_CHECK_IN_ACTIONS;
  const outcome = await answerCheckIn(deps, client, body.user.id, Number(action.value), answer, null);
  await respond({ replace_original: outcome.ok, text: outcome.reply });
};

export const resume = (deps: Deps) => async ({ ack, body, action, respond }: ButtonArgs) => {
  await ack();
  const resumed = resumePair(deps, body.user.id, Number(action.value));
  await respond({ replace_original: resumed, text: resumed ? 'Your mentorship is active again; check-ins start afresh.' : 'That mentorship is not paused.' });
};
