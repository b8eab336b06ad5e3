import type { WebClient } from '@slack/web-api';
import { eq, inArray, or, sql } from 'drizzle-orm';
import type { Deps } from '../deps.js';
import { availability, checkIns, goals, matches, outbox, people, personSkills, profiles, ratings, sessionProposals, sessions, skills } from '../db/schema.js';
import { drainOutbox, enqueue } from '../outbox/outbox.js';
import { endOpenMatches, partnerOf } from '../repos/matches.js';
import { type DeletionSummary, partnerDeletedMessage, partnerLeftMessage } from '../views/membershipMessages.js';

/**
 * Leaving: the person's open mentorships end, each partner gets a kind note
 * through the outbox (so a paused partner hears about it when they return),
 * and the profile is kept for a possible return.
 */
export async function leaveProgram(deps: Deps, client: WebClient, userId: string): Promise<{ ended: number }> {
  const now = deps.clock();
  const ended = deps.db.transaction((tx) => {
    const closed = endOpenMatches(tx, userId, 'partner left the program', now);
    tx.update(people).set({ status: 'left', pausedUntil: null, updatedAt: now }).where(eq(people.id, userId)).run();
    for (const match of closed) {
      const partner = partnerOf(match, userId);
      if (partner) enqueue(tx, { key: `match:${match.id}:ended:${partner}`, recipient: partner, text: partnerLeftMessage(userId), notBefore: now });
    }
    return closed.length;
  });
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return { ended };
}

/**
 * Deleting: personal data and free text go; only anonymous aggregates stay
 * (past matches with the person's side emptied, rating scores without a
 * rater, check-in answers without notes). Returns what was kept, for the reply.
 */
export async function deletePersonData(deps: Deps, client: WebClient, userId: string): Promise<DeletionSummary & { onRoster: boolean }> {
  const now = deps.clock();
  const summary = deps.db.transaction((tx) => {
    const person = tx.select().from(people).where(eq(people.id, userId)).get();
    const closed = endOpenMatches(tx, userId, 'partner deleted their data', now);
    for (const match of closed) {
      const partner = partnerOf(match, userId);
      if (partner) enqueue(tx, { key: `match:${match.id}:ended:${partner}`, recipient: partner, text: partnerDeletedMessage(), notBefore: now });
    }
    const theirMatches = or(eq(matches.mentorId, userId), eq(matches.menteeId, userId));
    const count = (n: { n: number } | undefined) => n?.n ?? 0;
    const kept = {
      mentorships: count(tx.select({ n: sql<number>`count(*)` }).from(matches).where(theirMatches).get()),
      ratings: count(tx.select({ n: sql<number>`count(*)` }).from(ratings).where(eq(ratings.raterId, userId)).get()),
      checkIns: count(tx.select({ n: sql<number>`count(*)` }).from(checkIns).where(eq(checkIns.personId, userId)).get()),
    };
    // Free text goes first; the foreign keys then empty the person's side of
    // every aggregate row as the person row itself is deleted.
    tx.update(ratings).set({ comment: null }).where(eq(ratings.raterId, userId)).run();
    tx.update(checkIns).set({ note: null }).where(eq(checkIns.personId, userId)).run();
    tx.update(matches).set({ conversationId: null, reasons: null, declineNote: null }).where(theirMatches).run();
    tx.delete(outbox).where(eq(outbox.recipient, userId)).run();
    tx.update(sessionProposals).set({ proposedBy: null }).where(eq(sessionProposals.proposedBy, userId)).run();
    tx.update(sessionProposals).set({ proposedTo: null }).where(eq(sessionProposals.proposedTo, userId)).run();
    tx.delete(people).where(eq(people.id, userId)).run();
    return { ...kept, onRoster: Boolean(person?.rosterImportedAt) };
  });
  await drainOutbox({ db: deps.db, client, logger: deps.logger }, now);
  return summary;
}

/** Everything stored about one person, as one JSON document they can keep. */
export function exportPersonData(deps: Deps, userId: string): Record<string, unknown> | undefined {
  const { db } = deps;
  const person = db.select().from(people).where(eq(people.id, userId)).get();
  if (!person) return undefined;
  const theirMatches = db.select().from(matches).where(or(eq(matches.mentorId, userId), eq(matches.menteeId, userId))).all();
  const matchIds = theirMatches.map((m) => m.id);
  return {
    exportedAt: deps.clock().toISOString(),
    person,
    profile: db.select().from(profiles).where(eq(profiles.personId, userId)).get() ?? null,
    skills: db
      .select({ skill: skills.name, cluster: skills.cluster, direction: personSkills.direction })
      .from(personSkills)
      .innerJoin(skills, eq(skills.id, personSkills.skillId))
      .where(eq(personSkills.personId, userId))
      .all(),
    goals: db.select().from(goals).where(eq(goals.personId, userId)).all(),
    availability: db.select().from(availability).where(eq(availability.personId, userId)).all(),
    mentorships: theirMatches.map((m) => ({ ...m, yourRole: m.mentorId === userId ? 'mentor' : 'mentee', partner: partnerOf(m, userId) })),
    sessions: matchIds.length ? db.select().from(sessions).where(inArray(sessions.matchId, matchIds)).all() : [],
    checkInsYouAnswered: db.select().from(checkIns).where(eq(checkIns.personId, userId)).all(),
    // Only ratings this person gave: ratings about them are anonymous by design.
    ratingsYouGave: db.select().from(ratings).where(eq(ratings.raterId, userId)).all(),
    messagesQueuedForYou: db.select().from(outbox).where(eq(outbox.recipient, userId)).all(),
  };
}

export async function sendExport(deps: Deps, client: WebClient, userId: string, data: Record<string, unknown>): Promise<void> {
  const dm = await client.conversations.open({ users: userId });
  await client.filesUploadV2({
    channel_id: dm.channel?.id as string,
    filename: 'my-mentoring-data.json',
    title: 'Your mentoring data',
    content: JSON.stringify(data, null, 2),
    initial_comment: 'Here is everything the mentoring program stores about you. Ratings others gave are anonymous and so are not part of it.',
  });
}
