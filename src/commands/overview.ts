import type { Deps } from '../deps.js';
import { isCoordinator } from '../flows/home.js';
import { programOverview } from '../repos/profiles.js';
import { overviewBlocks } from '../views/programOverview.js';
import type { SubcommandHandler } from './mentor.js';
import { coordinatorOnlyMessage, replyPrivately } from './reply.js';

export const overview =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    if (!isCoordinator(deps, args.command.user_id)) return replyPrivately(args, coordinatorOnlyMessage('/mentor overview'));
    await replyPrivately(args, { text: 'Program overview', blocks: overviewBlocks(programOverview(deps.db, deps.clock())) });
  };
