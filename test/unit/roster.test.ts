import { describe, expect, it } from 'vitest';
import { decodeRoster, parseIdentity, parseRoster, parseRosterFile, RosterFileError } from '../../src/domain/roster.js';

const HEADER = 'user,department,level,manager,location';

/** A roster file from lines, joined the way most tools write them. */
const csv = (...lines: string[]) => `${lines.join('\n')}\n`;

/** The reason given for the one rejected row of a file with a standard header. */
function rejectionOf(row: string): string | undefined {
  const { rows, rejects } = parseRoster(csv(HEADER, row));
  expect(rows).toEqual([]);
  expect(rejects).toHaveLength(1);
  return rejects[0]?.reason;
}

function fatalOf(text: string | Uint8Array): string {
  try {
    if (typeof text === 'string') parseRoster(text);
    else parseRosterFile(text);
  } catch (error) {
    expect(error).toBeInstanceOf(RosterFileError);
    return (error as Error).message;
  }
  throw new Error('expected a RosterFileError');
}

describe('parseRoster: accepted rows', () => {
  it('reads people by Slack ID or email, with optional manager and location, numbering lines from the header', () => {
    const { rows, rejects } = parseRoster(
      csv(HEADER, 'U0AIKO0001,Engineering,4,grace@example.com,Tokyo', 'Bruno@Example.com,Sales,3,U0AIKO0001,', 'W0WORK0001,Ops,7,,'),
    );
    expect(rejects).toEqual([]);
    expect(rows).toEqual([
      {
        line: 2,
        person: { kind: 'slackId', id: 'U0AIKO0001' },
        department: 'Engineering',
        level: 4,
        manager: { kind: 'email', email: 'grace@example.com' },
        location: 'Tokyo',
      },
      // Emails are kept as written; matching is case-insensitive later, against Slack.
      { line: 3, person: { kind: 'email', email: 'Bruno@Example.com' }, department: 'Sales', level: 3, manager: { kind: 'slackId', id: 'U0AIKO0001' }, location: null },
      { line: 4, person: { kind: 'slackId', id: 'W0WORK0001' }, department: 'Ops', level: 7, manager: null, location: null },
    ]);
  });

  it('accepts levels written as L4 or l4, and the bounds 1 and 10', () => {
    const { rows } = parseRoster(csv(HEADER, 'U1A,Eng,L4,,', 'U2A,Eng,l4,,', 'U3A,Eng,1,,', 'U4A,Eng,10,,', 'U5A,Eng,L10,,', 'U6A,Eng, 04 ,,'));
    expect(rows.map((row) => row.level)).toEqual([4, 4, 1, 10, 10, 4]);
  });

  it('matches header names case-insensitively, ignoring surrounding spaces and unknown columns', () => {
    const { rows } = parseRoster(csv(' Location ,Employee No, LEVEL ,Department,MANAGER,Slack_ID', 'Paris,123,2,Design,,U0CHLOE001'));
    expect(rows).toEqual([{ line: 2, person: { kind: 'slackId', id: 'U0CHLOE001' }, department: 'Design', level: 2, manager: null, location: 'Paris' }]);
  });

  it.each(['user', 'slack_id', 'user_id', 'email'])('takes %s as the identity column, holding an ID or an email', (column) => {
    const { rows } = parseRoster(csv(`${column},department,level`, 'U0AIKO0001,Eng,3', 'aiko@example.com,Eng,3'));
    expect(rows.map((row) => row.person)).toEqual([
      { kind: 'slackId', id: 'U0AIKO0001' },
      { kind: 'email', email: 'aiko@example.com' },
    ]);
  });

  it('needs neither manager nor location columns, and leaves them out of the row when the file has none', () => {
    const { rows } = parseRoster(csv('user,department,level', 'U0AIKO0001,Eng,3'));
    expect(rows).toEqual([{ line: 2, person: { kind: 'slackId', id: 'U0AIKO0001' }, department: 'Eng', level: 3 }]);
    // Absent, not null: null would mean "none" and erase what is stored.
    expect(rows[0]).not.toHaveProperty('manager');
    expect(rows[0]).not.toHaveProperty('location');
  });

  it('tells an empty cell (none) from a column the file does not have (absent)', () => {
    const { rows } = parseRoster(csv('user,department,level,location', 'U0AIKO0001,Eng,3,', 'U0BRUNO001,Eng,3,Tokyo'));
    expect(rows.map((row) => [row.manager, row.location])).toEqual([
      [undefined, null],
      [undefined, 'Tokyo'],
    ]);
    expect(rows[0]).not.toHaveProperty('manager');
  });

  it('trims cells and keeps commas and escaped quotes inside quoted fields', () => {
    const { rows } = parseRoster(csv(HEADER, ' U0AIKO0001 ,"Research, ""Labs""",3,,"  Tokyo, JP "'));
    expect(rows[0]).toMatchObject({ person: { id: 'U0AIKO0001' }, department: 'Research, "Labs"', location: 'Tokyo, JP' });
  });

  it('strips a UTF-8 byte order mark so the first header is still recognised', () => {
    const { rows } = parseRoster(`\uFEFF${csv('user,department,level', 'U0AIKO0001,Eng,3')}`);
    expect(rows).toHaveLength(1);
  });

  it('reads CRLF files and counts blank lines, so line numbers match the file', () => {
    const text = ['user,department,level', 'U0AIKO0001,Eng,3', '', 'U0BRUNO001,Eng,x', '   ', ',,', 'U0CHLOE001,Eng,11', ''].join('\r\n');
    const { rows, rejects } = parseRoster(text);
    expect(rows.map((row) => row.line)).toEqual([2]);
    // Lines 3, 5 and 6 are blank (empty, spaces, bare commas) and neither accepted nor rejected.
    expect(rejects.map((reject) => reject.line)).toEqual([4, 7]);
  });

  it('keeps line numbers right after a quoted field that spans lines, even with CRLF', () => {
    const text = ['user,department,level', 'U0AIKO0001,"Eng', 'ineering",3', 'U0BRUNO001,Sales,x', ''].join('\r\n');
    const { rejects } = parseRoster(text);
    expect(rejects).toEqual([
      { line: 2, reason: 'department must be on a single line' },
      { line: 4, reason: 'level "x" must be a whole number from 1 to 10 (or L1–L10)' },
    ]);
  });

  it('returns no rows for a file with only a header', () => {
    expect(parseRoster('user,department,level\n')).toEqual({ rows: [], rejects: [] });
  });
});

