import type { Deps } from '../deps.js';
import { programOverview } from '../repos/profiles.js';
import { programToCoordinate } from '../services/programs.js';
import { overviewBlocks } from '../views/programOverview.js';
import { whichProgram } from '../views/programWords.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): a program's people by role and how many are active. */
export const overview =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const name = args.params.join(' ');
    const choice = programToCoordinate(deps, args.command.user_id, name);
    if (!choice.ok) return replyPrivately(args, whichProgram('/mentor overview', choice.reason, choice.choices, name));
    await replyPrivately(args, { text: 'Program overview', blocks: overviewBlocks(programOverview(deps.db, deps.clock(), choice.program.id), { fairnessTarget: choice.program.fairnessTarget, demographics: choice.program.demographics }) });
  };
