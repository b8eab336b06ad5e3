import type { Deps } from '../deps.js';
import { digestCsv, weeklyDigest } from '../services/digest.js';
import { coordinatedProgram } from './coordinatedProgram.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Coordinators (the router checks): a program's digest for this week, privately, before it goes to its channel. */
export const digest =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const program = await coordinatedProgram(deps, args, '/mentor digest');
    if (!program) return;
    const { message } = await weeklyDigest(deps, deps.clock(), program);
    await replyPrivately(args, { text: message.text, blocks: message.blocks });
  };

/** Coordinators: a program's metrics as a CSV file in their DM. */
export const exportMetrics =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const program = await coordinatedProgram(deps, args, '/mentor export');
    if (!program) return;
    await replyPrivately(args, 'Preparing the program metrics; the CSV arrives in your messages with me in a moment.');
    const { digest: numbers, weekStart } = await weeklyDigest(deps, deps.clock(), program);
    const dm = await args.client.conversations.open({ users: userId });
    const slug = program.isDefault ? '' : `${program.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40)}-`;
    await args.client.filesUploadV2({
      channel_id: dm.channel?.id as string,
      filename: `mentoring-metrics-${slug}${weekStart.toISOString().slice(0, 10)}.csv`,
      title: program.isDefault ? 'Mentoring program metrics' : `${program.name} metrics`,
      content: digestCsv(numbers),
      initial_comment: 'Program metrics for the last full week. Ratings appear only as averages over enough people, never individually.',
    });
  };
