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
import { BOT_SCOPES } from '../src/startupChecks.js';
import { createLogger, type Logger } from '../src/logger.js';

export const LOCAL_BOT_TOKEN = 'xoxb-local-emulator-token';
export const LOCAL_SIGNING_SECRET = 'local-emulator-signing-secret';
export const LOCAL_APP_TOKEN = 'xapp-1-A0APP00001-local-emulator-token';

/** How Slack reaches the app: signed HTTP requests to its receiver, or envelopes over a Socket Mode WebSocket. */
export type ReceiverKind = 'http' | 'socket';

export interface LocalStack {
  receiver: ReceiverKind;
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
  /** The scopes the bot token was granted; manifest.yml's unless set. */
  botScopes?: EmulatorOptions['botScopes'];
  /**
   * 'http' (the default): the app serves Bolt's HTTP receiver on a free port
   * and the emulator posts signed requests to it. 'socket': the app has
   * SLACK_APP_TOKEN and no signing secret, connects to the emulator over
   * Socket Mode and gets everything as envelopes.
   */
  receiver?: ReceiverKind;
}

/** Where each new stack's database comes from when it is not a SQLite file: see test/support/postgres.ts. */
type FreshDatabase = () => Promise<{ url: string; drop(): Promise<void> }>;
let freshDatabase: FreshDatabase | undefined;

/** Every stack started from now on gets a database of its own from `factory` (PostgreSQL) instead of a SQLite file. */
export function useFreshDatabases(factory: FreshDatabase | undefined): void {
  freshDatabase = factory;
}

/**
 * The emulator and the real app, both on loopback, with a fresh SQLite file
 * in a temporary directory: what the demo runs and what integration tests drive.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const receiver = options.receiver ?? 'http';
  const dir = mkdtempSync(join(tmpdir(), 'mentoring-'));
  let emulator: SlackEmulator | undefined;
  let database: OpenDatabase | undefined;
  let mentoring: MentoringApp | undefined;
  let fresh: Awaited<ReturnType<FreshDatabase>> | undefined;
  // The app first, so its Socket Mode client is shutting down, not reconnecting, when the emulator closes.
  // Whatever was started is stopped once, however often this is called, also when starting failed half-way.
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await mentoring?.stop();
      } finally {
        try {
          await emulator?.stop();
        } finally {
          await database?.close();
          await fresh?.drop();
          rmSync(dir, { recursive: true, force: true });
        }
      }
    })());
  try {
    emulator = await new SlackEmulator({
      botToken: LOCAL_BOT_TOKEN,
      // Slack signs for every app; only an app on the HTTP receiver is given the secret to check it.
      signingSecret: LOCAL_SIGNING_SECRET,
      ...(receiver === 'socket' ? { appToken: LOCAL_APP_TOKEN } : {}),
      users: [...castUsers, ...(options.users ?? [])],
      channels: [{ ...COORDINATOR_CHANNEL, members: [CAST.grace.id] }, ...(options.channels ?? [])],
      now: options.emulatorNow,
      // Installed with what manifest.yml asks for, unless a test grants less.
      botScopes: options.botScopes ?? BOT_SCOPES,
    }).start();
    // A test that names its own SQLite file means that file, whatever the run's engine.
    if (freshDatabase && !options.databasePath) fresh = await freshDatabase();
    const receiverEnv: Record<string, string> =
      // PORT 0: Socket Mode's health-check server takes a free port, so stacks side by side never clash.
      receiver === 'socket' ? { SLACK_APP_TOKEN: LOCAL_APP_TOKEN, PORT: '0' } : { SLACK_SIGNING_SECRET: LOCAL_SIGNING_SECRET };
    const parsed = parseConfig({
      SLACK_BOT_TOKEN: LOCAL_BOT_TOKEN,
      ...receiverEnv,
      SLACK_API_URL: emulator.apiUrl,
      DATABASE_PATH: options.databasePath ?? join(dir, 'mentoring.db'),
      ...(fresh ? { DATABASE_URL: fresh.url } : {}),
      COORDINATOR_CHANNEL_ID: COORDINATOR_CHANNEL.id,
      COORDINATOR_USER_IDS: CAST.grace.id,
      LOG_LEVEL: 'error',
      ...options.env,
    });
    if (!parsed.ok) throw new Error(`local stack config: ${parsed.problems.join('; ')}`);
    const { config } = parsed;
    const logger = createLogger(config.logLevel);
    const prepared = await prepare(config);
    database = prepared.database;
    const deps: Deps = { config, db: database.db, clock: options.clock ?? (() => new Date()), logger, taxonomy: prepared.taxonomy };
    const app = await createMentoringApp(
      deps,
      { retryConfig: options.retryConfig ?? { retries: 2, factor: 1, minTimeout: 10, maxTimeout: 50 } },
    );
    mentoring = app;
    // Over Socket Mode this resolves once the emulator has said hello on the app's connection.
    const port = await app.start(0, '127.0.0.1');
    if (receiver === 'http') emulator.appUrl = `http://127.0.0.1:${port}${EVENTS_PATH}`;
    return {
      receiver,
      emulator,
      deps,
      mentoring: app,
      database,
      config,
      logger,
      settle: () => app.settled(),
      stop,
    };
  } catch (error) {
    // The reason it did not start is the error worth reporting, not a complaint from stopping.
    await stop().catch(() => undefined);
    throw error;
  }
}
