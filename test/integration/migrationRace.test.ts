import { join } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/client.js';
import { runScript, tempDir } from '../support/processes.js';

/*
 * Two replicas starting on a database that needs migrating: one migrates
 * while the other waits for its lock. Drizzle's migrator reads which
 * migration came last before it takes the lock, so the one that waited used
 * to apply everything again and stop with "table … already exists" (or give
 * up after the 5 s busy timeout). Here this test is the first replica (it
 * holds the lock and migrates by hand) and `npm run job` the second.
 */
describe('two processes starting on a database that needs migrating', { timeout: 60_000 }, () => {
  it('the one that waited for the other’s migration starts on the migrated database instead of failing', async () => {
    const dir = tempDir();
    const path = join(dir, 'mentoring.db');
    const first = new Database(path);
    first.pragma('journal_mode = WAL');
    // The table drizzle keeps its ledger in, as it creates it; creating it again needs no lock.
    first.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
    first.exec('BEGIN IMMEDIATE');
    const second = runScript('src/cli/job.ts', ['outbox', '--status'], { SLACK_BOT_TOKEN: 'xoxb-race', DATABASE_PATH: path, LOG_LEVEL: 'error' }, dir);
    // Long enough for the second to start (about 3 s on a busy machine) and, if it reads before it locks, read "nothing applied".
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const record = first.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
    for (const migration of readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER })) {
      for (const statement of migration.sql) first.exec(statement);
      record.run(migration.hash, migration.folderMillis);
    }
    first.exec('COMMIT');
    first.close();
    const code = await second.exited;
    expect({ code, output: second.output() }).toMatchObject({ code: 0, output: expect.stringMatching(/pending/) });
  });
});
