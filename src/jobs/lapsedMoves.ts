import type { Deps } from '../deps.js';
import { findMatch } from '../repos/matches.js';
import { expireProposal, openMoves } from '../repos/sessions.js';
import { enqueue } from '../outbox/outbox.js';
import { callOffMove } from '../services/sessions.js';
import { moveLapsed } from '../views/sessionMessages.js';

/**
 * A move nobody answered: once every new time offered has begun, the
 * session is off, as if "None work" had been pressed: its calendar entries
 * cancelled and both people told. Before, it waited for a pick forever,
 * still on both calendars at its old time, with nothing either could press.
 */
export async function lapseUnansweredMoves(deps: Deps, now: Date): Promise<number> {
  let lapsed = 0;
  for (const proposal of await openMoves(deps.db)) {
    if (proposal.sessionId === null || proposal.slots.some((slot) => slot.start > now.getTime())) continue;
    const sessionId = proposal.sessionId;
    await deps.db.transaction(async (tx) => {
      if (!await expireProposal(tx, proposal.id)) return;
      const match = await findMatch(tx, proposal.matchId);
      if (!match || !await callOffMove(deps, tx, match, sessionId, now)) return;
      lapsed += 1;
      // A mentorship that has ended since has nothing left to book: the session just goes.
      if (match.status !== 'active') return;
      for (const [person, partner] of [[match.mentorId, match.menteeId], [match.menteeId, match.mentorId]]) {
        if (person && partner) await enqueue(tx, { key: `proposal:${proposal.id}:lapsed:${person}`, recipient: person, text: moveLapsed(partner), notBefore: now });
      }
    });
  }
  return lapsed;
}
