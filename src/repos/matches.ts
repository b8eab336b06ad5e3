import { and, eq, inArray, or } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { matches, type Match } from '../db/schema.js';
import type { MentorshipSummary } from '../views/appHome.js';

const OPEN = ['requested', 'active', 'paused'] as const;

type Tx = Parameters<Parameters<DB['transaction']>[0]>[0];

export function openMatchesOf(db: DB | Tx, userId: string): Match[] {
  return db
    .select()
    .from(matches)
    .where(and(inArray(matches.status, [...OPEN]), or(eq(matches.mentorId, userId), eq(matches.menteeId, userId))))
    .all();
}

export function partnerOf(match: Match, userId: string): string | null {
  return match.mentorId === userId ? match.menteeId : match.mentorId;
}

/** How a mentorship looks from one side of it. */
export function summarise(match: Match, userId: string): MentorshipSummary {
  const iMentor = match.mentorId === userId;
  const partnerRole =
    match.kind === 'peer' ? 'peer' : match.kind === 'reverse' ? (iMentor ? 'reverse mentee' : 'reverse mentor') : iMentor ? 'mentee' : 'mentor';
  return { partnerId: partnerOf(match, userId), partnerRole, status: match.status as MentorshipSummary['status'] };
}

/** Ends every open match of a person; returns what was open, so partners can be told. */
export function endOpenMatches(tx: DB | Tx, userId: string, reason: string, now: Date): Match[] {
  const open = openMatchesOf(tx, userId);
  if (open.length > 0) {
    tx.update(matches)
      .set({ status: 'ended', endedAt: now, endReason: reason })
      .where(inArray(matches.id, open.map((m) => m.id)))
      .run();
  }
  return open;
}
