import type { CustomRoute } from '@slack/bolt';
import type { Deps } from './deps.js';
import { ping } from './db/client.js';

/**
 * What the health endpoints report. /healthz: the process is alive and its
 * database answers (restart it if not). /readyz: it can do its work, so
 * send it traffic: the database answers, Slack accepted the token at
 * start-up, and the scheduler is running; a stopping process is not ready.
 */
export class Readiness {
  slackAuth = false;
  scheduler = false;
  stopping = false;
}

type Res = Parameters<CustomRoute['handler']>[1];

function answer(res: Res, ok: boolean, body: Record<string, unknown>): void {
  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify({ ok, ...body }));
}

async function databaseAnswers(deps: Pick<Deps, 'db'>): Promise<boolean> {
  try {
    await ping(deps.db);
    return true;
  } catch {
    return false;
  }
}

/**
 * Bolt calls a route's handler and does not wait for it, so the answer is
 * written once the database has answered. It cannot reject: every failure
 * of the database is an answer (databaseAnswers catches it).
 */
const answering = (write: (res: Res) => Promise<void>): CustomRoute['handler'] => (_req, res) => {
  void write(res);
};

export function healthRoutes(deps: Pick<Deps, 'db'>, readiness: Readiness): CustomRoute[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: answering(async (res) => {
        const database = await databaseAnswers(deps);
        answer(res, database, database ? {} : { error: 'database_unavailable' });
      }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: answering(async (res) => {
        const checks = { database: await databaseAnswers(deps), slack: readiness.slackAuth, scheduler: readiness.scheduler, stopping: readiness.stopping };
        answer(res, checks.database && checks.slack && checks.scheduler && !checks.stopping, checks);
      }),
    },
  ];
}
