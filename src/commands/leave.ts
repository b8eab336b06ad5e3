import type { Deps } from '../deps.js';
import { isMember } from '../domain/mentorship.js';
import { openMatchesOf } from '../repos/matches.js';
import { findPerson } from '../repos/profiles.js';
import { buildLeaveConfirmation, NOT_IN_PROGRAM_MESSAGE } from '../views/membershipMessages.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

/** Asks first: leaving ends mentorships, so it takes a second, deliberate click. */
export const leave =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const person = findPerson(deps.db, userId);
    if (!isMember(person)) return replyPrivately(args, NOT_IN_PROGRAM_MESSAGE);
    await replyPrivately(args, buildLeaveConfirmation(openMatchesOf(deps.db, userId).length));
  };
