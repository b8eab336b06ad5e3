import type { Deps } from '../deps.js';
import { answerCheckIn, resumePair } from '../services/checkIns.js';
import { publishHome } from '../services/home.js';
import { cancelSession, declineSlots, pickSlot, proposeSession, rescheduleSession } from '../services/sessions.js';
import { buildCheckInNoteModal, CHECK_IN_ACTIONS, type CheckInAnswer, GOAL_CHECK_IN_ACTIONS, zCheckInValue } from '../views/checkInMessages.js';
import { zMatchValue } from '../views/stalledPairMessages.js';
import { zProposalValue, zSessionValue, zSlotPick } from '../views/sessionMessages.js';
import { type Answer, type ButtonArgs, onButton } from './reply.js';

/** A refusal may carry the way forward (a paused pair's Resume); a question answered gives way to its answer. */
const answerOf = (outcome: { ok: boolean; message: string; blocks?: Answer['blocks'] }, replace = false): Answer => ({
  text: outcome.message,
  ...(outcome.ok ? { replace } : outcome.blocks ? { blocks: outcome.blocks } : {}),
});

const clicker = (args: ButtonArgs) => args.body.user.id;

export const schedule = (deps: Deps) => onButton(deps, zMatchValue, async (args, matchId) => answerOf(await proposeSession(deps, args.client, clicker(args), matchId)));

export const pick = (deps: Deps) =>
  onButton(deps, zSlotPick, async (args, { proposalId, index }) => answerOf(await pickSlot(deps, args.client, clicker(args), proposalId, index), true), { json: true });

export const noneWork = (deps: Deps) => onButton(deps, zProposalValue, async (args, proposalId) => answerOf(await declineSlots(deps, args.client, clicker(args), proposalId), true));

export const reschedule = (deps: Deps) => onButton(deps, zSessionValue, async (args, sessionId) => answerOf(await rescheduleSession(deps, args.client, clicker(args), sessionId)));

export const cancelBooked = (deps: Deps) => onButton(deps, zSessionValue, async (args, sessionId) => ({ text: (await cancelSession(deps, args.client, clicker(args), sessionId)).message }));

/** A check-in button opens a small form for an optional note; the answer is recorded on submit. */
export const checkInAnswer = (deps: Deps) =>
  onButton(deps, zCheckInValue, async (args, checkInId) => {
    const answer = (Object.keys(CHECK_IN_ACTIONS) as CheckInAnswer[]).find((k) => CHECK_IN_ACTIONS[k] === args.action.action_id) as CheckInAnswer;
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildCheckInNoteModal({ checkInId, answer }) });
  });

export const goalAnswer = (deps: Deps) =>
  onButton(deps, zCheckInValue, async (args, checkInId) => {
    const answer = (Object.keys(GOAL_CHECK_IN_ACTIONS) as (keyof typeof GOAL_CHECK_IN_ACTIONS)[]).find((k) => GOAL_CHECK_IN_ACTIONS[k] === args.action.action_id) as keyof typeof GOAL_CHECK_IN_ACTIONS;
    const outcome = await answerCheckIn(deps, args.client, clicker(args), checkInId, answer, null);
    return { text: outcome.reply, replace: outcome.ok };
  });

export const resume = (deps: Deps) =>
  onButton(deps, zMatchValue, async (args, matchId) => {
    const outcome = await resumePair(deps, args.client, clicker(args), matchId);
    // On Home, the tab itself shows the change; elsewhere the Resume button gives way to the answer.
    if (args.body.container?.type === 'view') await publishHome(deps, args.client, clicker(args));
    return answerOf(outcome, true);
  });
