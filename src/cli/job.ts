import { WebClient } from '@slack/web-api';
import { NewerDatabaseError } from '../db/client.js';
import { parseConfig, readEnvironment } from '../config.js';
import { findJob, JOBS } from '../jobs/index.js';
import { runJob } from '../jobs/runner.js';
import { createLogger } from '../logger.js';
import { formatOutboxStatus, outboxStatus } from '../outbox/status.js';
import { prepare, type PrepareConfig, type Prepared } from '../startup.js';
import { isEntryPoint } from './entryPoint.js';

/*
 * npm run job -- list
 * npm run job -- <name> [--now <ISO-8601>] [--force]
 * npm run job -- outbox --status
 *
 * Runs one job once against DATABASE_PATH and exits. --now says which moment
 * the job should act as of (a replay, or catching up after an outage; the
 * current time when left out); --force runs even if that time slot already
 * ran. `outbox --status` only reports what is queued, sent and failed.
 */

const USAGE = 'Usage: npm run job -- list\n       npm run job -- <name> [--now <ISO-8601 instant, e.g. 2026-12-01T09:00:00Z>] [--force]\n       npm run job -- outbox --status';

export interface CliIo {
  stdout(line: string): void;
  stderr(line: string): void;
  /** The current time, for a run without --now. */
  now(): Date;
}

/** The whole command, as a function of its arguments and environment: the exit code. */
export async function runJobCli(argv: string[], env: Record<string, string | undefined>, io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help') {
    io.stderr(USAGE);
    return 1;
  }
  if (name === 'list') {
    for (const job of JOBS) io.stdout(`${job.name.padEnd(20)} every ${String(job.everyMinutes).padStart(3)} min  ${job.description}`);
    return 0;
  }
  const job = findJob(name);
  if (!job) {
    io.stderr(`No job called "${name}". Jobs: ${JOBS.map((j) => j.name).join(', ')}.`);
    return 1;
  }
  const statusOnly = rest.includes('--status');
  if (statusOnly && name !== 'outbox') {
    io.stderr('--status is for the outbox: npm run job -- outbox --status');
    return 1;
  }
  const nowIndex = rest.indexOf('--now');
  const nowText = nowIndex >= 0 ? rest[nowIndex + 1] : undefined;
  const now = nowIndex < 0 ? io.now() : nowText && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(nowText) ? new Date(nowText) : undefined;
  if (!now || Number.isNaN(now.getTime())) {
    io.stderr(`--now must be an ISO-8601 instant with a zone, such as 2026-12-01T09:00:00Z${nowText ? ` (got "${nowText}")` : ''}.`);
    return 1;
  }
  // Counting talks to no Slack: the database alone will do.
  if (statusOnly) {
    const parsed = parseConfig(env, 'roster');
    if (!parsed.ok) return refuse(io, parsed.problems);
    const prepared = await openFor(parsed.config, io);
    if (!prepared) return 1;
    const { database } = prepared;
    try {
      io.stdout(formatOutboxStatus(await outboxStatus(database.db, now, { coordinators: parsed.config.coordinatorUserIds })));
      return 0;
    } finally {
      await database.close();
    }
  }
  // A job sends through Slack, so it needs the bot token; it never receives requests, so no signing secret.
  const parsed = parseConfig(env, 'job');
  if (!parsed.ok) return refuse(io, parsed.problems);
  const { config } = parsed;
  const logger = createLogger(config.logLevel);
  const prepared = await openFor(config, io);
  if (!prepared) return 1;
  const { database, taxonomy } = prepared;
  try {
    const client = new WebClient(config.botToken, { slackApiUrl: config.slackApiUrl, logger, retryConfig: { retries: 2 } });
    const outcome = await runJob(job, { config, db: database.db, clock: () => now, logger, taxonomy }, client, now, { force: rest.includes('--force') });
    io.stdout(outcome.ran ? `${job.name} ran for ${outcome.slot}: ${JSON.stringify(outcome.result)}` : `${job.name} did not run for ${outcome.slot}: ${outcome.why}`);
    return 0;
  } finally {
    await database.close();
  }
}

function refuse(io: CliIo, problems: readonly string[]): number {
  io.stderr(['The job cannot run; fix these settings (environment or .env):', ...problems.map((p) => `  - ${p}`)].join('\n'));
  return 1;
}

/** The database, migrated, and the taxonomy; undefined (said on stderr) when a newer release owns the database. */
async function openFor(config: PrepareConfig, io: CliIo): Promise<Prepared | undefined> {
  try {
    return await prepare(config);
  } catch (error) {
    if (!(error instanceof NewerDatabaseError)) throw error;
    io.stderr(`The job cannot run: ${error.message}`);
    return undefined;
  }
}

// Run as a program (not imported by a test): real streams, real clock, real exit code.
if (isEntryPoint(import.meta.url)) {
  runJobCli(process.argv.slice(2), readEnvironment(), { stdout: (l) => console.log(l), stderr: (l) => console.error(l), now: () => new Date() }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error('The job failed:', error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
