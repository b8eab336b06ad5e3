import type { Deps } from '../deps.js';
import { declineRequest } from '../services/selfServe.js';
import { DECLINE_NOTE_BLOCK, DECLINE_NOTE_MAX, declinedForMentor, requestStateMessage, zRequestId } from '../views/matchMessages.js';
import { readNote } from './note.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

export const declineSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const read = readNote(args.view, DECLINE_NOTE_BLOCK, DECLINE_NOTE_MAX);
  if (!read.ok) return void (await args.ack({ response_action: 'errors', errors: read.errors }));
  const matchId = await readMetadata(args, deps, zRequestId);
  if (matchId === undefined) return;
  await args.ack();
  const outcome = await declineRequest(deps, args.client, args.body.user.id, matchId, read.note);
  const text = outcome.ok ? declinedForMentor(outcome.match.menteeId as string) : outcome.state ? requestStateMessage(outcome.state) : outcome.message;
  await replyInDm(deps, args, { text });
};
