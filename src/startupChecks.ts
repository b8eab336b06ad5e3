import type { WebClient } from '@slack/web-api';
import type { Config } from './config.js';
import { checkChannel } from './services/channels.js';

/**
 * What an operator should hear about at start-up rather than from a
 * confused coordinator weeks later: one line per problem, naming the setting.
 * None of these stops the bot; it can still serve everyone else.
 */
export async function startupProblems(config: Config, client: WebClient): Promise<string[]> {
  const problems: string[] = [];
  if (config.coordinatorChannelId) {
    const problem = await checkChannel(client, config.coordinatorChannelId);
    if (problem) problems.push(`COORDINATOR_CHANNEL_ID ${config.coordinatorChannelId}: ${problem.replace(/`/g, '')} Round previews, stalled-pair flags and the weekly digest cannot be posted until this is fixed.`);
  } else {
    problems.push('COORDINATOR_CHANNEL_ID is not set: round previews, stalled-pair flags and the weekly digest have nowhere to go.');
  }
  return problems;
}
