import type { Deps } from '../deps.js';
import { decideApplication } from '../services/enrollment.js';
import { saveProgramForm } from '../services/programAdmin.js';
import { programSaved } from '../views/programAdminMessages.js';
import { DECISION_NOTE_BLOCK, DECISION_NOTE_MAX, zDecisionMeta } from '../views/programMessages.js';
import { readProgramState, zProgramMeta } from '../views/programModal.js';
import { readNote } from './note.js';
import { readMetadata, replyInDm, type SubmitArgs } from './reply.js';

/** The program form: every problem on its field, or the program saved and the admin told where it stands. */
export const programSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const meta = await readMetadata(args, deps, zProgramMeta, { json: true });
  if (!meta) return;
  const outcome = await saveProgramForm(deps, args.client, args.body.user.id, meta.programId, readProgramState(args.view.state.values));
  if (!outcome.ok) return void (await args.ack({ response_action: 'errors', errors: outcome.errors }));
  await args.ack();
  await replyInDm(deps, args, { text: programSaved(outcome.program, outcome.created, outcome.invited) });
};

/** A coordinator's decision on an application, with their optional note; the application message then says who decided. */
export const decisionSubmitted = (deps: Deps) => async (args: SubmitArgs) => {
  const read = readNote(args.view, DECISION_NOTE_BLOCK, DECISION_NOTE_MAX);
  if (!read.ok) return void (await args.ack({ response_action: 'errors', errors: read.errors }));
  const meta = await readMetadata(args, deps, zDecisionMeta, { json: true });
  if (!meta) return;
  await args.ack();
  const outcome = await decideApplication(deps, args.client, args.body.user.id, meta.enrollmentId, meta.approve, read.note);
  if (outcome.ok && meta.channel && meta.ts) {
    await args.client.chat.update({ channel: meta.channel, ts: meta.ts, text: outcome.line, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: outcome.line } }] }).catch((error) => deps.logger.warn('could not mark the application decided', error));
  } else {
    await replyInDm(deps, args, { text: outcome.ok ? outcome.line : outcome.message });
  }
};
