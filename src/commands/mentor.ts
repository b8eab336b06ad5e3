import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { buildHelpMessage } from '../views/helpMessage.js';
import { parseCommandText, SUBCOMMANDS, type SubcommandName } from './catalogue.js';
import { join } from './join.js';
import { leave } from './leave.js';
import { match } from './match.js';
import { overview } from './overview.js';
import { pause, resume } from './pause.js';
import { deleteMyData, exportMyData } from './privacy.js';
import { profile } from './profile.js';
import { round } from './round.js';
import { schedule } from './schedule.js';
import { officeHours } from './officeHours.js';
import { digest, exportMetrics } from './digest.js';

export const MENTOR_COMMAND = '/mentor';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type SubcommandHandler = (args: CommandArgs & { params: string[] }) => Promise<void>;

/**
 * Routes `/mentor <subcommand>`. Anything unrecognised gets the help text,
 * so a typo is answered with what would have worked.
 */
export function mentorCommand(deps: Deps) {
  const handlers: Record<Exclude<SubcommandName, 'help'>, SubcommandHandler> = {
    join: join(deps),
    profile: profile(deps),
    match: match(deps),
    schedule: schedule(deps),
    'office-hours': officeHours(deps),
    pause: pause(deps),
    resume: resume(deps),
    leave: leave(deps),
    'export-my-data': exportMyData(deps),
    'delete-my-data': deleteMyData(deps),
    overview: overview(deps),
    round: round(deps),
    digest: digest(deps),
    export: exportMetrics(deps),
  };
  return async (args: CommandArgs): Promise<void> => {
    const { name, args: params } = parseCommandText(args.command.text);
    if (Object.hasOwn(handlers, name)) return handlers[name as keyof typeof handlers]({ ...args, params });
    const help = buildHelpMessage(SUBCOMMANDS, name === '' || name === 'help' ? undefined : name);
    await args.ack({ response_type: 'ephemeral', ...help });
  };
}
