import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, purgeDeletedFromDisk } from '../../src/db/client.js';
import { programs } from '../../src/db/schema.js';
import { tempDir } from '../support/processes.js';

/* SQLite's async transactions: one connection (or several to one file in this process), each transaction its only user while open. */
describe('SQLite transactions', () => {
  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('keep another request out of an open transaction: its statement waits, and a rollback does not take it along', async () => {
    const database = await openDatabase(join(tempDir(), 'gate.db'));
    try {
      const { db } = database;
      const failing = db.transaction(async (tx) => {
        await tx.update(programs).set({ purpose: 'inside' }).where(eq(programs.id, 1));
        await pause(50);
        throw new Error('rolled back');
      });
      await pause(10);
      const outside = db.update(programs).set({ name: 'Outside' }).where(eq(programs.id, 1));
      await expect(failing).rejects.toThrow('rolled back');
      await outside;
      expect((await db.select({ name: programs.name, purpose: programs.purpose }).from(programs))[0]).toEqual({ name: 'Outside', purpose: '' });
    } finally {
      await database.close();
    }
  });

  it('purge deleted rows from disk after another request’s transaction, not into it (SQLite refuses a checkpoint then)', async () => {
    const database = await openDatabase(join(tempDir(), 'purge.db'));
    try {
      const open = database.db.transaction(async (tx) => {
        await tx.update(programs).set({ purpose: 'busy' }).where(eq(programs.id, 1));
        await pause(50);
      });
      await pause(10);
      await expect(purgeDeletedFromDisk(database.db)).resolves.toBe(true);
      await open;
    } finally {
      await database.close();
    }
  });

  it('share one gate between two connections to one file, also after one of them was closed twice', async () => {
    const path = join(tempDir(), 'shared.db');
    const a = await openDatabase(path);
    const b = await openDatabase(path);
    await a.close();
    await a.close().catch(() => undefined);
    const c = await openDatabase(path);
    try {
      const held = b.db.transaction(async (tx) => {
        await tx.update(programs).set({ purpose: 'b' }).where(eq(programs.id, 1));
        await pause(50);
      });
      await pause(10);
      // Without the shared gate this write blocks the thread on the file lock b's transaction holds, and fails with SQLITE_BUSY.
      await c.db.update(programs).set({ name: 'From c' }).where(eq(programs.id, 1));
      await held;
      expect((await c.db.select({ name: programs.name, purpose: programs.purpose }).from(programs))[0]).toEqual({ name: 'From c', purpose: 'b' });
    } finally {
      await b.close();
      await c.close();
    }
  });
});
