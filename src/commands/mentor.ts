import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { Deps } from '../deps.js';
import { SUBCOMMANDS, type SubcommandName } from '../domain/subcommands.js';
import { isCoordinator, isWorkspaceAdmin } from '../services/programs.js';
import { buildHelpMessage } from '../views/helpMessage.js';
import { coordinatorOnlyMessage } from '../views/membershipMessages.js';
import { circle, circles } from './circles.js';
import { digest, exportMetrics } from './digest.js';
import { exclude } from './exclude.js';
import { aboutMe, audit } from './fairness.js';
import { pair } from './pair.js';
import { join } from './join.js';
import { leave } from './leave.js';
import { match } from './match.js';
import { officeHours } from './officeHours.js';
import { overview } from './overview.js';
import { pause, resume } from './pause.js';
import { deleteMyData, exportMyData } from './privacy.js';
import { profile } from './profile.js';
import { program, programs } from './programs.js';
import { replyPrivately } from './reply.js';
import { round } from './round.js';
import { schedule } from './schedule.js';

export const MENTOR_COMMAND = '/mentor';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
export type SubcommandHandler = (args: CommandArgs & { params: string[] }) => Promise<void>;

/**
 * Routes `/mentor <subcommand>`. The catalogue's coordinatorOnly and
 * adminOnly flags are enforced here, once, for every subcommand that
 * carries them; a coordinator command then checks which programs the
 * person coordinates. Anything
 * unrecognised gets the help text, so a typo is answered with what would
 * have worked.
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
    programs: programs(deps),
    program: program(deps),
    circles: circles(deps),
    circle: circle(deps),
    exclude: exclude(deps),
    pair: pair(deps),
    'about-me': aboutMe(deps),
    audit: audit(deps),
  };
  return async (args: CommandArgs): Promise<void> => {
    // Slack always sends `text`; a request without it is still answered, not failed.
    const { name, args: params } = parseCommandText(args.command.text ?? '');
    const entry = SUBCOMMANDS.find((s) => s.name === name);
    const userId = args.command.user_id;
    if (entry && 'adminOnly' in entry && entry.adminOnly && !isWorkspaceAdmin(deps, userId)) {
      return replyPrivately(args, coordinatorOnlyMessage(`\`${entry.usage}\``, deps.config.coordinatorUserIds, 'workspace'));
    }
    if (entry && 'coordinatorOnly' in entry && entry.coordinatorOnly && !await isCoordinator(deps, userId)) {
      return replyPrivately(args, coordinatorOnlyMessage(`\`${entry.usage}\``, deps.config.coordinatorUserIds));
    }
    if (Object.hasOwn(handlers, name)) return handlers[name as keyof typeof handlers]({ ...args, params });
    const help = buildHelpMessage(SUBCOMMANDS, name === '' || name === 'help' ? undefined : name);
    await args.ack({ response_type: 'ephemeral', ...help });
  };
}

export function parseCommandText(text: string): { name: string; args: string[] } {
  const [name = '', ...args] = text.trim().split(/\s+/).filter(Boolean);
  return { name: name.toLowerCase(), args };
}
