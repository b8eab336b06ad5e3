import type { Deps } from '../deps.js';
import { previewRound } from '../services/rounds.js';
import { noChannel } from '../views/roundPreview.js';
import { channelLink } from '../views/blocks.js';
import { coordinatedProgram } from './coordinatedProgram.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): propose a whole-program round, previewed in that program's channel. */
export const round =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const program = await coordinatedProgram(deps, args, '/mentor round');
    if (!program) return;
    if (!program.channel) return replyPrivately(args, noChannel(program));
    await replyPrivately(args, `Working out the best matching for the whole program; the preview will appear in ${channelLink(program.channel)}.`);
    const outcome = await previewRound(deps, args.client, args.command.user_id, program);
    if (!outcome.ok || outcome.repeated) await args.respond({ response_type: 'ephemeral', text: outcome.message });
  };
