// CsvError from the same entry point as parse: the CommonJS builds bundle a
// separate copy of the class per entry point, which would defeat instanceof.
import { CsvError, parse } from 'csv-parse/sync';
import { visibleLength } from './text.js';

/*
 * The HR roster as coordinators export it: a CSV file with one row per person.
 * This module only reads and validates the file's bytes and text; resolving
 * emails to Slack users and storing rows is src/roster/importRoster.ts's job,
 * so everything here can be tested without Slack or a database.
 */

/** How a row names a person: as written in the file, before any lookup. */
export type Identity = { kind: 'slackId'; id: string } | { kind: 'email'; email: string };

export interface RosterRow {
  /** Line in the file where the row starts (1-based; the header is line 1). */
  line: number;
  person: Identity;
  department: string;
  level: number;
  /**
   * Absent (undefined) when the file has no such column, so a file that does
   * not carry a value cannot erase the stored one; null when the cell is
   * empty, which HR means as "none".
   */
  manager?: Identity | null;
  location?: string | null;
}

export interface RosterReject {
  line: number;
  reason: string;
}

export interface ParsedRoster {
  rows: RosterRow[];
  rejects: RosterReject[];
}

/** A problem with the file as a whole (header, CSV syntax): nothing in it can be trusted. */
export class RosterFileError extends Error {
  override readonly name = 'RosterFileError';
}

export const MAX_TEXT_LENGTH = 80;
export const SELF_MANAGER_REASON = 'a person cannot be their own manager';

const IDENTITY_HEADERS = ['user', 'slack_id', 'user_id', 'email'] as const;
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
// Deliberately loose: Slack is the authority on which emails exist, this only
// catches values that cannot be an email at all (a name, a stray number).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LEVEL = /^l?(\d{1,2})$/i;
const NOT_AN_IDENTITY = 'is neither a Slack user ID (such as U0123ABCD) nor an email';

interface Columns {
  identity: { index: number; name: string };
  department: number;
  level: number;
  manager: number | undefined;
  location: number | undefined;
  count: number;
}

/** Parses a roster file as read from disk. Throws RosterFileError when the file as a whole is unusable. */
export function parseRosterFile(bytes: Uint8Array): ParsedRoster {
  return parseRoster(decodeRoster(bytes));
}

/**
 * The file's text, refusing encodings other than UTF-8: decoded any other way,
 * "Zürich" would be stored as "Z�rich" with nothing to say it went wrong.
 */
export function decodeRoster(bytes: Uint8Array): string {
  const save = 'save it as "CSV UTF-8" and import it again';
  const bom = bytes.subarray(0, 2);
  // A NUL never appears in a text roster, but UTF-16 has one in every ASCII character, BOM or not.
  if ((bom[0] === 0xff && bom[1] === 0xfe) || (bom[0] === 0xfe && bom[1] === 0xff) || bytes.includes(0x00)) {
    throw new RosterFileError(`the file is UTF-16 text, not UTF-8; ${save}`);
  }
  try {
    // Strips a UTF-8 byte order mark, which spreadsheets often write.
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new RosterFileError(
      `the file is not UTF-8 (perhaps Latin-1 or Windows-1252): the first byte that is not valid UTF-8 is on line ${firstLineNotUtf8(bytes)}; ${save}`,
    );
  }
}

/** Parses roster CSV text. Throws RosterFileError when the file as a whole is unusable. */
export function parseRoster(text: string): ParsedRoster {
  refuseOtherSeparators(text);
  const records = readRecords(text);
  const header = records.shift();
  if (!header) throw new RosterFileError('the file is empty; expected a header row with user, department and level columns');
  const columns = mapColumns(header.fields);

  const result: ParsedRoster = { rows: [], rejects: [] };
  for (const { fields, line } of records) {
    // Spreadsheets often export trailing rows of bare commas; they carry no data.
    if (fields.every((field) => field.trim() === '')) continue;
    const outcome = readRow(fields, line, columns);
    if ('reason' in outcome) result.rejects.push(outcome);
    else result.rows.push(outcome);
  }
  return result;
}

