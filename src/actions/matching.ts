import type { Deps } from '../deps.js';
import { DEFAULT_PROGRAM_ID } from '../domain/programs.js';
import { requestFreshStart } from '../services/rematch.js';
import { acceptRequest, requestAnswerable, requestMentor } from '../services/selfServe.js';
import { acceptedForMentor, buildDeclineModal, requestSent, requestStateMessage, zRequestId, zRequestValue } from '../views/matchMessages.js';
import { onButton } from './reply.js';

/** "Request" on a suggestion card; a card offered as a fresh start names the mentorship it would take over from. */
export const request = (deps: Deps) =>
  onButton(
    deps,
    zRequestValue,
    async (args, value) => {
      const userId = args.body.user.id;
      const programId = value.program ?? DEFAULT_PROGRAM_ID;
      if (value.replaces !== undefined) {
        const fresh = await requestFreshStart(deps, args.client, userId, { giverId: value.giver, kind: value.kind, programId, replaces: value.replaces, via: value.via ?? 'quiet' });
        return { text: fresh.ok ? fresh.text : fresh.message };
      }
      const outcome = await requestMentor(deps, args.client, userId, value.giver, value.kind, programId);
      return { text: outcome.ok ? requestSent(value.giver) : outcome.message };
    },
    { json: true },
  );

/** Accept on any request; a fresh-start one also ends the mentorship it replaces (acceptRequest). */
export const accept = (deps: Deps) =>
  onButton(deps, zRequestId, async (args, matchId) => {
    const outcome = await acceptRequest(deps, args.client, args.body.user.id, matchId);
    if (outcome.ok) return { text: acceptedForMentor(outcome.match.menteeId as string, outcome.menteeAway), replace: true };
    return { text: outcome.state ? requestStateMessage(outcome.state) : outcome.message };
  });

/** Decline asks for an optional note first, and only the person asked can open that form. */
export const decline = (deps: Deps) =>
  onButton(deps, zRequestId, async (args, matchId) => {
    const state = await requestAnswerable(deps, args.body.user.id, matchId);
    if (state) return { text: requestStateMessage(state) };
    await args.client.views.open({ trigger_id: args.body.trigger_id, view: buildDeclineModal(matchId) });
  });
