import { readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { Presets, SingleBar } from 'cli-progress';
import { systemClock } from '../clock.js';
import { parseConfig, readEnvironment, type RosterConfig } from '../config.js';
import { openDatabase } from '../db/client.js';
import { type ParsedRoster, parseRosterFile, type RosterReject, RosterFileError } from '../domain/roster.js';
import { createLogger, toBoltLevel } from '../logger.js';
import { isEntryPoint } from './entryPoint.js';
import { importRoster, type ImportRosterResult, slackUserLookup } from '../services/rosterImport.js';

/*
 * npm run roster:import -- people.csv
 *
 * Exit codes: 0 every row accepted; 2 the file was applied but some rows were
 * rejected; 1 nothing was stored (usage, unreadable file, bad encoding, header
 * or CSV, bad configuration, Slack failure).
 */

const USAGE = 'Usage: npm run roster:import -- <roster.csv>\n  Columns: user (or slack_id, user_id, email), department, level, and optionally manager, location.';

/** Where a run writes, and its notion of now; the command line passes the process's own. */
export interface RosterImportIo {
  /** Each call is one message (possibly of several lines), to be printed with a line break after it. */
  stdout(message: string): void;
  stderr(message: string): void;
  now: Date;
  /** Where the progress bar is drawn; no bar without one. */
  progress?: NodeJS.WritableStream;
}

class FatalError extends Error {}

/** The whole command, minus the process: returns the exit code and never exits. */
export async function runRosterImport(args: string[], env: Record<string, string | undefined>, io: RosterImportIo): Promise<number> {
  try {
    return await run(args, env, io);
  } catch (error) {
    if (error instanceof FatalError) io.stderr(error.message);
    else io.stderr(`The roster import failed; nothing was stored: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

async function run(args: string[], env: Record<string, string | undefined>, io: RosterImportIo): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) throw new FatalError(USAGE);
  const config = loadConfig(env);
  const roster = readRoster(file);

  // Rows the parser rejected are already done; the bar counts every data row, as the summary does.
  const total = roster.rows.length + roster.rejects.length;
  const alreadyDone = roster.rejects.length;
  const bar = io.progress ? progressBar(io.progress) : undefined;
  const database = await openDatabase(config);
  bar?.start(total, alreadyDone);
  let result: ImportRosterResult;
  try {
    result = await importRoster({
      db: database.db,
      rows: roster.rows,
      lookUpUsers: config.botToken === undefined ? null : slackUserLookup(slackClient(config, config.botToken)),
      now: io.now,
      onProgress: (done) => bar?.update(alreadyDone + done),
    });
  } finally {
    // Stopped on failure too: its redraw timer would otherwise keep the process alive.
    bar?.stop();
    await database.close();
  }

  const rejects = [...roster.rejects, ...result.rejects].sort((a, b) => a.line - b.line);
  for (const line of summary(file, total, result, rejects)) io.stdout(line);
  return rejects.length > 0 ? 2 : 0;
}

function loadConfig(env: Record<string, string | undefined>): RosterConfig {
  const parsed = parseConfig(env, 'roster');
  if (!parsed.ok) {
    throw new FatalError(
      ['The roster import cannot start; fix these settings (environment or .env):', ...parsed.problems.map((p) => `  - ${p}`)].join('\n'),
    );
  }
  return parsed.config;
}

function readRoster(file: string): ParsedRoster {
  let bytes: Buffer;
  try {
    // Bytes, not text: decoding is the domain's job, so a file that is not UTF-8 is refused rather than mangled.
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FatalError(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return parseRosterFile(bytes);
  } catch (error) {
    if (error instanceof RosterFileError) throw new FatalError(`Roster ${file} was not imported: ${error.message}`);
    throw error;
  }
}

function progressBar(stream: NodeJS.WritableStream): SingleBar {
  return new SingleBar(
    {
      format: 'Importing roster [{bar}] {value}/{total} rows',
      stream,
      // Also drawn when stderr is a pipe (CI logs): a line at start, every 2 s, and at the end.
      noTTYOutput: true,
      // On a terminal the summary takes the bar's place; in a log this avoids a trailing blank line.
      clearOnComplete: true,
    },
    Presets.legacy,
  );
}

function slackClient(config: RosterConfig, botToken: string): WebClient {
  return new WebClient(botToken, {
    slackApiUrl: config.slackApiUrl,
    logger: createLogger(config.logLevel, 'roster'),
    logLevel: toBoltLevel(config.logLevel),
    // A person is waiting at the terminal: give up after a few quick retries
    // instead of the SDK's default of retrying for half an hour.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  });
}

function summary(file: string, total: number, result: ImportRosterResult, rejects: RosterReject[]): string[] {
  const head = `Roster ${file}: ${total} ${total === 1 ? 'row' : 'rows'} — ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged, ${rejects.length} rejected`;
  const unchecked =
    result.uncheckedIds > 0
      ? [`${result.uncheckedIds} Slack ${result.uncheckedIds === 1 ? 'ID was' : 'IDs were'} not checked against Slack because SLACK_BOT_TOKEN is not set`]
      : [];
  return [head, ...unchecked, ...rejects.map((reject) => `line ${reject.line}: ${reject.reason}`)];
}

async function main(): Promise<number> {
  return runRosterImport(process.argv.slice(2), readEnvironment(), {
    stdout: (message) => console.log(message),
    stderr: (message) => console.error(message),
    now: systemClock(),
    progress: process.stderr,
  });
}

if (isEntryPoint(import.meta.url)) {
  main().then(
    // process.exit rather than exitCode: a stray handle (a keep-alive socket) must not hold the terminal.
    (code) => process.exit(code),
    (error: unknown) => {
      // Only reading .env can fail this far out; everything after it is reported by runRosterImport.
      console.error('The roster import failed; nothing was stored:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
