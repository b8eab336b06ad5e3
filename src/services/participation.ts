import type { KnownBlock } from '@slack/types';
import { isMember } from '../domain/mentorship.js';
import type { WebClient } from '@slack/web-api';
import type { Deps } from '../deps.js';
import { effectiveStatus } from '../domain/participation.js';
import { findPerson, resumePerson as markActive } from '../repos/profiles.js';
import { NOT_IN_PROGRAM_MESSAGE, NOT_PAUSED_MESSAGE, RESUMED_MESSAGE } from '../views/membershipMessages.js';
import { buildPausedPairs } from '../views/pausedPairMessages.js';
import { pausedPairsOf, resumePair } from './checkIns.js';

export interface Reply {
  text: string;
  blocks?: KnownBlock[];
}

/**
 * "Resume", from `/mentor resume` or Home: the person's own pause first;
 * otherwise their paused mentorships (the one, straight away; several, by
 * asking which). What was held for them is the caller's to deliver, after
 * answering: still-current messages go out, and what went stale while they
 * were away is dropped, not saved up.
 */
export async function resumePerson(deps: Deps, client: WebClient, userId: string): Promise<Reply> {
  const person = await findPerson(deps.db, userId);
  if (!person || !isMember(person)) return { text: NOT_IN_PROGRAM_MESSAGE };
  const now = deps.clock();
  const paused = await pausedPairsOf(deps, userId);
  if (effectiveStatus(person, now) === 'paused') {
    await markActive(deps.db, userId, now);
    if (paused.length === 0) return { text: RESUMED_MESSAGE };
    const offer = buildPausedPairs(`${RESUMED_MESSAGE}\n${paused.length === 1 ? 'Your mentorship below is still paused' : 'These mentorships are still paused'}; resume ${paused.length === 1 ? 'it' : 'any of them'} when you are ready:`, paused);
    return { text: RESUMED_MESSAGE, blocks: offer.blocks };
  }
  // A dated pause that ran out on its own: tidy the row, then look at the pairs.
  if (person.status === 'paused') await markActive(deps.db, userId, now);
  if (paused.length === 1) {
    const only = paused[0] as (typeof paused)[number];
    return { text: (await resumePair(deps, client, userId, only.matchId)).message };
  }
  if (paused.length > 1) return buildPausedPairs('You are active, but these mentorships are paused. Which would you like to resume?', paused);
  return { text: NOT_PAUSED_MESSAGE };
}
