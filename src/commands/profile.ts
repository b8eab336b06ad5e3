import type { Deps } from '../deps.js';
import { isMember } from '../domain/mentorship.js';
import { effectiveStatus } from '../domain/participation.js';
import { loadProfile } from '../repos/profiles.js';
import { profileParts, withParts } from '../services/profileParts.js';
import { buildNotJoinedMessage, buildProfileMessage } from '../views/profileCard.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

export const profile =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const member = await loadProfile(deps.db, args.command.user_id);
    if (!member || !isMember(member.person)) return replyPrivately(args, buildNotJoinedMessage());
    await replyPrivately(
      args,
      buildProfileMessage({
        answers: member.answers,
        status: effectiveStatus(member.person, deps.clock()),
        pausedUntil: member.person.pausedUntil,
        taxonomy: deps.taxonomy,
        ...withParts(await profileParts(deps, args.command.user_id)),
      }),
    );
  };
