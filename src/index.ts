import { WebClient } from '@slack/web-api';
import { createMentoringApp, slackClientOptions } from './app.js';
import { systemClock } from './clock.js';
import { DatabaseUnreachableError, NewerDatabaseError } from './db/client.js';
import { parseConfig, readEnvironment } from './config.js';
import { startJobs } from './jobs/index.js';
import { createLogger, type Logger } from './logger.js';
import { prepare } from './startup.js';
import { startupChecks } from './startupChecks.js';
import { Readiness } from './readiness.js';
import { TaxonomyFileError } from './taxonomy/loadTaxonomy.js';

/** Production entry point: configuration, database, app, and a clean shutdown. */
async function main(): Promise<void> {
  const parsed = parseConfig(readEnvironment());
  if (!parsed.ok) {
    console.error('The mentoring bot cannot start; fix these settings (environment or .env):');
    for (const problem of parsed.problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  const { config } = parsed;
  const logger = createLogger(config.logLevel);
  logProcessFailures(logger);
  let prepared: Awaited<ReturnType<typeof prepare>>;
  try {
    prepared = await prepare(config);
  } catch (error) {
    if (error instanceof NewerDatabaseError || error instanceof DatabaseUnreachableError) {
      console.error(`The mentoring bot cannot start: ${error.message}`);
      process.exit(1);
    }
    if (!(error instanceof TaxonomyFileError)) throw error;
    console.error(`The mentoring bot cannot start; fix the skill taxonomy file ${error.file}:`);
    for (const problem of error.problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  const { database, taxonomy } = prepared;
  const readiness = new Readiness();
  const deps = { config, db: database.db, clock: systemClock, logger, taxonomy, stopping: () => readiness.stopping };
  // Checked before the app is built: one auth.test, whose answer (scopes, the bot's identity) serves both.
  const checked = await startupChecks(deps, new WebClient(config.botToken, { ...slackClientOptions(config), logger }));
  for (const problem of checked.problems) logger.warn(problem);
  if (checked.fatal.length > 0) {
    for (const problem of checked.fatal) logger.error(`cannot start: ${problem}`);
    await database.close();
    process.exit(1);
  }
  const mentoring = await createMentoringApp(deps, { readiness, ...(checked.identity ? { identity: checked.identity } : {}) });
  // Slack accepted the token (auth.test), and its scopes are checked.
  readiness.slackAuth = true;
  const port = await mentoring.start();
  const jobs = startJobs(deps, mentoring.app.client);
  readiness.scheduler = true;
  logger.info(config.appToken ? `running in Socket Mode (health on :${port}/healthz)` : `listening on :${port}/slack/events`);

  const shutdown = async (signal: string) => {
    logger.info(`${signal} received, finishing in-flight work`);
    // Not ready from now on, so a load balancer sends nothing more; jobs start no new run and finish theirs.
    readiness.stopping = true;
    await jobs.stop();
    await mentoring.stop();
    await database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * A rejection nobody awaited is one piece of work gone wrong; the server, the
 * database and the jobs are still sound, so keep serving. A thrown exception
 * may have left state half-changed, so log it and exit for a clean restart.
 */
function logProcessFailures(logger: Logger): void {
  process.on('unhandledRejection', (reason) => logger.error('unhandled promise rejection (still serving):', reason));
  process.on('uncaughtException', (error) => {
    logger.error('uncaught exception, exiting:', error);
    process.exit(1);
  });
}

main().catch((error: unknown) => {
  console.error('The mentoring bot stopped:', error instanceof Error ? error.message : error);
  process.exit(1);
});