describe('parseRoster: rejected rows', () => {
  it.each([
    ['U0AIKO0001,Eng,senior,,', 'level "senior" must be a whole number from 1 to 10 (or L1–L10)'],
    ['U0AIKO0001,Eng,0,,', 'level "0" must be a whole number from 1 to 10 (or L1–L10)'],
    ['U0AIKO0001,Eng,11,,', 'level "11" must be a whole number from 1 to 10 (or L1–L10)'],
    ['U0AIKO0001,Eng,L11,,', 'level "L11" must be a whole number from 1 to 10 (or L1–L10)'],
    ['U0AIKO0001,Eng,4.5,,', 'level "4.5" must be a whole number from 1 to 10 (or L1–L10)'],
    ['U0AIKO0001,Eng,-3,,', 'level "-3" must be a whole number from 1 to 10 (or L1–L10)'],
    ['U0AIKO0001,Eng,,,', 'level is empty; it must be a whole number from 1 to 10 (or L1–L10)'],
    [',Eng,3,,', 'user is empty'],
    ['Aiko Tanaka,Eng,3,,', 'user "Aiko Tanaka" is neither a Slack user ID (such as U0123ABCD) nor an email'],
    // Slack IDs are upper case; a lower-cased one is a typo, not an ID.
    ['u0aiko0001,Eng,3,,', 'user "u0aiko0001" is neither a Slack user ID (such as U0123ABCD) nor an email'],
    ['C0CHANNEL1,Eng,3,,', 'user "C0CHANNEL1" is neither a Slack user ID (such as U0123ABCD) nor an email'],
    ['U0AIKO0001,,3,,', 'department is empty'],
    [`U0AIKO0001,${'d'.repeat(81)},3,,`, 'department is 81 characters long; the limit is 80'],
    ['U0AIKO0001,Eng,3,my boss,', 'manager "my boss" is neither a Slack user ID (such as U0123ABCD) nor an email'],
    [`U0AIKO0001,Eng,3,,${'l'.repeat(81)}`, 'location is 81 characters long; the limit is 80'],
    ['U0AIKO0001,Eng,3,U0AIKO0001,', 'a person cannot be their own manager'],
    ['aiko@example.com,Eng,3,AIKO@example.com,', 'a person cannot be their own manager'],
    ['U0AIKO0001,Eng,3,,Tokyo,extra', 'has 6 fields but the header has 5'],
    ['U0AIKO0001,Eng,3', 'has 3 fields but the header has 5'],
    ['U0AIKO0001', 'has 1 field but the header has 5'],
  ])('rejects %j: %s', (row, reason) => {
    expect(rejectionOf(row)).toBe(reason);
  });

  it('accepts text of exactly 80 characters, counting characters rather than UTF-16 units', () => {
    const eighty = 'é'.repeat(79) + '😀';
    const { rows } = parseRoster(csv(HEADER, `U0AIKO0001,${eighty},3,,${eighty}`));
    expect(rows[0]).toMatchObject({ department: eighty, location: eighty });
  });

  it('names the identity column the file actually uses', () => {
    const { rejects } = parseRoster(csv('email,department,level', 'aiko,Eng,3'));
    expect(rejects).toEqual([{ line: 2, reason: 'email "aiko" is neither a Slack user ID (such as U0123ABCD) nor an email' }]);
  });

  it('lists every problem of a row at once', () => {
    expect(rejectionOf('Aiko,,senior,boss,')).toBe(
      'user "Aiko" is neither a Slack user ID (such as U0123ABCD) nor an email; department is empty; ' +
        'level "senior" must be a whole number from 1 to 10 (or L1–L10); manager "boss" is neither a Slack user ID (such as U0123ABCD) nor an email',
    );
  });

  it('keeps the good rows around a rejected one', () => {
    const { rows, rejects } = parseRoster(csv(HEADER, 'U0AIKO0001,Eng,3,,', 'U0BRUNO001,Eng,3,,,', 'U0CHLOE001,Eng,3,,'));
    expect(rows.map((row) => row.line)).toEqual([2, 4]);
    expect(rejects).toEqual([{ line: 3, reason: 'has 6 fields but the header has 5' }]);
  });
});

