import { addWeeks } from 'date-fns';
import { isMember } from '../domain/mentorship.js';
import type { Deps } from '../deps.js';
import { parsePauseWeeks } from '../domain/participation.js';
import { publishHome } from '../services/home.js';
import { resumePerson } from '../services/participation.js';
import { deliver } from '../outbox/outbox.js';
import { findPerson, pausePerson } from '../repos/profiles.js';
import { escape } from '../views/blocks.js';
import { pausedMessage } from '../views/membershipMessages.js';
import { buildNotJoinedMessage } from '../views/profileCard.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

export const pause =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const person = await findPerson(deps.db, userId);
    if (!person || !isMember(person)) return replyPrivately(args, buildNotJoinedMessage());
    const weeks = parsePauseWeeks(args.params[0]);
    // The message quotes what was typed.
    if (!weeks.ok) return replyPrivately(args, escape(weeks.message));
    const now = deps.clock();
    const until = weeks.weeks === null ? null : addWeeks(now, weeks.weeks);
    await pausePerson(deps.db, userId, until, now);
    await replyPrivately(args, pausedMessage(until));
    await publishHome(deps, args.client, userId);
  };

/** The person's own pause, or their paused mentorships: see services/participation.ts. */
export const resume =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const person = await findPerson(deps.db, userId);
    if (!person || !isMember(person)) return replyPrivately(args, buildNotJoinedMessage());
    const reply = await resumePerson(deps, args.client, userId);
    await replyPrivately(args, reply);
    await publishHome(deps, args.client, userId);
    // What was held during the pause goes now, after the answer.
    await deliver(deps, args.client, deps.clock());
  };
