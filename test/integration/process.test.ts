import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAST, castUsers } from '../../emulator/cast.js';
import { SlackEmulator } from '../../emulator/index.js';
import { onCleanup, runScript, tempDir } from '../support/processes.js';

const run = (env: Record<string, string>, cwd: string) => runScript('src/index.ts', [], env, cwd);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

describe('npm start', () => {
  it('exits non-zero with no environment, naming both required settings', async () => {
    const child = run({}, tempDir());
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain('SLACK_BOT_TOKEN');
    expect(child.output()).toContain('SLACK_SIGNING_SECRET');
  });

  it('reads .env and reports its bad values without printing them', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'SLACK_BOT_TOKEN=xoxp-a-user-token\nSLACK_SIGNING_SECRET=0123456789abcdef\nPORT=http\n');
    const child = run({}, dir);
    expect(await child.exited).toBe(1);
    expect(child.output()).toMatch(/SLACK_BOT_TOKEN must be a bot token starting with xoxb-/);
    expect(child.output()).toMatch(/PORT must be a whole number/);
    expect(child.output()).not.toContain('xoxp-a-user-token');
    expect(child.output()).not.toContain('0123456789abcdef');
  });

  it('starts against a Slack-compatible server, calls auth.test, and acks a signed /mentor help', async () => {
    const emulator = await new SlackEmulator({ botToken: 'xoxb-proc-token', signingSecret: 'proc-signing-secret', users: castUsers }).start();
    onCleanup(() => emulator.stop());
    const port = await freePort();
    const dir = tempDir();
    const child = run(
      {
        SLACK_BOT_TOKEN: 'xoxb-proc-token',
        SLACK_SIGNING_SECRET: 'proc-signing-secret',
        SLACK_API_URL: emulator.apiUrl,
        PORT: String(port),
        DATABASE_PATH: join(dir, 'db', 'mentoring.db'),
        LOG_LEVEL: 'info',
      },
      dir,
    );
    onCleanup(async () => {
      child.kill('SIGTERM');
      await child.exited;
    });
    await expect.poll(() => child.output(), { timeout: 15_000, interval: 100 }).toContain('listening on');
    expect(emulator.callsTo('auth.test')).toEqual([expect.objectContaining({ ok: true })]);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);

    emulator.appUrl = `http://127.0.0.1:${port}/slack/events`;
    const delivery = await emulator.user(CAST.chloe.id).slash('/mentor help');
    // status 0 would mean no ack inside Slack's three seconds.
    expect(delivery.status).toBe(200);
    expect(delivery.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringContaining('/mentor help') });

    child.kill('SIGTERM');
    expect(await child.exited).toBe(0);
  });
});
