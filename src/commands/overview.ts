import type { Deps } from '../deps.js';
import { programOverview } from '../repos/profiles.js';
import { overviewBlocks } from '../views/programOverview.js';
import { coordinatedProgram } from './coordinatedProgram.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): a program's people by role and how many are active. */
export const overview =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const program = await coordinatedProgram(deps, args, '/mentor overview');
    if (!program) return;
    await replyPrivately(args, { text: 'Program overview', blocks: overviewBlocks(await programOverview(deps.db, deps.clock(), program.id), { fairnessTarget: program.fairnessTarget, demographics: program.demographics }) });
  };
