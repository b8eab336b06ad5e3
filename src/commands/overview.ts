import type { Deps } from '../deps.js';
import { programOverview } from '../repos/profiles.js';
import { overviewBlocks } from '../views/programOverview.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): people by role and how many are active. */
export const overview =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    await replyPrivately(args, { text: 'Program overview', blocks: overviewBlocks(programOverview(deps.db, deps.clock())) });
  };