/** Parses an identity cell: a Slack user ID or an email, anything else is null. */
export function parseIdentity(value: string): Identity | null {
  if (SLACK_USER_ID.test(value)) return { kind: 'slackId', id: value };
  if (EMAIL.test(value)) return { kind: 'email', email: value };
  return null;
}

/** Only used once decoding has failed, to point the coordinator at the line to fix. */
function firstLineNotUtf8(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let index = 0; index <= bytes.length; index += 1) {
    const byte = bytes[index];
    // Line breaks as parseRoster counts them: LF, CRLF or a lone CR. Neither byte
    // can occur inside a multi-byte UTF-8 character, so each line decodes alone.
    const lineEnds = index === bytes.length || byte === 0x0a || (byte === 0x0d && bytes[index + 1] !== 0x0a);
    if (!lineEnds) continue;
    try {
      decoder.decode(bytes.subarray(start, index));
    } catch {
      return line;
    }
    line += 1;
    start = index + 1;
  }
  return line;
}

/**
 * Spreadsheets set to a European locale save "CSV" with semicolons, and some
 * exports use tabs; read as commas, the whole header is one unknown column,
 * and "the header is missing user" would send the coordinator the wrong way.
 */
function refuseOtherSeparators(text: string): void {
  // The first line with anything on it, as csv-parse skips blank ones (\s also covers a byte order mark).
  const header = /^\s*([^\r\n]*)/.exec(text)?.[1] ?? '';
  if (header.includes(',')) return;
  const semicolons = header.split(';').length - 1;
  const tabs = header.split('\t').length - 1;
  if (semicolons === 0 && tabs === 0) return;
  const separator = semicolons >= tabs ? 'semicolons (;)' : 'tabs';
  throw new RosterFileError(`the header's columns are separated by ${separator}, but the file must be comma-separated; export it again with commas as the separator`);
}

function readRecords(text: string): { fields: string[]; line: number }[] {
  // csv-parse counts a CRLF inside a quoted field as two lines, which would shift
  // every later line number; with LF-only input its count is exact. Quoted
  // values are the only data this touches, and no roster value may span lines.
  const normalised = text.replace(/\r\n?/g, '\n');
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    // The typings do not model `info: true`, which wraps each record with its position.
    parsed = parse(normalised, { bom: true, skip_empty_lines: true, relax_column_count: true, info: true }) as unknown as typeof parsed;
  } catch (error) {
    // A broken quote makes the parser unsure where every later row starts, so
    // skipping just the bad row could silently drop good ones: refuse the file.
    if (error instanceof CsvError) throw new RosterFileError(`the file is not valid CSV: ${error.message}`);
    throw error;
  }
  return parsed.map(({ record, info }) => ({
    fields: record,
    // info.lines is where the record ends; report where it starts.
    line: info.lines - record.reduce((breaks, field) => breaks + (field.match(/\n/g)?.length ?? 0), 0),
  }));
}

