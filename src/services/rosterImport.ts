import type { WebClient } from '@slack/web-api';
import type { DB, Tx } from '../db/client.js';
import type { Person } from '../db/schema.js';
import { findPerson } from '../repos/profiles.js';
import { insertRosterPerson, type RosterFields, updateRosterFields } from '../repos/roster.js';
import { type Identity, type RosterReject, type RosterRow, SELF_MANAGER_REASON } from '../domain/roster.js';

/** What Slack said about the people a roster names. */
export interface SlackUsers {
  /** The state of each asked-for ID that Slack knows; an ID missing here is no Slack user. */
  ids: Map<string, SlackUserState>;
  /** Active people by lower-case email. */
  idsByEmail: Map<string, string>;
}

/** Only an active person can take part in the program. */
export type SlackUserState = 'active' | 'deactivated' | 'bot';

/** Asks Slack about the given user IDs and lower-case emails. */
export type SlackUserLookup = (wanted: { ids: string[]; emails: string[] }) => Promise<SlackUsers>;

export interface ImportRosterInput {
  db: DB;
  rows: readonly RosterRow[];
  /**
   * Null when there is no bot token: Slack IDs are then stored unchecked, and
   * rows naming anyone by email are rejected, as only Slack knows their IDs.
   */
  lookUpUsers: SlackUserLookup | null;
  now: Date;
  /** Called after each row is decided, with how many rows are done so far. */
  onProgress?: (done: number) => void;
}

export interface ImportRosterResult {
  created: number;
  updated: number;
  unchanged: number;
  rejects: RosterReject[];
  /** How many distinct Slack IDs in the stored rows were taken on trust, without asking Slack. */
  uncheckedIds: number;
}

/** A row whose people are all known Slack users, ready to store. */
interface ResolvedRow {
  line: number;
  id: string;
  /** Only known when the file named the person by email. */
  email: string | null;
  department: string;
  level: number;
  /** Undefined when the file has no such column: the stored value is kept. */
  managerId: string | null | undefined;
  location: string | null | undefined;
}

const USERS_LIST_PAGE_SIZE = 200;
const NEEDS_TOKEN = 'a bot token is needed to resolve emails, and SLACK_BOT_TOKEN is not set';

/**
 * Checks the rows' Slack IDs and resolves their emails through Slack, rejects
 * what cannot be resolved, is not an active person, or is ambiguous, then
 * applies the rest in one transaction. Slack is asked before anything is
 * written, so a Slack failure leaves the database as it was.
 */
export async function importRoster({ db, rows, lookUpUsers, now, onProgress }: ImportRosterInput): Promise<ImportRosterResult> {
  const slack = lookUpUsers ? await lookUpUsers(wantedIn(rows)) : null;
  const { accepted, rejects } = resolveRows(rows, slack);
  // Rejected rows need no work, so they count as done straight away.
  let done = rejects.length;
  onProgress?.(done);

  const counts = { created: 0, updated: 0, unchanged: 0 };
  await db.transaction(async (tx) => {
    for (const row of accepted) {
      counts[await applyRow(tx, row, now)] += 1;
      onProgress?.((done += 1));
    }
  });
  const uncheckedIds = slack ? 0 : new Set(accepted.flatMap((row) => (row.managerId ? [row.id, row.managerId] : [row.id]))).size;
  return { ...counts, rejects, uncheckedIds };
}

/**
 * A SlackUserLookup backed by `users.list`: one pass over its pages, which
 * answers both questions, ending early once every ID and email is accounted for.
 */
