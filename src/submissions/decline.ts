import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { declineRequest } from '../flows/selfServe.js';
import { DECLINE_NOTE_BLOCK, DECLINE_NOTE_MAX, declinedForMentor } from '../views/matchMessages.js';

export const declineSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const note = (view.state.values[DECLINE_NOTE_BLOCK]?.[DECLINE_NOTE_BLOCK]?.value ?? '').trim();
    if (note.length > DECLINE_NOTE_MAX) {
      await ack({ response_action: 'errors', errors: { [DECLINE_NOTE_BLOCK]: `Please keep the note under ${DECLINE_NOTE_MAX} characters (nothing was cut).` } });
      return;
    }
    await ack();
    const outcome = await declineRequest(deps, client, body.user.id, Number(view.private_metadata), note || null);
    await client.chat.postMessage({ channel: body.user.id, text: outcome.ok ? declinedForMentor(outcome.match.menteeId as string) : outcome.message });
  };
