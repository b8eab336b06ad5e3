import type { WebClient } from '@slack/web-api';
import { eq } from 'drizzle-orm';
import type { DB } from '../db/client.js';
import { people, type Person } from '../db/schema.js';
import { type Identity, type RosterReject, type RosterRow, SELF_MANAGER_REASON } from '../domain/roster.js';

/** Looks up Slack user IDs by email; keys of the result are lower-case emails. */
export type EmailResolver = (emails: string[]) => Promise<Map<string, string>>;

export interface ImportRosterInput {
  db: DB;
  rows: readonly RosterRow[];
  resolveEmails: EmailResolver;
  now: Date;
  /** Called after each row is decided, with how many rows are done so far. */
  onProgress?: (done: number) => void;
}

export interface ImportRosterResult {
  created: number;
  updated: number;
  unchanged: number;
  rejects: RosterReject[];
}

/** A row whose people are all known Slack users, ready to store. */
interface ResolvedRow {
  line: number;
  id: string;
  /** Only known when the file named the person by email. */
  email: string | null;
  department: string;
  level: number;
  managerId: string | null;
  location: string | null;
}

const USERS_LIST_PAGE_SIZE = 200;

/**
 * Resolves the rows' emails through Slack, rejects what cannot be resolved or
 * is ambiguous, then applies the rest in one transaction. Slack is asked
 * before anything is written, so a Slack failure leaves the database as it was.
 */
export async function importRoster({ db, rows, resolveEmails, now, onProgress }: ImportRosterInput): Promise<ImportRosterResult> {
  const emails = emailsIn(rows);
  const idsByEmail = emails.length > 0 ? await resolveEmails(emails) : new Map<string, string>();
  const { accepted, rejects } = resolveRows(rows, idsByEmail);
  // Rejected rows need no work, so they count as done straight away.
  let done = rejects.length;
  onProgress?.(done);

  const counts = { created: 0, updated: 0, unchanged: 0 };
  db.transaction((tx) => {
    for (const row of accepted) {
      counts[applyRow(tx, row, now)] += 1;
      onProgress?.((done += 1));
    }
  });
  return { ...counts, rejects };
}

/** An EmailResolver backed by `users.list`, reading pages until every email is found or none are left. */
export function slackEmailResolver(client: WebClient): EmailResolver {
  return async (emails) => {
    const wanted = new Set(emails.map((email) => email.toLowerCase()));
    const found = new Map<string, string>();
    let cursor: string | undefined;
    do {
      const page = await client.users.list({ limit: USERS_LIST_PAGE_SIZE, ...(cursor ? { cursor } : {}) }).catch((error: unknown) => {
        throw new Error(`Slack users.list failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      for (const member of page.members ?? []) {
        const email = member.profile?.email?.toLowerCase();
        // A deactivated account cannot take part in the program, so its email does not count as found.
        if (member.id && email && wanted.has(email) && !member.deleted && !member.is_bot) found.set(email, member.id);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
      // Large workspaces have many pages; stop once every email is accounted for.
    } while (cursor && found.size < wanted.size);
    return found;
  };
}

function emailsIn(rows: readonly RosterRow[]): string[] {
  const identities = rows.flatMap((row) => (row.manager ? [row.person, row.manager] : [row.person]));
  return [...new Set(identities.flatMap((identity) => (identity.kind === 'email' ? [identity.email.toLowerCase()] : [])))];
}

function resolveRows(rows: readonly RosterRow[], idsByEmail: Map<string, string>): { accepted: ResolvedRow[]; rejects: RosterReject[] } {
  const resolve = (identity: Identity) => (identity.kind === 'slackId' ? identity.id : idsByEmail.get(identity.email.toLowerCase()));
  const firstLineById = new Map<string, number>();
  const accepted: ResolvedRow[] = [];
  const rejects: RosterReject[] = [];

  for (const row of rows) {
    const id = resolve(row.person);
    const managerId = row.manager ? resolve(row.manager) : null;
    const problems: string[] = [];
    if (id === undefined && row.person.kind === 'email') problems.push(`no Slack user has the email ${row.person.email}`);
    if (managerId === undefined && row.manager?.kind === 'email') problems.push(`no Slack user has the manager's email ${row.manager.email}`);
    if (id !== undefined) {
      // The first row for a person wins even if it is rejected for another
      // reason: a later row must not quietly stand in for a broken earlier one.
      const first = firstLineById.get(id);
      if (first === undefined) firstLineById.set(id, row.line);
      else problems.push(`duplicate of line ${first} (${id})`);
    }
    // Caught here as well as in parsing, because an email and an ID may name the same person.
    if (id !== undefined && id === managerId) problems.push(SELF_MANAGER_REASON);

    if (problems.length > 0 || id === undefined || managerId === undefined) {
      rejects.push({ line: row.line, reason: problems.join('; ') });
      continue;
    }
    const email = row.person.kind === 'email' ? row.person.email.toLowerCase() : null;
    accepted.push({ line: row.line, id, email, department: row.department, level: row.level, managerId, location: row.location });
  }
  return { accepted, rejects };
}

type Outcome = 'created' | 'updated' | 'unchanged';

function applyRow(tx: Pick<DB, 'select' | 'insert' | 'update'>, row: ResolvedRow, now: Date): Outcome {
  const existing = tx.select().from(people).where(eq(people.id, row.id)).get();
  const fields = { department: row.department, level: row.level, managerId: row.managerId, location: row.location };
  if (!existing) {
    tx.insert(people).values({ id: row.id, email: row.email, ...fields, rosterImportedAt: now }).run();
    return 'created';
  }
  const changes = changedFields(existing, row);
  if (Object.keys(changes).length === 0) return 'unchanged';
  // The stamp moves only with real changes, so it says when HR data last changed, and a re-import is a no-op.
  tx.update(people).set({ ...changes, rosterImportedAt: now }).where(eq(people.id, row.id)).run();
  return 'updated';
}

function changedFields(existing: Person, row: ResolvedRow): Partial<Pick<Person, 'email' | 'department' | 'level' | 'managerId' | 'location'>> {
  const changes: Partial<Pick<Person, 'email' | 'department' | 'level' | 'managerId' | 'location'>> = {};
  if (existing.department !== row.department) changes.department = row.department;
  if (existing.level !== row.level) changes.level = row.level;
  // An empty manager or location in the roster means "none": HR is the source of truth for these.
  if (existing.managerId !== row.managerId) changes.managerId = row.managerId;
  if (existing.location !== row.location) changes.location = row.location;
  // A row by Slack ID says nothing about the email, so a known email is kept;
  // case alone is no change, since emails are matched case-insensitively.
  if (row.email !== null && existing.email?.toLowerCase() !== row.email) changes.email = row.email;
  return changes;
}
