import { eq, inArray, sql } from 'drizzle-orm';
import { prepared } from '../db/prepared.js';
import type { DB } from '../db/client.js';
import { type OutboxRow, people, profiles, programCoordinators } from '../db/schema.js';
import { DEFAULT_WORKING_HOURS, nextWindowStart, type WeeklyWindow } from '../domain/localTime.js';
import { effectiveStatus } from '../domain/participation.js';
import { first } from '../db/query.js';

/*
 * Whether the bot may speak to a message's people now. The rule is about
 * people, not addresses: a paused person hears nothing in their DM or in a
 * group DM, someone who left or deleted their data gets nothing, and a DM
 * waits for the recipient's own working hours.
 */

export type Verdict = { kind: 'send' } | { kind: 'hold'; until?: Date } | { kind: 'drop'; reason: string };

const USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** The people a recipient stands for: one user (their DM), several (their group DM), or none (a channel). */
export function recipientPeople(recipient: string): string[] {
  const ids = recipient.split(',');
  return ids.every((id) => USER_ID.test(id)) ? ids : [];
}

export const isPersonRecipient = (recipient: string): boolean => recipientPeople(recipient).length > 0;

/** Everyone who coordinates a program besides the workspace admins: staff too, for the rules below. */
export async function programCoordinatorIds(db: DB): Promise<string[]> {
  return [...new Set((await db.select({ id: programCoordinators.personId }).from(programCoordinators)).map((r) => r.id))];
}

export interface VerdictContext {
  /** Coordinators are staff: they need not be members, and are told things at any hour. */
  coordinators: readonly string[];
}

/**
 * `reply` marks the answer to something the person just did (their pause
 * confirmed, their rating thanked): it goes to them now, paused or not, and
 * even after they left, since they are the one asking.
 */
export async function recipientVerdict(db: DB, row: Pick<OutboxRow, 'recipient' | 'workingHoursOnly'> & { reply?: boolean }, now: Date, context: VerdictContext): Promise<Verdict> {
  const ids = recipientPeople(row.recipient);
  if (ids.length === 0) return { kind: 'send' };
  const found = new Map((await peopleOf(db, ids)).map((p) => [p.id, p]));
  if (row.reply && ids.length === 1) return found.has(ids[0] as string) || context.coordinators.includes(ids[0] as string) ? { kind: 'send' } : { kind: 'drop', reason: 'the recipient deleted their data' };
  const pausedUntil: (Date | null)[] = [];
  for (const id of ids) {
    const person = found.get(id);
    if (!person) {
      if (context.coordinators.includes(id)) continue;
      return { kind: 'drop', reason: 'a recipient deleted their data' };
    }
    const status = effectiveStatus(person, now);
    if (status === 'left' && !context.coordinators.includes(id)) return { kind: 'drop', reason: 'a recipient left the program' };
    if (status === 'paused') pausedUntil.push(person.pausedUntil);
  }
  if (pausedUntil.length > 0) {
    // A group waits for its last member to come back; an open-ended pause has no date to wait for.
    if (pausedUntil.includes(null)) return { kind: 'hold' };
    return { kind: 'hold', until: new Date(Math.max(...pausedUntil.map((d) => (d as Date).getTime()))) };
  }
  // Group conversations answer something a person just did; only a DM waits for someone's hours.
  if (ids.length > 1 || !row.workingHoursOnly) return { kind: 'send' };
  const id = ids[0] as string;
  const person = found.get(id);
  if (!person) return { kind: 'send' };
  const profile = await first(prepared(db, 'outbox.recipientProfile', (d) => d.select().from(profiles).where(eq(profiles.personId, sql.placeholder('id'))).prepare()).execute({ id }));
  const hours: WeeklyWindow = profile ? { days: profile.workDays, startMinute: profile.workStartMinute, endMinute: profile.workEndMinute } : DEFAULT_WORKING_HOURS;
  const next = nextWindowStart(now, hours, person.timeZone ?? 'UTC');
  if (!next) return { kind: 'drop', reason: 'the recipient has no working hours' };
  return next.getTime() === now.getTime() ? { kind: 'send' } : { kind: 'hold', until: next };
}

/** A drain asks this for every message, nearly always about one person: that case is prepared once. */
async function peopleOf(db: DB, ids: string[]) {
  if (ids.length !== 1) return await db.select().from(people).where(inArray(people.id, ids));
  const one = prepared(db, 'outbox.recipientPerson', (d) => d.select().from(people).where(eq(people.id, sql.placeholder('id'))).prepare());
  return await one.execute({ id: ids[0] });
}
