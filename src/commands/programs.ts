import type { Deps } from '../deps.js';
import { openProgramForm } from '../services/programAdmin.js';
import { askToCloseProgram, pauseProgram, resumeProgram } from '../services/programLifecycle.js';
import { programCards } from '../services/enrollment.js';
import { programByName } from '../services/programs.js';
import { noSuchProgram } from '../views/programAdminMessages.js';
import { buildProgramList } from '../views/programMessages.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Everyone: the programs they can join, and where they stand in theirs. */
export const programs =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    await replyPrivately(args, buildProgramList(await programCards(deps, args.command.user_id)));
  };

const USAGE = 'Use `/mentor program new`, or `/mentor program edit|pause|resume|close <name>`.';

/** Workspace admins (the router checks): create a program, or edit, pause, resume or close one by name. */
export const program =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const [verb = '', ...rest] = args.params;
    const name = rest.join(' ');
    const action = verb.toLowerCase();
    if (action === 'new') {
      await args.ack();
      return openProgramForm(deps, args.client, args.command.trigger_id);
    }
    if (!['edit', 'pause', 'resume', 'close'].includes(action)) return replyPrivately(args, USAGE);
    if (!name) return replyPrivately(args, `Name the program: \`/mentor program ${action} <name>\`.`);
    const found = await programByName(deps, name);
    if (!found) return replyPrivately(args, noSuchProgram(name));
    if (action === 'edit') {
      await args.ack();
      return openProgramForm(deps, args.client, args.command.trigger_id, found);
    }
    await args.ack();
    const userId = args.command.user_id;
    const outcome =
      action === 'pause' ? await pauseProgram(deps, args.client, userId, found) : action === 'resume' ? await resumeProgram(deps, args.client, userId, found) : await askToCloseProgram(deps, args.client, userId, found);
    await args.respond({ response_type: 'ephemeral', ...outcome });
  };
