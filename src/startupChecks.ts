import type { WebClient } from '@slack/web-api';
import type { BotIdentity } from './app.js';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import { checkChannel } from './services/channels.js';
import { programsById } from './services/programs.js';

/**
 * What an operator should hear about at start-up rather than from a
 * confused coordinator weeks later: one line per problem, naming the setting.
 * A token without the scopes manifest.yml asks for stops the start (the bot
 * would fail at every turn); a channel problem does not, since the bot can
 * still serve everyone else.
 */

/** The bot scopes manifest.yml asks for; test/manifest.test.ts keeps the two lists equal. */
export const BOT_SCOPES = [
  'channels:history',
  'channels:read',
  'chat:write',
  'commands',
  'files:write',
  'groups:history',
  'groups:read',
  'groups:write',
  'im:history',
  'im:write',
  'mpim:history',
  'mpim:write',
  'users:read',
  'users:read.email',
] as const;

export interface StartupReport {
  /** Worth a warning; the bot starts. */
  problems: string[];
  /** The bot must not start. */
  fatal: string[];
  /** Who the token says the bot is, for Bolt, which would otherwise call auth.test again. */
  identity?: BotIdentity;
}

export async function startupChecks(deps: Deps, client: WebClient): Promise<StartupReport> {
  const report: StartupReport = { problems: [], fatal: [] };
  let auth: Awaited<ReturnType<WebClient['auth']['test']>>;
  try {
    auth = await client.auth.test();
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (!code) throw error;
    report.fatal.push(`Slack refused SLACK_BOT_TOKEN (${code}): it was revoked, or belongs to another app or workspace. Copy the Bot User OAuth Token from the app's OAuth & Permissions page.`);
    return report;
  }
  if (!auth.bot_id || !auth.user_id) {
    report.fatal.push('SLACK_BOT_TOKEN is not a bot token: Slack names no bot for it. Copy the Bot User OAuth Token (xoxb-…) from the app\'s OAuth & Permissions page.');
    return report;
  }
  report.identity = { botId: auth.bot_id, botUserId: auth.user_id };
  // The Web API client reads Slack's x-oauth-scopes header into response_metadata.
  const granted = auth.response_metadata?.scopes;
  if (!granted) report.problems.push('Slack did not say which scopes SLACK_BOT_TOKEN has (no x-oauth-scopes header), so they could not be checked.');
  else {
    const missing = BOT_SCOPES.filter((s) => !granted.includes(s));
    if (missing.length > 0) report.fatal.push(`SLACK_BOT_TOKEN lacks the scopes ${missing.join(', ')}, which manifest.yml asks for: add them under OAuth & Permissions (or update the app from manifest.yml) and reinstall the app.`);
  }
  report.problems.push(...(await channelProblems(deps, client)));
  return report;
}

/** The workspace channel and each program's coordinators' channel: there, and with the bot in it. */
export async function channelProblems(deps: Deps, client: WebClient): Promise<string[]> {
  const problems = await defaultChannelProblems(deps.config, client);
  for (const program of (await programsById(deps)).values()) {
    if (program.isDefault || program.status === 'closed' || !program.channel) continue;
    const problem = await checkChannel(client, program.channel);
    if (problem) problems.push(`Program "${program.name}" (coordinators' channel ${program.channel}): ${problem.replace(/`/g, '')} Its round previews, flags and digest cannot be posted until this is fixed (\`/mentor program edit\`).`);
  }
  return problems;
}

async function defaultChannelProblems(config: Config, client: WebClient): Promise<string[]> {
  if (!config.coordinatorChannelId) return ['COORDINATOR_CHANNEL_ID is not set: round previews, stalled-pair flags and the weekly digest have nowhere to go.'];
  const problem = await checkChannel(client, config.coordinatorChannelId);
  return problem ? [`COORDINATOR_CHANNEL_ID ${config.coordinatorChannelId}: ${problem.replace(/`/g, '')} Round previews, stalled-pair flags and the weekly digest cannot be posted until this is fixed.`] : [];
}
