import type { Deps } from '../deps.js';
import { openPairForm } from '../services/manualPair.js';
import { programToCoordinate } from '../services/programs.js';
import { whichProgram } from '../views/programWords.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): `/mentor pair [program]` opens the form that pairs two people by hand. */
export const pair =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const name = args.params.join(' ');
    const choice = programToCoordinate(deps, args.command.user_id, name);
    if (!choice.ok) return replyPrivately(args, whichProgram('/mentor pair', choice.reason, choice.choices, name));
    await args.ack();
    await openPairForm(deps, args.client, args.command.trigger_id, choice.program);
  };
