import type { Deps } from '../deps.js';
import type { ProgramSettings } from '../domain/programs.js';
import { programToCoordinate } from '../services/programs.js';
import { whichProgram } from '../views/programWords.js';
import type { CommandArgs } from './mentor.js';
import { replyPrivately } from './reply.js';

/**
 * The program a coordinator's command is about: the one it names, or the
 * only one they coordinate. Otherwise the command is answered with the
 * names to choose from, and there is no program to act on.
 */
export async function coordinatedProgram(
  deps: Deps,
  args: Pick<CommandArgs, 'ack' | 'command'> & { params: string[] },
  usage: string,
  name: string = args.params.join(' '),
): Promise<ProgramSettings | undefined> {
  const choice = await programToCoordinate(deps, args.command.user_id, name);
  if (choice.ok) return choice.program;
  await replyPrivately(args, whichProgram(usage, choice.reason, choice.choices, name));
  return undefined;
}
