import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { healthRoutes, Readiness } from '../../src/readiness.js';

/*
 * /healthz: alive, and the database answers. /readyz: also Slack accepted
 * the token and the scheduler runs, and the process is not stopping.
 */

let server: Server | undefined;
let dir: string | undefined;
afterEach(() => {
  server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function serve(readiness: Readiness) {
  dir = mkdtempSync(join(tmpdir(), 'readiness-'));
  const database = await openDatabase(join(dir, 'm.db'));
  const routes = healthRoutes({ db: database.db }, readiness);
  server = createServer((req, res) => routes.find((r) => r.path === req.url)?.handler(req as never, res as never));
  await new Promise<void>((done) => server?.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  const get = async (path: string) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`);
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { get, database };
}

describe('health endpoints', () => {
  it('says ready only once Slack and the scheduler are up, and not while stopping', async () => {
    const readiness = new Readiness();
    const { get } = await serve(readiness);
    expect(await get('/healthz')).toEqual({ status: 200, body: { ok: true } });
    expect(await get('/readyz')).toEqual({ status: 503, body: { ok: false, database: true, slack: false, scheduler: false, stopping: false } });
    readiness.slackAuth = true;
    readiness.scheduler = true;
    expect((await get('/readyz')).status).toBe(200);
    readiness.stopping = true;
    expect(await get('/readyz')).toMatchObject({ status: 503, body: { stopping: true } });
  });

  it('is not alive when the database does not answer', async () => {
    const readiness = Object.assign(new Readiness(), { slackAuth: true, scheduler: true });
    const { get, database } = await serve(readiness);
    await database.close();
    expect(await get('/healthz')).toEqual({ status: 503, body: { ok: false, error: 'database_unavailable' } });
    expect(await get('/readyz')).toMatchObject({ status: 503, body: { database: false } });
  });
});
