import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { buildHelpMessage } from '../views/helpMessage.js';
import { parseCommandText, SUBCOMMANDS, type SubcommandName } from './catalogue.js';

export const MENTOR_COMMAND = '/mentor';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type SubcommandHandler = (args: CommandArgs & { params: string[] }) => Promise<void>;

/**
 * Routes `/mentor <subcommand>`. Anything unrecognised gets the help text,
 * so a typo is answered with what would have worked.
 */
export function mentorCommand(_deps: Deps) {
  const handlers: Partial<Record<SubcommandName, SubcommandHandler>> = {};
  return async (args: CommandArgs): Promise<void> => {
    const { name, args: params } = parseCommandText(args.command.text);
    const handler = handlers[name as SubcommandName];
    if (handler) return handler({ ...args, params });
    const help = buildHelpMessage(SUBCOMMANDS, name === '' || name === 'help' ? undefined : name);
    await args.ack({ response_type: 'ephemeral', ...help });
  };
}
