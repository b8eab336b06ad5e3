import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, type CustomRoute, HTTPReceiver, type Receiver, SocketModeReceiver } from '@slack/bolt';
import type { RetryOptions } from '@slack/web-api';
import type { Config } from './config.js';
import type { Deps } from './deps.js';
import { registerListeners } from './listeners.js';
import { createPoolIndex } from './services/poolIndex.js';
import { toBoltLevel } from './logger.js';
import { guardReceiver } from './receiverGuard.js';
import { healthRoutes, Readiness } from './readiness.js';
import { withLogContext } from './logContext.js';
import { randomUUID } from 'node:crypto';

export const EVENTS_PATH = '/slack/events';

type SlackBody = { command?: string; type?: string; event?: { type?: string } };
/** "/mentor", "block_actions", "app_home_opened": what a request from Slack is, for its log lines. */
const requestKind = (body: SlackBody): string => body.command ?? body.event?.type ?? body.type ?? 'request';

export interface MentoringApp {
  app: App;
  /** Starts the receiver; resolves with the HTTP port actually bound (0 picks a free one). */
  start(port?: number, host?: string): Promise<number>;
  /** Stops receiving, then waits for listeners already running to finish. */
  stop(): Promise<void>;
  /** Resolves once no listener is running: lets tests and shutdown wait for follow-up work after an ack. */
  settled(): Promise<void>;
}

export interface AppOptions {
  /** How the Web API client retries 429s and 5xx. Tests shorten this. */
  retryConfig?: RetryOptions;
  /** What /readyz reports; the entry point fills it in as start-up proceeds. */
  readiness?: Readiness;
  /** The bot as the caller's own auth.test found it: then Bolt does not call auth.test again. */
  identity?: BotIdentity;
}

export interface BotIdentity {
  botId: string;
  botUserId: string;
}

/** How every Web API client of the app reaches Slack (or the emulator) and retries 429s and 5xx. */
export function slackClientOptions(config: Config, retryConfig?: RetryOptions) {
  return { slackApiUrl: config.slackApiUrl, retryConfig: retryConfig ?? { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 30_000, randomize: true } };
}

/**
 * Builds the Bolt app: the receiver the configuration asks for, the Web API
 * client pointed at SLACK_API_URL, and every listener. Resolves only after
 * auth.test has confirmed the token: Bolt's own, unless the caller's
 * already did and passes the bot's identity.
 */
export async function createMentoringApp(deps: Deps, options: AppOptions = {}): Promise<MentoringApp> {
  const { config, logger } = deps;
  const customRoutes: CustomRoute[] = healthRoutes(deps, options.readiness ?? new Readiness());
  const logLevel = toBoltLevel(config.logLevel);
  if (!config.appToken && !config.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required for the HTTP receiver');
  // In Socket Mode the app opens its connection with apps.connections.open, at SLACK_API_URL like every other call.
  const receiver: Receiver = config.appToken
    ? new SocketModeReceiver({
        appToken: config.appToken,
        logger,
        logLevel,
        customRoutes,
        installerOptions: { port: config.port, clientOptions: { slackApiUrl: config.slackApiUrl } },
      })
    : guardReceiver(new HTTPReceiver({ signingSecret: config.signingSecret as string, endpoints: EVENTS_PATH, logger, logLevel, customRoutes }), {
        signingSecret: config.signingSecret as string,
        endpoints: [EVENTS_PATH],
        logger,
      });

  const app = new App({
    token: config.botToken,
    receiver,
    logger,
    logLevel,
    deferInitialization: true,
    // Verified already: with the identity and verification off, Bolt neither calls auth.test at init nor on the first request.
    ...(options.identity ? { botId: options.identity.botId, botUserId: options.identity.botUserId, tokenVerificationEnabled: false } : {}),
    clientOptions: slackClientOptions(config, options.retryConfig),
  });

  const running = new Set<Promise<unknown>>();
  app.use(async ({ next, body }) => {
    // Every line logged while this request is handled, in any module, carries its id.
    const work = withLogContext({ requestId: `${requestKind(body as SlackBody)}:${randomUUID().slice(0, 8)}` }, next);
    running.add(work);
    try {
      await work;
    } finally {
      running.delete(work);
    }
  });
  // The listeners share the caller's deps object (a test may swap its logger), so the index joins that object rather than a copy.
  const poolIndex = createPoolIndex(deps);
  deps.poolIndex = poolIndex;
  registerListeners(app, deps);
  await app.init();

  // In the background: a request meanwhile waits for its pool, as it would have anyway.
  const warmPools = () => void poolIndex.warm().catch((error: unknown) => logger.warn('could not load the large programs\' pools ahead of time:', error));
  const settled = async () => {
    while (running.size > 0) await Promise.allSettled([...running]);
  };
  return {
    app,
    settled,
    async start(port = config.port, host?: string) {
      if (config.appToken) {
        await app.start();
        warmPools();
        return port;
      }
      const started = await app.start(host ? { port, host } : port);
      warmPools();
      return ((started as Server).address() as AddressInfo).port;
    },
    async stop() {
      await app.stop();
      await settled();
      await poolIndex.stop();
      if (deps.poolIndex === poolIndex) delete deps.poolIndex;
    },
  };
}