describe('parseRoster: unusable files', () => {
  it.each([
    ['user,department', 'the header is missing the required column level'],
    ['user', 'the header is missing the required columns department, level'],
    ['name,department,level', 'the header is missing the required column user (or slack_id, user_id, email)'],
    ['slack_id,email,department,level', 'the header has slack_id and email columns; keep only one of them to identify people'],
    ['user,department,level,Level', 'the header has more than one "level" column'],
  ])('refuses header %j', (header, message) => {
    expect(fatalOf(csv(header, 'U0AIKO0001,Eng,3'))).toBe(message);
  });

  it('refuses an empty file, even one holding only a byte order mark and blank lines', () => {
    expect(fatalOf('')).toMatch(/^the file is empty/);
    expect(fatalOf('\uFEFF\n\n')).toMatch(/^the file is empty/);
  });

  it('refuses a file with broken quoting rather than guessing where rows start', () => {
    expect(fatalOf(csv(HEADER, 'U0AIKO0001,"Eng"ineering,3,,', 'U0BRUNO001,Eng,3,,'))).toMatch(/^the file is not valid CSV: .*line 2/);
    expect(fatalOf(csv(HEADER, 'U0AIKO0001,"Eng,3,,', 'U0BRUNO001,Eng,3,,'))).toMatch(/^the file is not valid CSV: Quote Not Closed/);
  });
});

