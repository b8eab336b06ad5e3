import type { AnyMiddlewareArgs, App, Middleware } from '@slack/bolt';
import type { Logger } from './logger.js';

export const APOLOGY =
  "Sorry, something went wrong on our side and I couldn't finish that. Nothing was lost; please try again in a moment.";

type Body = Record<string, unknown> & {
  response_url?: string;
  user_id?: string;
  user?: { id?: string };
  event?: { user?: string };
};

/**
 * Every listener error ends here: it is logged with enough context to find
 * it, and the person who acted is told, so nobody is left with silence.
 * It runs as the outermost listener middleware so the apology is part of the
 * request's own work (and so is awaited on shutdown).
 */
export function listenerErrorGuard(app: App, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    try {
      await args.next();
    } catch (error) {
      const b = (args.body ?? {}) as Body;
      const userId = b.user_id ?? b.user?.id ?? b.event?.user;
      logger.error(`listener failed (${String(b.type ?? b.command ?? 'request')}, user ${userId ?? 'unknown'}):`, error);
      // Slack shows its own error if a request goes unacknowledged; ours is kinder.
      const ack = (args as { ack?: () => Promise<void> }).ack;
      await ack?.().catch(() => undefined);
      await apologise(app, b, userId).catch((apologyError: unknown) => logger.error('could not deliver the apology:', apologyError));
    }
  };
}

async function apologise(app: App, body: Body, userId: string | undefined): Promise<void> {
  if (typeof body.response_url === 'string') {
    const response = await fetch(body.response_url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text: APOLOGY }),
    });
    if (response.ok) return;
  }
  if (userId) await app.client.chat.postMessage({ channel: userId, text: APOLOGY });
}