function mapColumns(rawHeader: string[]): Columns {
  const names = rawHeader.map((name) => name.trim().toLowerCase());
  const indexOf = (name: string): number | undefined => {
    const found = names.flatMap((candidate, index) => (candidate === name ? [index] : []));
    if (found.length > 1) throw new RosterFileError(`the header has more than one "${name}" column`);
    return found[0];
  };

  const identities = IDENTITY_HEADERS.flatMap((name) => {
    const index = indexOf(name);
    return index === undefined ? [] : [{ index, name }];
  });
  if (identities.length > 1) {
    // Two identity columns could disagree about who a row is; make the coordinator pick one.
    throw new RosterFileError(`the header has ${identities.map((i) => i.name).join(' and ')} columns; keep only one of them to identify people`);
  }
  const department = indexOf('department');
  const level = indexOf('level');

  const missing = [
    ...(identities.length === 0 ? [`user (or ${IDENTITY_HEADERS.slice(1).join(', ')})`] : []),
    ...(department === undefined ? ['department'] : []),
    ...(level === undefined ? ['level'] : []),
  ];
  const [identity] = identities;
  if (missing.length > 0 || !identity || department === undefined || level === undefined) {
    throw new RosterFileError(`the header is missing the required column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  }
  return { identity, department, level, manager: indexOf('manager'), location: indexOf('location'), count: names.length };
}

/** A cell read on its own: its value, or why it cannot be used. */
type Checked<T> = { value: T } | { problem: string };

function readRow(fields: string[], line: number, columns: Columns): RosterRow | RosterReject {
  if (fields.length !== columns.count) {
    return { line, reason: `has ${fields.length} field${fields.length === 1 ? '' : 's'} but the header has ${columns.count}` };
  }
  const cell = (index: number) => (fields[index] ?? '').trim();
  // Every cell is checked so one pass over the file tells the coordinator everything wrong with a row.
  const checked = collect<Omit<RosterRow, 'line'>>({
    person: readPerson(cell(columns.identity.index), columns.identity.name),
    department: readRequiredText('department', cell(columns.department)),
    level: readLevel(cell(columns.level)),
    // A column the file lacks is left out of the row altogether, which is what keeps the stored value.
    ...(columns.manager === undefined ? {} : { manager: readManager(cell(columns.manager)) }),
    ...(columns.location === undefined ? {} : { location: readOptionalText('location', cell(columns.location)) }),
  });
  if ('problems' in checked) return { line, reason: checked.problems.join('; ') };
  const { person, manager } = checked.values;
  if (manager && sameIdentity(person, manager)) return { line, reason: SELF_MANAGER_REASON };
  return { line, ...checked.values };
}

function collect<T extends Record<string, unknown>>(parts: { [K in keyof T]: Checked<T[K]> }): { values: T } | { problems: string[] } {
  const entries = Object.entries(parts) as [string, Checked<unknown>][];
  const problems = entries.flatMap(([, part]) => ('problem' in part ? [part.problem] : []));
  if (problems.length > 0) return { problems };
  return { values: Object.fromEntries(entries.map(([key, part]) => [key, 'value' in part ? part.value : undefined])) as T };
}

function readPerson(value: string, column: string): Checked<Identity> {
  if (value === '') return { problem: `${column} is empty` };
  const identity = parseIdentity(value);
  return identity ? { value: identity } : { problem: `${column} ${JSON.stringify(value)} ${NOT_AN_IDENTITY}` };
}

function readManager(value: string): Checked<Identity | null> {
  if (value === '') return { value: null };
  const identity = parseIdentity(value);
  return identity ? { value: identity } : { problem: `manager ${JSON.stringify(value)} ${NOT_AN_IDENTITY}` };
}

function readLevel(value: string): Checked<number> {
  const rule = 'must be a whole number from 1 to 10 (or L1–L10)';
  if (value === '') return { problem: `level is empty; it ${rule}` };
  const digits = LEVEL.exec(value)?.[1];
  const level = digits === undefined ? Number.NaN : Number(digits);
  return level >= 1 && level <= 10 ? { value: level } : { problem: `level ${JSON.stringify(value)} ${rule}` };
}

function readRequiredText(column: string, value: string): Checked<string> {
  if (value === '') return { problem: `${column} is empty` };
  return checkText(column, value);
}

function readOptionalText(column: string, value: string): Checked<string | null> {
  return value === '' ? { value: null } : checkText(column, value);
}

function checkText(column: string, value: string): Checked<string> {
  // Count characters as people see them, so "Zürich" or an emoji is not penalised for its UTF-16 length.
  const length = visibleLength(value);
  if (length > MAX_TEXT_LENGTH) return { problem: `${column} is ${length} characters long; the limit is ${MAX_TEXT_LENGTH}` };
  if (value.includes('\n')) return { problem: `${column} must be on a single line` };
  return { value };
}

function sameIdentity(a: Identity, b: Identity): boolean {
  if (a.kind === 'slackId' && b.kind === 'slackId') return a.id === b.id;
  if (a.kind === 'email' && b.kind === 'email') return a.email.toLowerCase() === b.email.toLowerCase();
  // An ID and an email can only be compared once Slack has resolved the email.
  return false;
}
