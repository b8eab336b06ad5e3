import type { Deps } from '../deps.js';
import { answerCheckIn, resumePair } from '../services/checkIns.js';
import { publishHome } from '../services/home.js';
import { cancelSession, declineSlots, pickSlot, proposeSession, rescheduleSession } from '../services/sessions.js';
import { buildCheckInNoteModal, CHECK_IN_ACTIONS, type CheckInAnswer, GOAL_CHECK_IN_ACTIONS, zCheckInValue } from '../views/checkInMessages.js';
import { zMatchValue } from '../views/stalledPairMessages.js';
import { zProposalValue, zSessionValue, zSlotPick } from '../views/sessionMessages.js';
import { type ButtonArgs, readButton, tellClicker } from './reply.js';

export const schedule = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const matchId = await readButton(args, deps, zMatchValue);
  if (matchId === undefined) return;
  const outcome = await proposeSession(deps, args.client, args.body.user.id, matchId);
  await tellClicker(args, deps, { text: outcome.message, ...(outcome.ok ? {} : { blocks: outcome.blocks }) });
};

export const pick = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const value = await readButton(args, deps, zSlotPick, { json: true });
  if (value === undefined) return;
  const outcome = await pickSlot(deps, args.client, args.body.user.id, value.proposalId, value.index);
  await tellClicker(args, deps, { text: outcome.message, replace: outcome.ok });
};

export const noneWork = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const proposalId = await readButton(args, deps, zProposalValue);
  if (proposalId === undefined) return;
  const outcome = await declineSlots(deps, args.client, args.body.user.id, proposalId);
  await tellClicker(args, deps, { text: outcome.message, replace: outcome.ok });
};

export const reschedule = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const sessionId = await readButton(args, deps, zSessionValue);
  if (sessionId === undefined) return;
  const outcome = await rescheduleSession(deps, args.client, args.body.user.id, sessionId);
  await tellClicker(args, deps, { text: outcome.message, ...(outcome.ok ? {} : { blocks: outcome.blocks }) });
};

export const cancelBooked = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const sessionId = await readButton(args, deps, zSessionValue);
  if (sessionId === undefined) return;
  await tellClicker(args, deps, { text: (await cancelSession(deps, args.client, args.body.user.id, sessionId)).message });
};

/** A check-in button opens a small form for an optional note; the answer is recorded on submit. */
export const checkInAnswer = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const checkInId = await readButton(args, deps, zCheckInValue);
  if (checkInId === undefined) return;
  const answer = (Object.keys(CHECK_IN_ACTIONS) as CheckInAnswer[]).find((k) => CHECK_IN_ACTIONS[k] === args.action.action_id) as CheckInAnswer;
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildCheckInNoteModal({ checkInId, answer }) });
};

export const goalAnswer = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const checkInId = await readButton(args, deps, zCheckInValue);
  if (checkInId === undefined) return;
  const answer = (Object.keys(GOAL_CHECK_IN_ACTIONS) as (keyof typeof GOAL_CHECK_IN_ACTIONS)[]).find((k) => GOAL_CHECK_IN_ACTIONS[k] === args.action.action_id) as keyof typeof GOAL_CHECK_IN_ACTIONS;
  const outcome = await answerCheckIn(deps, args.client, args.body.user.id, checkInId, answer, null);
  await tellClicker(args, deps, { text: outcome.reply, replace: outcome.ok });
};

export const resume = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const matchId = await readButton(args, deps, zMatchValue);
  if (matchId === undefined) return;
  const outcome = await resumePair(deps, args.client, args.body.user.id, matchId);
  // On Home, the tab itself shows the change; elsewhere the Resume button gives way to the answer.
  if (args.body.container?.type === 'view') await publishHome(deps, args.client, args.body.user.id);
  await tellClicker(args, deps, { text: outcome.message, replace: outcome.ok });
};
