import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RetryOptions } from '@slack/web-api';
import { CAST, COORDINATOR_CHANNEL, castUsers } from './cast.js';
import { type EmulatorOptions, SlackEmulator } from '../emulator/index.js';
import { createMentoringApp, EVENTS_PATH, type MentoringApp } from '../src/app.js';
import type { Clock } from '../src/clock.js';
import { type Config, parseConfig } from '../src/config.js';
import type { OpenDatabase } from '../src/db/client.js';
import type { Deps } from '../src/deps.js';
import { prepare } from '../src/startup.js';
import { createLogger, type Logger } from '../src/logger.js';

export const LOCAL_BOT_TOKEN = 'xoxb-local-emulator-token';
export const LOCAL_SIGNING_SECRET = 'local-emulator-signing-secret';

export interface LocalStack {
  emulator: SlackEmulator;
  /** What the app's listeners get; jobs and services can be run directly with it. */
  deps: Deps;
  mentoring: MentoringApp;
  database: OpenDatabase;
  config: Config;
  logger: Logger;
  /** Waits for every listener to finish its follow-up work after acking. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export interface LocalStackOptions {
  clock?: Clock;
  env?: Record<string, string>;
  retryConfig?: RetryOptions;
  databasePath?: string;
  /** The emulator's own clock (trigger expiry, rate-limit windows); real time by default. */
  emulatorNow?: () => number;
  /** Channels besides the coordinators' one, such as a program's own. */
  channels?: EmulatorOptions['channels'];
  /** People besides the demo cast. */
  users?: EmulatorOptions['users'];
}

/**
 * The emulator and the real app, both on loopback, with a fresh SQLite file
 * in a temporary directory: what the demo runs and what integration tests drive.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dir = mkdtempSync(join(tmpdir(), 'mentoring-'));
  const emulator = await new SlackEmulator({
    botToken: LOCAL_BOT_TOKEN,
    signingSecret: LOCAL_SIGNING_SECRET,
    users: [...castUsers, ...(options.users ?? [])],
    channels: [{ ...COORDINATOR_CHANNEL, members: [CAST.grace.id] }, ...(options.channels ?? [])],
    now: options.emulatorNow,
  }).start();
  const parsed = parseConfig({
    SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
    SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET,
    SLACK_API_URL: emulator.apiUrl,
    DATABASE_PATH: options.databasePath ?? join(dir, 'mentoring.db'),
    COORDINATOR_CHANNEL_ID: COORDINATOR_CHANNEL.id,
    COORDINATOR_USER_IDS: CAST.grace.id,
    LOG_LEVEL: 'error',
    ...options.env,
  });
  if (!parsed.ok) throw new Error(`local stack config: ${parsed.problems.join('; ')}`);
  const { config } = parsed;
  const logger = createLogger(config.logLevel);
  const { database, taxonomy } = prepare(config);
  const deps: Deps = { config, db: database.db, clock: options.clock ?? (() => new Date()), logger, taxonomy };
  const mentoring = await createMentoringApp(
    deps,
    { retryConfig: options.retryConfig ?? { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 } },
  );
  const port = await mentoring.start(0, '127.0.0.1');
  emulator.appUrl = `http://127.0.0.1:${port}${EVENTS_PATH}`;
  return {
    emulator,
    deps,
    mentoring,
    database,
    config,
    logger,
    settle: () => mentoring.settled(),
    async stop() {
      await mentoring.stop();
      await emulator.stop();
      database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
