import type { SlackBlock } from '../views/blocks.js';
import type { CommandArgs } from './mentor.js';

/** Acknowledges a slash command with a message only the caller sees. */
export function replyPrivately(args: Pick<CommandArgs, 'ack'>, message: string | { text: string; blocks?: SlackBlock[] }): Promise<void> {
  const body = typeof message === 'string' ? { text: message } : message;
  return args.ack({ response_type: 'ephemeral', ...body });
}
