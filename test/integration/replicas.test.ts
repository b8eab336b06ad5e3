import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/processes.js';
import { freshPostgres } from '../support/postgres.js';
import { killMidPost, replicaRun } from '../support/replicaRun.js';

/** On a PostgreSQL run, the replicas share a database of their own on that server; otherwise a SQLite file. */
async function database(): Promise<{ databaseUrl?: string; drop(): Promise<void> }> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { drop: async () => undefined };
  const fresh = await freshPostgres(adminUrl);
  return { databaseUrl: fresh.url, drop: fresh.drop };
}

/*
 * Two replicas of the app (src/index.ts, two processes) on one database (a
 * SQLite file, or on a PostgreSQL run a PostgreSQL database),
 * draining 10,000 queued messages into the emulator; one is killed with
 * SIGKILL halfway, so whatever it had claimed (perhaps already posted, its
 * answer never recorded) must be taken over by the other once its lease
 * lapses, looked up in the conversation and sent only if it is not there.
 * About 40 s on a quiet machine: the one long test, with a timeout to match.
 */
describe('two replicas on one database', () => {
  it('deliver 10,000 queued messages with none lost and none twice when one is killed halfway', { timeout: 300_000 }, async () => {
    const db = await database();
    const result = await replicaRun({ messages: 10_000, replicas: 2, killFirstAt: 0.5, dir: tempDir(), timeoutMs: 280_000, ...db }).finally(db.drop);
    expect(result.killed).toMatchObject({ signal: 'SIGKILL' });
    expect(result.killed?.afterPosts).toBeLessThan(10_000);
    expect({ delivered: result.delivered, duplicates: result.duplicates, lost: result.lost, unsettled: result.unsettled }).toEqual({ delivered: 10_000, duplicates: 0, lost: 0, unsettled: 0 });
  });

  it('never post twice what a killed replica left stored in Slack but unanswered: the next replica looks it up and finds it', { timeout: 120_000 }, async () => {
    const db = await database();
    const result = await killMidPost({ messages: 400, dir: tempDir(), timeoutMs: 100_000, ...db }).finally(db.drop);
    expect(result.killed).toMatchObject({ signal: 'SIGKILL' });
    expect(result.storedUnanswered).toBeGreaterThanOrEqual(1);
    expect(result.lookups).toBeGreaterThanOrEqual(1);
    expect({ delivered: result.delivered, duplicates: result.duplicates, lost: result.lost, unsettled: result.unsettled }).toEqual({ delivered: 400, duplicates: 0, lost: 0, unsettled: 0 });
  });
});
