import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAST, castUsers, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { intakeForm, SAMPLE_INTAKE } from '../../demo/forms.js';
import { LOCAL_APP_TOKEN } from '../../demo/stack.js';
import { SlackEmulator } from '../../emulator/index.js';
import { openDatabase } from '../../src/db/client.js';
import { freshPostgres } from '../support/postgres.js';
import { onCleanup, runScript, tempDir } from '../support/processes.js';
import { rawSql } from '../support/rawSql.js';
import { freePort } from '../support/spawnScript.js';
import { BOT_SCOPES } from '../../src/startupChecks.js';

/*
 * Two replicas in Socket Mode, as the README runs them: each opens its own
 * connection, Slack hands envelopes to the open connections in turn, and the
 * two share one database, so a form one replica opened is handled by the
 * other. When one dies, Slack has one connection left and everything goes there.
 */
describe('two replicas in Socket Mode on one database', { timeout: 60_000 }, () => {
  it('share the work envelope by envelope, and the survivor takes all of it when one is killed', async () => {
    const token = 'xoxb-replica-socket';
    const emulator = await new SlackEmulator({ botToken: token, signingSecret: 'unused-by-socket-mode', appToken: LOCAL_APP_TOKEN, botScopes: BOT_SCOPES, users: castUsers, channels: [{ ...COORDINATOR_CHANNEL, members: [CAST.grace.id] }] }).start();
    onCleanup(() => emulator.stop());
    const dir = tempDir();
    const path = join(dir, 'mentoring.db');
    // On a PostgreSQL run (TEST_DATABASE_URL) the one database they share is a fresh one on that server.
    const fresh = process.env.TEST_DATABASE_URL ? await freshPostgres(process.env.TEST_DATABASE_URL) : undefined;
    if (fresh) onCleanup(() => fresh.drop());
    const location = { databasePath: path, databaseUrl: fresh?.url };
    const env = { SLACK_BOT_TOKEN: token, SLACK_APP_TOKEN: LOCAL_APP_TOKEN, SLACK_API_URL: emulator.apiUrl, DATABASE_PATH: path, ...(fresh ? { DATABASE_URL: fresh.url } : {}), COORDINATOR_CHANNEL_ID: COORDINATOR_CHANNEL.id, COORDINATOR_USER_IDS: CAST.grace.id, LOG_LEVEL: 'warn' };
    const replicas = [runScript('src/index.ts', [], { ...env, PORT: String(await freePort()) }, dir), runScript('src/index.ts', [], { ...env, PORT: String(await freePort()) }, dir)];
    onCleanup(async () => {
      for (const r of replicas) if (r.exitCode === null && r.signalCode === null) r.kill('SIGTERM');
      await Promise.all(replicas.map((r) => r.exited));
    });
    await expect.poll(() => emulator.socketMode.openConnections, { timeout: 15_000, interval: 100 }).toBe(2);

    // The form is opened by one replica and its submission handled by the other.
    const chloe = emulator.user(CAST.chloe.id);
    expect((await chloe.slash('/mentor join')).status).toBe(200);
    await expect.poll(() => chloe.modal()?.view.callback_id, { timeout: 5_000 }).toBe('intake_submit');
    const opened = emulator.socketMode.acks.at(-1)?.connection;
    const submitted = await chloe.submit(intakeForm(SAMPLE_INTAKE));
    const handled = emulator.socketMode.acks.at(-1)?.connection;
    expect(opened).toBeDefined();
    expect(handled).toBeDefined();
    expect(handled).not.toBe(opened);
    expect(submitted.status).toBe(200);
    expect(submitted.json).not.toMatchObject({ response_action: 'errors' });
    const database = await openDatabase(location);
    onCleanup(() => database.close());
    await expect.poll(() => rawSql(database).get('select count(*) as n from profiles where person_id = ?', CAST.chloe.id), { timeout: 5_000 }).toEqual({ n: 1 });

    const beforeKill = emulator.socketMode.acks.length;
    replicas[0]?.kill('SIGKILL');
    await replicas[0]?.exited;
    await expect.poll(() => emulator.socketMode.openConnections, { timeout: 5_000, interval: 50 }).toBe(1);
    for (const _ of [1, 2]) {
      const help = await chloe.slash('/mentor help');
      expect({ status: help.status, json: help.json }).toMatchObject({ status: 200, json: { response_type: 'ephemeral' } });
    }
    // Both answered by the one replica left.
    expect(new Set(emulator.socketMode.acks.slice(beforeKill).map((a) => a.connection)).size).toBe(1);
    // Every envelope acked once, by whichever replica had it.
    expect(emulator.socketMode.acks.every((a) => a.accepted)).toBe(true);
    const ids = emulator.socketMode.acks.map((a) => a.envelopeId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBeGreaterThanOrEqual(4);
  });
});
