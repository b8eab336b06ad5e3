import type { DB, Tx } from '../db/client.js';
import { partnerOf } from '../domain/mentorship.js';
import { enqueue } from '../outbox/outbox.js';
import type { EndedMatch } from '../repos/matches.js';
import { requestClosedNotice } from '../views/membershipMessages.js';

/**
 * A request closed because one side left or erased their data. It never was
 * a mentorship: the other side is told the request closed (under the key the
 * mentorship's notice would use), and nothing else follows, no rematch and
 * no note to coordinators. A mentee's current mentorship, which a fresh-start
 * request would have replaced, carries on untouched.
 */
export async function tellOfClosedRequest(tx: DB | Tx, match: EndedMatch, leaverId: string, how: { named: boolean; programName?: string }, now: Date): Promise<void> {
  const partner = partnerOf(match, leaverId);
  if (!partner) return;
  const text = requestClosedNotice(partner === match.menteeId ? 'asker' : 'asked', match.kind, how.named ? leaverId : null, how.programName);
  await enqueue(tx, { key: `match:${match.id}:ended:${partner}`, recipient: partner, text, notBefore: now });
}
