import type { Deps } from '../deps.js';
import { openPairForm } from '../services/manualPair.js';
import { coordinatedProgram } from './coordinatedProgram.js';
import type { SubcommandHandler } from './mentor.js';

/** Coordinators (the router checks): `/mentor pair [program]` opens the form that pairs two people by hand. */
export const pair =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const program = await coordinatedProgram(deps, args, '/mentor pair');
    if (!program) return;
    await args.ack();
    await openPairForm(deps, args.client, args.command.trigger_id, program);
  };