describe('parseRosterFile: encodings and separators', () => {
  const text = csv('user,department,level,location', 'U0AIKO0001,Eng,3,Tokyo', 'U0BRUNO001,Eng,3,Zürich');
  const utf16be = (value: string) => Buffer.from(value, 'utf16le').swap16();
  const UTF16 = 'the file is UTF-16 text, not UTF-8; save it as "CSV UTF-8" and import it again';
  const notUtf8 = (line: number) =>
    `the file is not UTF-8 (perhaps Latin-1 or Windows-1252): the first byte that is not valid UTF-8 is on line ${line}; save it as "CSV UTF-8" and import it again`;

  it('reads UTF-8 with or without a byte order mark, keeping accented letters', () => {
    for (const bytes of [Buffer.from(text), Buffer.from(`\uFEFF${text}`)]) {
      expect(parseRosterFile(bytes).rows.map((row) => row.location)).toEqual(['Tokyo', 'Zürich']);
    }
  });

  it.each([
    ['little-endian with a byte order mark', Buffer.from(`\uFEFF${text}`, 'utf16le')],
    ['big-endian with a byte order mark', utf16be(`\uFEFF${text}`)],
    ['without a byte order mark', Buffer.from(text, 'utf16le')],
  ])('refuses UTF-16, %s', (_kind, bytes) => {
    expect(fatalOf(bytes)).toBe(UTF16);
  });

  it('refuses Latin-1 rather than storing a replacement character, naming the line of the first bad byte', () => {
    expect(fatalOf(Buffer.from(text, 'latin1'))).toBe(notUtf8(3));
    // An accent in the header; curly quotes after a blank CRLF line; a file of lone CRs. Lines count as parseRoster counts them.
    expect(fatalOf(Buffer.from('user,d\xe9partement,level\n', 'latin1'))).toBe(notUtf8(1));
    expect(fatalOf(Buffer.from('user,department,level\r\nU0AIKO0001,Eng,3\r\n\r\nU0BRUNO001,\x93R&D\x94,3\r\n', 'latin1'))).toBe(notUtf8(4));
    expect(fatalOf(Buffer.from('user,department,level\rU0AIKO0001,Eng,3\rU0BRUNO001,Z\xfcrich,3\r', 'latin1'))).toBe(notUtf8(3));
  });

  it('decodes to the same text parseRoster reads', () => {
    expect(decodeRoster(Buffer.from(text))).toBe(text);
    expect(decodeRoster(new Uint8Array())).toBe('');
  });

  it.each([
    ['semicolons (;)', 'user;department;level', 'U0AIKO0001;Eng;3'],
    ['semicolons (;)', '"user";"department";"level"', '"U0AIKO0001";"Eng, Labs";"3"'],
    ['tabs', 'user\tdepartment\tlevel', 'U0AIKO0001\tEng\t3'],
  ])('refuses a file separated by %s, naming the separator', (separator, header, row) => {
    expect(fatalOf(csv(header, row))).toBe(
      `the header's columns are separated by ${separator}, but the file must be comma-separated; export it again with commas as the separator`,
    );
    expect(fatalOf(`\uFEFF\n${csv(header, row)}`)).toMatch(/^the header's columns are separated by/);
  });

  it('accepts semicolons and tabs inside the values of a comma-separated file', () => {
    const { rows } = parseRoster(csv(HEADER, 'U0AIKO0001,R&D; Labs,3,,"Tokyo\tJP"'));
    expect(rows[0]).toMatchObject({ department: 'R&D; Labs', location: 'Tokyo\tJP' });
  });
});

describe('parseIdentity', () => {
  it('tells Slack user IDs from emails and refuses anything else', () => {
    expect(parseIdentity('U0AIKO0001')).toEqual({ kind: 'slackId', id: 'U0AIKO0001' });
    expect(parseIdentity('W012')).toEqual({ kind: 'slackId', id: 'W012' });
    expect(parseIdentity('a.b+c@example.co.uk')).toEqual({ kind: 'email', email: 'a.b+c@example.co.uk' });
    for (const value of ['U1', 'B0BOT00001', 'aiko@', '@example.com', 'aiko@example', 'a b@example.com']) expect(parseIdentity(value)).toBeNull();
  });
});
