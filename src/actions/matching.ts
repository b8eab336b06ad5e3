import type { Deps } from '../deps.js';
import { acceptRequest, requestAnswerable, requestMentor } from '../services/selfServe.js';
import { acceptedForMentor, buildDeclineModal, requestSent, requestStateMessage, zRequestId, zRequestValue } from '../views/matchMessages.js';
import { type ButtonArgs, readButton, tellClicker } from './reply.js';

/** "Request" on a suggestion card. */
export const request = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const value = await readButton(args, deps, zRequestValue, { json: true });
  if (value === undefined) return;
  const outcome = await requestMentor(deps, args.client, args.body.user.id, value.giver, value.kind);
  await tellClicker(args, deps, { text: outcome.ok ? requestSent(value.giver) : outcome.message });
};

export const accept = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const matchId = await readButton(args, deps, zRequestId);
  if (matchId === undefined) return;
  const outcome = await acceptRequest(deps, args.client, args.body.user.id, matchId);
  if (outcome.ok) return tellClicker(args, deps, { text: acceptedForMentor(outcome.match.menteeId as string), replace: true });
  await tellClicker(args, deps, { text: outcome.state ? requestStateMessage(outcome.state) : outcome.message });
};

/** Decline asks for an optional note first, and only the person asked can open that form. */
export const decline = (deps: Deps) => async (args: ButtonArgs) => {
  await args.ack();
  const matchId = await readButton(args, deps, zRequestId);
  if (matchId === undefined) return;
  const state = requestAnswerable(deps, args.body.user.id, matchId);
  if (state) return tellClicker(args, deps, { text: requestStateMessage(state) });
  await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildDeclineModal(matchId) });
};
