import type { WebClient } from '@slack/web-api';

/** The error code Slack answered a Web API call with (`channel_not_found`, `name_taken`…), if it answered one. */
export const slackErrorCode = (error: unknown): string | undefined => (error as { data?: { error?: string } }).data?.error;

/**
 * Whether the bot can post in a channel, in words for the coordinator (or
 * operator) who set it up. Undefined when it can, or when Slack did not say
 * (a transient failure should not block anyone).
 */
export async function checkChannel(client: WebClient, channelId: string, setIn: 'config' | 'form' = 'config'): Promise<string | undefined> {
  const pickAnother = setIn === 'config' ? 'Set COORDINATOR_CHANNEL_ID to a live channel.' : 'Pick a live channel.';
  const check = setIn === 'config' ? 'Check COORDINATOR_CHANNEL_ID, or invite' : 'Pick another, or invite';
  try {
    const info = await client.conversations.info({ channel: channelId });
    const channel = info.channel as { is_member?: boolean; is_archived?: boolean; name?: string } | undefined;
    if (channel?.is_archived) return `the channel is archived. ${pickAnother}`;
    if (channel && channel.is_member === false) return 'I am not a member of it. Invite me with `/invite @Mentoring` in that channel.';
    return undefined;
  } catch (error) {
    if (slackErrorCode(error) === 'channel_not_found') return `no such channel, or it is private and I have not been invited. ${check} me with \`/invite @Mentoring\`.`;
    return undefined;
  }
}
