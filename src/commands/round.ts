import type { Deps } from '../deps.js';
import { previewRound } from '../services/rounds.js';
import { noChannel } from '../views/roundPreview.js';
import { programToCoordinate } from '../services/programs.js';
import { channelLink } from '../views/blocks.js';
import { whichProgram } from '../views/programWords.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): propose a whole-program round, previewed in that program's channel. */
export const round =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const name = args.params.join(' ');
    const choice = programToCoordinate(deps, args.command.user_id, name);
    if (!choice.ok) return replyPrivately(args, whichProgram('/mentor round', choice.reason, choice.choices, name));
    const { program } = choice;
    if (!program.channel) return replyPrivately(args, noChannel(program));
    await replyPrivately(args, `Working out the best matching for the whole program; the preview will appear in ${channelLink(program.channel)}.`);
    const outcome = await previewRound(deps, args.client, args.command.user_id, program);
    if (!outcome.ok || outcome.repeated) await args.respond({ response_type: 'ephemeral', text: outcome.message });
  };
