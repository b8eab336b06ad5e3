import type { Deps } from '../deps.js';
import { isCoordinator } from '../flows/home.js';
import { previewRound } from '../flows/rounds.js';
import type { SubcommandHandler } from './mentor.js';
import { coordinatorOnlyMessage, replyPrivately } from './reply.js';

/** Coordinators: propose a whole-program round, previewed in their channel. */
export const round =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    if (!isCoordinator(deps, args.command.user_id)) return replyPrivately(args, coordinatorOnlyMessage('/mentor round'));
    if (!deps.config.coordinatorChannelId) return replyPrivately(args, 'Set COORDINATOR_CHANNEL_ID so the round preview has a channel to go to.');
    await replyPrivately(args, `Working out the best matching for the whole program; the preview will appear in <#${deps.config.coordinatorChannelId}>.`);
    const outcome = await previewRound(deps, args.client, args.command.user_id);
    if (!outcome.ok) await args.respond({ response_type: 'ephemeral', text: outcome.message });
  };
