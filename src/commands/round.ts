import type { Deps } from '../deps.js';
import { previewRound } from '../services/rounds.js';
import { channelLink } from '../views/blocks.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): propose a whole-program round, previewed in their channel. */
export const round =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const channel = deps.config.coordinatorChannelId;
    if (!channel) return replyPrivately(args, 'Set COORDINATOR_CHANNEL_ID so the round preview has a channel to go to.');
    await replyPrivately(args, `Working out the best matching for the whole program; the preview will appear in ${channelLink(channel)}.`);
    const outcome = await previewRound(deps, args.client, args.command.user_id);
    if (!outcome.ok || outcome.repeated) await args.respond({ response_type: 'ephemeral', text: outcome.message });
  };
