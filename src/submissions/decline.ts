import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { declineRequest } from '../flows/selfServe.js';
import { readNote } from './note.js';
import { DECLINE_NOTE_BLOCK, DECLINE_NOTE_MAX, declinedForMentor } from '../views/matchMessages.js';

export const declineSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const read = readNote(view, DECLINE_NOTE_BLOCK, DECLINE_NOTE_MAX);
    if (!read.ok) return void (await ack({ response_action: 'errors', errors: read.errors }));
    await ack();
    const outcome = await declineRequest(deps, client, body.user.id, Number(view.private_metadata), read.note);
    await client.chat.postMessage({ channel: body.user.id, text: outcome.ok ? declinedForMentor(outcome.match.menteeId as string) : outcome.message });
  };
