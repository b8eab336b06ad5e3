import { existsSync } from 'node:fs';
import { createMentoringApp } from './app.js';
import { systemClock } from './clock.js';
import { parseConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { createLogger } from './logger.js';

/** Production entry point: configuration, database, app, and a clean shutdown. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const parsed = parseConfig(process.env);
  if (!parsed.ok) {
    console.error('The mentoring bot cannot start; fix these settings (environment or .env):');
    for (const problem of parsed.problems) console.error(`  - ${problem}`);
    process.exit(1);
  }
  const { config } = parsed;
  const logger = createLogger(config.logLevel);
  const database = openDatabase(config.databasePath);
  const mentoring = await createMentoringApp({ config, db: database.db, clock: systemClock, logger });
  const port = await mentoring.start();
  logger.info(config.appToken ? `running in Socket Mode (health on :${port}/healthz)` : `listening on :${port}/slack/events`);

  const shutdown = async (signal: string) => {
    logger.info(`${signal} received, finishing in-flight work`);
    await mentoring.stop();
    database.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  console.error('The mentoring bot stopped:', error instanceof Error ? error.message : error);
  process.exit(1);
});
