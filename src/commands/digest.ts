import type { Deps } from '../deps.js';
import { digestCsv, weeklyDigest } from '../services/digest.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): this week's digest, privately, before it goes to the channel. */
export const digest =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const { message } = weeklyDigest(deps, deps.clock());
    await replyPrivately(args, { text: message.text, blocks: message.blocks });
  };

/** Coordinators: the program metrics as a CSV file in their DM. */
export const exportMetrics =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    await replyPrivately(args, 'Preparing the program metrics; the CSV arrives in your messages with me in a moment.');
    const { digest: numbers, weekStart } = weeklyDigest(deps, deps.clock());
    const dm = await args.client.conversations.open({ users: userId });
    await args.client.filesUploadV2({
      channel_id: dm.channel?.id as string,
      filename: `mentoring-metrics-${weekStart.toISOString().slice(0, 10)}.csv`,
      title: 'Mentoring program metrics',
      content: digestCsv(numbers),
      initial_comment: 'Program metrics for the last full week. Ratings appear only as averages over enough people, never individually.',
    });
  };
