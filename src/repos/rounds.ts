import { and, asc, eq, gte, like, or } from 'drizzle-orm';
import type { DB, Tx } from '../db/client.js';
import { type MatchRound, matchRounds } from '../db/schema.js';
import type { RoundProposal } from '../domain/matching/round.js';
import { adjustmentsWithout } from '../domain/matching/roundAdjustments.js';
import { SCHEDULE_ACTOR } from '../domain/roundSchedule.js';
import { first, rowsChanged } from '../db/query.js';
import { inserted } from './inserted.js';
import { asText } from '../db/dialectSql.js';

export type StoredRound = Omit<MatchRound, 'proposal'> & { proposal: RoundProposal };

const asRound = (r: MatchRound): StoredRound => ({ ...r, proposal: r.proposal as unknown as RoundProposal });

/** A new round, in preview until a coordinator publishes or cancels it. */
export async function createRound(db: DB | Tx, values: { programId: number; createdBy: string; proposal: RoundProposal; channelId: string; createdAt: Date; publishAt?: Date }): Promise<StoredRound> {
  return asRound(await inserted(db.insert(matchRounds).values({ ...values, status: 'preview', proposal: values.proposal as unknown as Record<string, unknown> }).returning()));
}

/**
 * What stops an automatic round for an occurrence: an automatic round of the
 * program made at or after it (`done`: this occurrence's, however often the
 * job ticks), or else any round of the program still in preview (never two
 * previews of the same people at once). Undefined when the occurrence is free.
 */
export async function roundInTheWay(db: DB | Tx, programId: number, occurrence: Date): Promise<{ done: boolean; round: StoredRound } | undefined> {
  const ofProgram = eq(matchRounds.programId, programId);
  const done = await first(db
    .select()
    .from(matchRounds)
    .where(and(ofProgram, eq(matchRounds.createdBy, SCHEDULE_ACTOR), gte(matchRounds.createdAt, occurrence)))
    .limit(1));
  if (done) return { done: true, round: asRound(done) };
  const pending = await first(db.select().from(matchRounds).where(and(ofProgram, eq(matchRounds.status, 'preview'))).orderBy(asc(matchRounds.id)).limit(1));
  return pending && { done: false, round: asRound(pending) };
}

/** A program's rounds still in preview, oldest first: what Publish could still send. */
export async function previewsOf(db: DB | Tx, programId: number): Promise<StoredRound[]> {
  return (await db.select().from(matchRounds).where(and(eq(matchRounds.programId, programId), eq(matchRounds.status, 'preview'))).orderBy(asc(matchRounds.id))).map(asRound);
}

/**
 * The automatic round for an occurrence, created once: the check and the
 * insert are one immediate transaction, so a double tick, a restart or a
 * second replica racing this one gets undefined instead of a second round.
 */
export async function createScheduledRound(
  db: DB,
  values: { programId: number; occurrence: Date; proposal: RoundProposal; channelId: string; createdAt: Date; publishAt: Date },
): Promise<StoredRound | undefined> {
  const { occurrence, ...round } = values;
  return db.transaction(async (tx) => (await roundInTheWay(tx, values.programId, occurrence) ? undefined : await createRound(tx, { ...round, createdBy: SCHEDULE_ACTOR })), { behavior: 'immediate' });
}

/** Automatic rounds still in preview, oldest first: those to publish once their window has passed, or whose preview must still be posted. */
export async function scheduledPreviews(db: DB | Tx): Promise<StoredRound[]> {
  return (await db
    .select()
    .from(matchRounds)
    .where(and(eq(matchRounds.createdBy, SCHEDULE_ACTOR), eq(matchRounds.status, 'preview')))
    .orderBy(asc(matchRounds.id)))
    .map(asRound);
}

/** The preview message's ts, which Publish and Cancel edit. */
export async function setPreviewMessage(db: DB | Tx, roundId: number, messageTs: string | null): Promise<void> {
  await db.update(matchRounds).set({ messageTs }).where(eq(matchRounds.id, roundId));
}

/** A preview's proposal after coordinators changed it; false when the round has left preview meanwhile. */
export async function replaceProposal(db: DB | Tx, roundId: number, proposal: RoundProposal): Promise<boolean> {
  const changed = await db
    .update(matchRounds)
    .set({ proposal: proposal as unknown as Record<string, unknown> })
    .where(and(eq(matchRounds.id, roundId), eq(matchRounds.status, 'preview')));
  return rowsChanged(changed) === 1;
}

/**
 * Moves a round out of preview, once: of two coordinators clicking at the
 * same moment only one gets the round back.
 */
export async function decideRound(db: DB | Tx, roundId: number, status: 'published' | 'cancelled', decidedBy: string, decidedAt: Date): Promise<StoredRound | undefined> {
  const row = await first(db
    .update(matchRounds)
    .set({ status, decidedAt, decidedBy })
    .where(and(eq(matchRounds.id, roundId), eq(matchRounds.status, 'preview')))
    .returning());
  return row && asRound(row);
}

/** Who ran or decided a round, once that coordinator has erased their data. */
export const ERASED_COORDINATOR = 'deleted';

/** Rounds whose proposal names the person, or that they ran as a coordinator. */
export async function roundsNaming(db: DB | Tx, personId: string): Promise<StoredRound[]> {
  return (await db
    .select()
    .from(matchRounds)
    .where(or(like(asText(matchRounds.proposal), `%${personId}%`), eq(matchRounds.createdBy, personId), eq(matchRounds.decidedBy, personId))))
    .map(asRound);
}

/** What a round proposed for or about one person: their pair, or why they were not matched. */
export function roundEntriesFor(round: StoredRound, personId: string) {
  return {
    pairs: round.proposal.pairs.filter((p) => p.receiverId === personId || p.giverId === personId),
    unmatched: round.proposal.unmatched.filter((u) => u.id === personId),
  };
}

/**
 * Takes a person out of every round that names them: their pairs and their
 * "why not matched" lines go (a preview stays publishable without them), and
 * a coordinator who erased their data is no longer named as its author.
 * Returns the rounds as they are now.
 */
export async function scrubRoundsOf(tx: DB | Tx, personId: string): Promise<StoredRound[]> {
  const scrubbed: StoredRound[] = [];
  for (const round of await roundsNaming(tx, personId)) {
    const { adjustments, droppedPins, ...rest } = round.proposal;
    const proposal: RoundProposal = {
      ...rest,
      pairs: round.proposal.pairs.filter((p) => p.receiverId !== personId && p.giverId !== personId),
      unmatched: round.proposal.unmatched.filter((u) => u.id !== personId),
      ...(adjustments ? { adjustments: adjustmentsWithout(adjustments, personId, ERASED_COORDINATOR) } : {}),
      ...(droppedPins ? { droppedPins: droppedPins.filter((p) => p.receiverId !== personId && p.giverId !== personId) } : {}),
    };
    proposal.total = proposal.pairs.reduce((sum, p) => sum + p.score, 0);
    const values = {
      proposal: proposal as unknown as Record<string, unknown>,
      createdBy: round.createdBy === personId ? ERASED_COORDINATOR : round.createdBy,
      decidedBy: round.decidedBy === personId ? ERASED_COORDINATOR : round.decidedBy,
    };
    await tx.update(matchRounds).set(values).where(eq(matchRounds.id, round.id));
    scrubbed.push({ ...round, ...values, proposal });
  }
  return scrubbed;
}

export async function findRound(db: DB | Tx, id: number): Promise<StoredRound | undefined> {
  const row = await first(db.select().from(matchRounds).where(eq(matchRounds.id, id)));
  return row && asRound(row);
}
