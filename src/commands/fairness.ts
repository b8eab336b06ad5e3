import type { Deps } from '../deps.js';
import { auditNow } from '../services/biasAudit.js';
import { aboutMeForm, removeAboutMe } from '../services/selfDescription.js';
import { coordinatedProgram } from './coordinatedProgram.js';
import { buildSelfDescriptionModal } from '../views/selfDescriptionModal.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** `/mentor about-me`: the optional self-description form, only where a program asks; `remove` takes the answers back. */
export const aboutMe =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    if (args.params[0]?.toLowerCase() === 'remove') return replyPrivately(args, await removeAboutMe(deps, userId));
    const form = await aboutMeForm(deps, userId);
    if (!form.ok) return replyPrivately(args, form.message);
    await args.ack();
    await args.client.views.open({ trigger_id: args.command.trigger_id, view: buildSelfDescriptionModal(form.modal) });
  };

/** Coordinators (the router checks): `/mentor audit [program]`, the bias audit as it stands, here, with the CSV in their DM. */
export const audit =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const program = await coordinatedProgram(deps, args, '/mentor audit');
    if (!program) return;
    await replyPrivately(args, 'Counting the program’s history; the audit appears here in a moment, and its CSV in your messages with me.');
    await args.respond({ response_type: 'ephemeral', ...(await auditNow(deps, args.client, userId, program)) });
  };
