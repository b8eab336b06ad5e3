import { addWeeks } from 'date-fns';
import type { Deps } from '../deps.js';
import { effectiveStatus, parsePauseWeeks } from '../domain/participation.js';
import { publishHome } from '../flows/home.js';
import { drainOutbox } from '../outbox/outbox.js';
import { findPerson, pausePerson, resumePerson } from '../repos/profiles.js';
import { buildNotJoinedMessage } from '../views/profileCard.js';
import { NOT_PAUSED_MESSAGE, pausedMessage, RESUMED_MESSAGE } from '../views/membershipMessages.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

export const pause =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const person = findPerson(deps.db, userId);
    if (!person?.joinedAt || person.status === 'left') return replyPrivately(args, buildNotJoinedMessage());
    const weeks = parsePauseWeeks(args.params[0]);
    if (!weeks.ok) return replyPrivately(args, weeks.message);
    const now = deps.clock();
    const until = weeks.weeks === null ? null : addWeeks(now, weeks.weeks);
    pausePerson(deps.db, userId, until, now);
    await replyPrivately(args, pausedMessage(until));
    await publishHome(deps, args.client, userId);
  };

export const resume =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const person = findPerson(deps.db, userId);
    if (!person?.joinedAt || person.status === 'left') return replyPrivately(args, buildNotJoinedMessage());
    const now = deps.clock();
    if (effectiveStatus(person, now) !== 'paused') {
      if (person.status === 'paused') resumePerson(deps.db, userId, now); // a lapsed pause: tidy the row
      return replyPrivately(args, NOT_PAUSED_MESSAGE);
    }
    resumePerson(deps.db, userId, now);
    await replyPrivately(args, RESUMED_MESSAGE);
    await publishHome(deps, args.client, userId);
    // Messages held during the pause can go now.
    await drainOutbox({ db: deps.db, client: args.client, logger: deps.logger }, now);
  };
