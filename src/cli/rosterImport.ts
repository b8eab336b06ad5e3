import { readFileSync } from 'node:fs';
import { WebClient } from '@slack/web-api';
import { Presets, SingleBar } from 'cli-progress';
import { systemClock } from '../clock.js';
import { type Config, parseConfig, readEnvironment } from '../config.js';
import { openDatabase } from '../db/client.js';
import { type ParsedRoster, parseRoster, type RosterReject, RosterFileError } from '../domain/roster.js';
import { createLogger, toBoltLevel } from '../logger.js';
import { importRoster, type ImportRosterResult, slackEmailResolver } from '../roster/importRoster.js';

/*
 * npm run roster:import -- people.csv
 *
 * Exit codes: 0 every row accepted; 2 the file was applied but some rows were
 * rejected; 1 nothing was stored (usage, unreadable file, bad header or CSV,
 * bad configuration, Slack failure).
 */

const USAGE = 'Usage: npm run roster:import -- <roster.csv>\n  Columns: user (or slack_id, user_id, email), department, level, and optionally manager, location.';

class FatalError extends Error {}

async function main(args: string[]): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) throw new FatalError(USAGE);
  const config = loadConfig();
  const roster = readRoster(file);

  // Rows the parser rejected are already done; the bar counts every data row, as the summary does.
  const total = roster.rows.length + roster.rejects.length;
  const alreadyDone = roster.rejects.length;
  const bar = progressBar();
  const database = openDatabase(config.databasePath);
  bar.start(total, alreadyDone);
  let result: ImportRosterResult;
  try {
    result = await importRoster({
      db: database.db,
      rows: roster.rows,
      resolveEmails: slackEmailResolver(slackClient(config)),
      now: systemClock(),
      onProgress: (done) => bar.update(alreadyDone + done),
    });
  } finally {
    // Stopped on failure too: its redraw timer would otherwise keep the process alive.
    bar.stop();
    database.close();
  }

  const rejects = [...roster.rejects, ...result.rejects].sort((a, b) => a.line - b.line);
  console.log(summary(file, total, result, rejects));
  return rejects.length > 0 ? 2 : 0;
}

function loadConfig(): Config {
  const parsed = parseConfig(readEnvironment());
  if (!parsed.ok) {
    throw new FatalError(
      ['The roster import cannot start; fix these settings (environment or .env):', ...parsed.problems.map((p) => `  - ${p}`)].join('\n'),
    );
  }
  return parsed.config;
}

function readRoster(file: string): ParsedRoster {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FatalError(`Cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return parseRoster(text);
  } catch (error) {
    if (error instanceof RosterFileError) throw new FatalError(`Roster ${file} was not imported: ${error.message}`);
    throw error;
  }
}

function progressBar(): SingleBar {
  return new SingleBar(
    {
      format: 'Importing roster [{bar}] {value}/{total} rows',
      stream: process.stderr,
      // Also drawn when stderr is a pipe (CI logs): a line at start, every 2 s, and at the end.
      noTTYOutput: true,
      // On a terminal the summary takes the bar's place; in a log this avoids a trailing blank line.
      clearOnComplete: true,
    },
    Presets.legacy,
  );
}

function slackClient(config: Config): WebClient {
  return new WebClient(config.botToken, {
    slackApiUrl: config.slackApiUrl,
    logger: createLogger(config.logLevel, 'roster'),
    logLevel: toBoltLevel(config.logLevel),
    // A person is waiting at the terminal: give up after a few quick retries
    // instead of the SDK's default of retrying for half an hour.
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  });
}

function summary(file: string, total: number, result: ImportRosterResult, rejects: RosterReject[]): string {
  const head = `Roster ${file}: ${total} ${total === 1 ? 'row' : 'rows'} — ${result.created} new, ${result.updated} updated, ${result.unchanged} unchanged, ${rejects.length} rejected`;
  return [head, ...rejects.map((reject) => `line ${reject.line}: ${reject.reason}`)].join('\n');
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof FatalError) console.error(error.message);
    else console.error('The roster import failed; nothing was stored:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
