import { WebClient } from '@slack/web-api';
import { parseConfig, readEnvironment } from '../config.js';
import { findJob, JOBS } from '../jobs/index.js';
import { runJob } from '../jobs/runner.js';
import { createLogger } from '../logger.js';
import { prepare } from '../startup.js';

/*
 * npm run job -- list
 * npm run job -- <name> --now <ISO-8601> [--force]
 *
 * Runs one job once against DATABASE_PATH and exits. --now says which moment
 * the job should act as of (for a replay, or to catch up after an outage);
 * --force runs even if that time slot already ran.
 */

const USAGE = 'Usage: npm run job -- list\n       npm run job -- <name> --now <ISO-8601 instant, e.g. 2026-12-01T09:00:00Z> [--force]';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help') {
    console.error(USAGE);
    return 1;
  }
  if (name === 'list') {
    for (const job of JOBS) console.log(`${job.name.padEnd(20)} every ${String(job.everyMinutes).padStart(3)} min  ${job.description}`);
    return 0;
  }
  const job = findJob(name);
  if (!job) {
    console.error(`No job called "${name}". Jobs: ${JOBS.map((j) => j.name).join(', ')}.`);
    return 1;
  }
  const nowIndex = rest.indexOf('--now');
  const nowText = nowIndex >= 0 ? rest[nowIndex + 1] : undefined;
  const now = nowText && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(nowText) ? new Date(nowText) : undefined;
  if (!now || Number.isNaN(now.getTime())) {
    console.error(`--now must be an ISO-8601 instant with a zone, such as 2026-12-01T09:00:00Z${nowText ? ` (got "${nowText}")` : ''}.`);
    return 1;
  }
  const parsed = parseConfig(readEnvironment());
  if (!parsed.ok) {
    console.error(['The job cannot run; fix these settings (environment or .env):', ...parsed.problems.map((p) => `  - ${p}`)].join('\n'));
    return 1;
  }
  const { config } = parsed;
  const logger = createLogger(config.logLevel);
  const { database, taxonomy } = prepare(config);
  try {
    const client = new WebClient(config.botToken, { slackApiUrl: config.slackApiUrl, logger, retryConfig: { retries: 2 } });
    const outcome = await runJob(job, { config, db: database.db, clock: () => now, logger, taxonomy }, client, now, { force: rest.includes('--force') });
    console.log(outcome.ran ? `${job.name} ran for ${outcome.slot}: ${JSON.stringify(outcome.result)}` : `${job.name} did not run for ${outcome.slot}: ${outcome.why}`);
    return 0;
  } finally {
    database.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('The job failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