export function slackUserLookup(client: WebClient): SlackUserLookup {
  return async (wanted) => {
    const wantedIds = new Set(wanted.ids);
    const wantedEmails = new Set(wanted.emails.map((email) => email.toLowerCase()));
    const ids = new Map<string, SlackUserState>();
    const idsByEmail = new Map<string, string>();
    if (wantedIds.size === 0 && wantedEmails.size === 0) return { ids, idsByEmail };
    let cursor: string | undefined;
    do {
      const page = await client.users.list({ limit: USERS_LIST_PAGE_SIZE, ...(cursor ? { cursor } : {}) }).catch((error: unknown) => {
        throw new Error(`Slack users.list failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      });
      for (const member of page.members ?? []) {
        if (!member.id) continue;
        const state: SlackUserState = member.deleted ? 'deactivated' : member.is_bot ? 'bot' : 'active';
        if (wantedIds.has(member.id)) ids.set(member.id, state);
        const email = member.profile?.email?.toLowerCase();
        // A deactivated account's email does not count as found: an active one may still hold it.
        if (email && wantedEmails.has(email) && state === 'active') idsByEmail.set(email, member.id);
      }
      cursor = page.response_metadata?.next_cursor || undefined;
      // Large workspaces have many pages. An ID is listed once, in whatever state, so once seen it is
      // settled; an email is settled only by an active account.
    } while (cursor && (ids.size < wantedIds.size || idsByEmail.size < wantedEmails.size));
    return { ids, idsByEmail };
  };
}

function wantedIn(rows: readonly RosterRow[]): { ids: string[]; emails: string[] } {
  const identities = rows.flatMap((row) => (row.manager ? [row.person, row.manager] : [row.person]));
  return {
    ids: [...new Set(identities.flatMap((identity) => (identity.kind === 'slackId' ? [identity.id] : [])))],
    emails: [...new Set(identities.flatMap((identity) => (identity.kind === 'email' ? [identity.email.toLowerCase()] : [])))],
  };
}

/** An identity as Slack has settled it: a user ID, or why it cannot be used. */
type Resolution = { id: string } | { problem: string };

/** `slack` is null when Slack cannot be asked, in which case IDs are taken as they are. */
function resolver(slack: SlackUsers | null) {
  return (identity: Identity, role: 'person' | 'manager'): Resolution => {
    const manager = role === 'manager';
    if (identity.kind === 'email') {
      if (!slack) return { problem: `${manager ? "the manager's email" : 'the email'} ${identity.email} cannot be resolved: ${NEEDS_TOKEN}` };
      const id = slack.idsByEmail.get(identity.email.toLowerCase());
      return id ? { id } : { problem: `no Slack user has the ${manager ? "manager's " : ''}email ${identity.email}` };
    }
    if (!slack) return { id: identity.id };
    switch (slack.ids.get(identity.id)) {
      case 'active':
        return { id: identity.id };
      case 'deactivated':
        return { problem: manager ? `manager ${identity.id} is a deactivated Slack user` : `Slack user ${identity.id} is deactivated` };
      case 'bot':
        return { problem: manager ? `manager ${identity.id} is a bot, not a person` : `Slack user ${identity.id} is a bot, not a person` };
      case undefined:
        return { problem: manager ? `manager ${identity.id} is not a Slack user` : `no Slack user ${identity.id}` };
    }
  };
}

function resolveRows(rows: readonly RosterRow[], slack: SlackUsers | null): { accepted: ResolvedRow[]; rejects: RosterReject[] } {
  const resolve = resolver(slack);
  const firstLineById = new Map<string, number>();
  const accepted: ResolvedRow[] = [];
  const rejects: RosterReject[] = [];

  for (const row of rows) {
    const person = resolve(row.person, 'person');
    // Null and undefined pass through: "no manager" and "no manager column" need no lookup.
    const manager = row.manager ? resolve(row.manager, 'manager') : row.manager;
    const problems = [person, manager].flatMap((resolution) => (resolution && 'problem' in resolution ? [resolution.problem] : []));
    const id = 'id' in person ? person.id : undefined;
    const managerId = manager ? ('id' in manager ? manager.id : undefined) : manager;
    if (id !== undefined) {
      // The first row for a person wins even if it is rejected for another
      // reason: a later row must not quietly stand in for a broken earlier one.
      const first = firstLineById.get(id);
      if (first === undefined) firstLineById.set(id, row.line);
      else problems.push(`duplicate of line ${first} (${id})`);
    }
    // Caught here as well as in parsing, because an email and an ID may name the same person.
    if (id !== undefined && id === managerId) problems.push(SELF_MANAGER_REASON);

    if (problems.length > 0 || id === undefined) {
      rejects.push({ line: row.line, reason: problems.join('; ') });
      continue;
    }
    const email = row.person.kind === 'email' ? row.person.email.toLowerCase() : null;
    accepted.push({ line: row.line, id, email, department: row.department, level: row.level, managerId, location: row.location });
  }
  return { accepted, rejects };
}

type Outcome = 'created' | 'updated' | 'unchanged';

async function applyRow(tx: Tx, row: ResolvedRow, now: Date): Promise<Outcome> {
  const existing = await findPerson(tx, row.id);
  if (!existing) {
    // Someone new has no manager or location until a file says so.
    const fields = { department: row.department, level: row.level, managerId: row.managerId ?? null, location: row.location ?? null };
    await insertRosterPerson(tx, row.id, { email: row.email, ...fields }, now);
    return 'created';
  }
  const changes = changedFields(existing, row);
  // Values they typed themselves that HR confirms are HR's from now on: stamped, so the form stops asking.
  if (Object.keys(changes).length === 0 && existing.rosterImportedAt === null) {
    await updateRosterFields(tx, row.id, {}, now);
    return 'updated';
  }
  if (Object.keys(changes).length === 0) return 'unchanged';
  // The stamp moves only with real changes, so it says when HR data last changed, and a re-import is a no-op.
  await updateRosterFields(tx, row.id, changes, now);
  return 'updated';
}

function changedFields(existing: Person, row: ResolvedRow): RosterFields {
  const changes: RosterFields = {};
  if (existing.department !== row.department) changes.department = row.department;
  if (existing.level !== row.level) changes.level = row.level;
  // An empty manager or location in the roster means "none": HR is the source of truth for these.
  // A file without the column says nothing about them, so the stored value stays.
  if (row.managerId !== undefined && existing.managerId !== row.managerId) changes.managerId = row.managerId;
  if (row.location !== undefined && existing.location !== row.location) changes.location = row.location;
  // A row by Slack ID says nothing about the email, so a known email is kept;
  // case alone is no change, since emails are matched case-insensitively.
  if (row.email !== null && existing.email?.toLowerCase() !== row.email) changes.email = row.email;
  return changes;
}
