import type { WebClient } from '@slack/web-api';
import { previewsOf } from '../repos/rounds.js';
import { cancelRound } from './rounds.js';
import type { KnownBlock } from '@slack/types';
import type { Deps } from '../deps.js';
import { CURRENT_ENROLLMENT_STATUSES, type ProgramSettings } from '../domain/programs.js';
import { OPEN_MATCH_STATUSES, partnerOf } from '../domain/mentorship.js';
import { deliver, enqueue } from '../outbox/outbox.js';
import { enrollmentsIn, moveEnrollment } from '../repos/enrollments.js';
import { openMatchesInProgram, transition } from '../repos/matches.js';
import { setProgramStatus } from '../repos/programs.js';
import { buildCloseConfirmation, closedReply, pausedReply, programClosedForPair, programClosedForRequest, programClosedForPerson, resumedReply } from '../views/programAdminMessages.js';
import { programById } from './programs.js';
import { cancelFutureSessions } from './sessions.js';

/**
 * A program's own life as its admins run it: paused (no prompts, no
 * matching, no new people), resumed, or closed, which ends its open
 * mentorships kindly and tells each person.
 */

export type AdminReply = { text: string; blocks?: KnownBlock[] };

export async function pauseProgram(deps: Deps, _client: WebClient, _actorId: string, program: ProgramSettings): Promise<AdminReply> {
  const done = await setProgramStatus(deps.db, program.id, ['active'], 'paused', deps.clock());
  return pausedReply(program, done ? undefined : program.status);
}

export async function resumeProgram(deps: Deps, _client: WebClient, _actorId: string, program: ProgramSettings): Promise<AdminReply> {
  const done = await setProgramStatus(deps.db, program.id, ['paused'], 'active', deps.clock());
  return resumedReply(program, done ? undefined : program.status);
}

/** With open mentorships, closing asks first; without, it closes at once. */
export async function askToCloseProgram(deps: Deps, client: WebClient, actorId: string, program: ProgramSettings): Promise<AdminReply> {
  if (program.status === 'closed') return { text: closedReply(program, undefined) };
  // A pending request is closed too, but it is not a mentorship anyone would lose.
  const open = (await openMatchesInProgram(deps.db, program.id)).filter((m) => m.status !== 'requested').length;
  if (open > 0) return buildCloseConfirmation(program, open);
  const outcome = await closeProgram(deps, client, actorId, program.id);
  return { text: outcome };
}

/** Closes a program: its open mentorships end (both people are told), current enrollments end, nothing more is asked of anyone. */
export async function closeProgram(deps: Deps, client: WebClient, actorId: string, programId: number): Promise<string> {
  const now = deps.clock();
  const program = await programById(deps, programId);
  if (!program) return 'That program no longer exists.';
  const ended = await deps.db.transaction(async (tx) => {
    if (!await setProgramStatus(tx, program.id, ['active', 'paused'], 'closed', now)) return undefined;
    let pairs = 0;
    for (const match of await openMatchesInProgram(tx, program.id)) {
      const done = await transition(tx, match.id, OPEN_MATCH_STATUSES, 'ended', { endedAt: now, endReason: 'program closed' });
      if (!done) continue;
      const wasRequest = match.status === 'requested';
      if (!wasRequest) {
        pairs += 1;
        await cancelFutureSessions(deps, tx, done, '', now);
      }
      for (const person of [done.mentorId, done.menteeId]) {
        if (!person) continue;
        const other = partnerOf(done, person);
        const text = wasRequest ? programClosedForRequest(program, person === done.menteeId ? 'asker' : 'asked', other, done.kind) : programClosedForPair(program, other);
        await enqueue(tx, { key: `program:${program.id}:closed:match:${done.id}:${person}`, recipient: person, text, notBefore: now });
      }
    }
    for (const enrollment of await enrollmentsIn(tx, program.id, CURRENT_ENROLLMENT_STATUSES)) {
      const waiting = enrollment.status !== 'active';
      await moveEnrollment(tx, enrollment.id, CURRENT_ENROLLMENT_STATUSES, waiting ? 'left' : 'completed', { endedAt: now });
      if (waiting) await enqueue(tx, { key: `program:${program.id}:closed:${enrollment.personId}`, recipient: enrollment.personId, text: programClosedForPerson(program), notBefore: now });
    }
    return pairs;
  });
  if (ended !== undefined) {
    await deliver(deps, client, now);
    // A preview left open would still publish pairs, and tell the rest they stay in the pool. Withdrawn in the
    // database first; a preview message Slack will not let us edit any more must not undo the close.
    for (const round of await previewsOf(deps.db, program.id)) {
      await cancelRound(deps, client, round.id, actorId, now).catch((error: unknown) => deps.logger.warn(`round ${round.id}: withdrawn as its program closed, but its preview could not be redrawn:`, error));
    }
  }
  return closedReply(program, ended);
}
