import type { Deps } from '../deps.js';
import { isMember } from '../domain/mentorship.js';
import { openMatchesOf } from '../repos/matches.js';
import { findPerson } from '../repos/profiles.js';
import { buildLeaveConfirmation, leftProgramMessage, NOT_IN_PROGRAM_MESSAGE } from '../views/membershipMessages.js';
import { noSuchProgram } from '../views/programAdminMessages.js';
import { leaveOneProgram } from '../services/enrollment.js';
import { programByName } from '../services/programs.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/**
 * `/mentor leave` leaves everything, and asks first: it ends every
 * mentorship, so it takes a second, deliberate click. `/mentor leave <program>`
 * names what to leave, so it leaves that one program at once.
 */
export const leave =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const person = await findPerson(deps.db, userId);
    if (!isMember(person)) return replyPrivately(args, NOT_IN_PROGRAM_MESSAGE);
    const name = args.params.join(' ');
    if (!name) return replyPrivately(args, buildLeaveConfirmation((await openMatchesOf(deps.db, userId)).filter((m) => m.status !== 'requested').length));
    const program = await programByName(deps, name);
    if (!program) return replyPrivately(args, noSuchProgram(name));
    await args.ack();
    const outcome = await leaveOneProgram(deps, args.client, userId, program);
    await args.respond({ response_type: 'ephemeral', text: leftProgramMessage(program, outcome.ok, outcome.ended) });
  };
