import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { answerCheckIn } from '../flows/checkIns.js';
import { readNote } from './note.js';
import { CHECK_IN_ACTIONS, CHECK_IN_NOTE_BLOCK, CHECK_IN_NOTE_MAX, type CheckInAnswer } from '../views/schedulingMessages.js';

export const checkInNoteSubmitted =
  (deps: Deps) =>
  async ({ ack, body, view, client }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const read = readNote(view, CHECK_IN_NOTE_BLOCK, CHECK_IN_NOTE_MAX);
    if (!read.ok) return void (await ack({ response_action: 'errors', errors: read.errors }));
    let meta: { checkInId?: unknown; answer?: unknown } = {};
    try {
      meta = JSON.parse(view.private_metadata) as typeof meta;
    } catch {
      meta = {};
    }
    const answer = Object.keys(CHECK_IN_ACTIONS).find((k) => k === meta.answer) as CheckInAnswer | undefined;
    await ack();
    if (!answer) return;
    const outcome = await answerCheckIn(deps, client, body.user.id, Number(meta.checkInId), answer, read.note);
    await client.chat.postMessage({ channel: body.user.id, text: outcome.reply });
  };
