import type { Deps } from '../deps.js';
import { answerCheckIn } from '../services/checkIns.js';
import { CHECK_IN_NOTE_BLOCK, CHECK_IN_NOTE_MAX, zCheckInNoteMeta } from '../views/checkInMessages.js';
import { readNote } from './note.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

export const checkInNoteSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const read = readNote(args.view, CHECK_IN_NOTE_BLOCK, CHECK_IN_NOTE_MAX);
  if (!read.ok) return void (await args.ack({ response_action: 'errors', errors: read.errors }));
  const meta = await readMetadata(args, deps, zCheckInNoteMeta, { json: true });
  if (!meta) return;
  await args.ack();
  const outcome = await answerCheckIn(deps, args.client, args.body.user.id, meta.checkInId, meta.answer, read.note);
  await replyInDm(deps, args, { text: outcome.reply, ...(outcome.blocks ? { blocks: outcome.blocks } : {}) });
};
