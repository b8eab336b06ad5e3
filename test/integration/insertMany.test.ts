import { describe, expect, it } from 'vitest';
import { startLocalStack } from '../../demo/stack.js';
import { insertMany } from '../../src/db/insertMany.js';
import { outbox } from '../../src/db/schema.js';
import { rawSql } from '../support/rawSql.js';

/* The fan-out's bulk insert, on whichever engine the run uses (PostgreSQL's goes through unnest()). */
describe('insertMany', () => {
  it('inserts every new row with its values as the column maps them, skips taken keys, and returns only what it inserted', async () => {
    const stack = await startLocalStack();
    try {
      const at = new Date('2026-12-01T09:00:00.123Z');
      const row = (key: string, text: string) => ({ idempotencyKey: key, recipient: 'U0AIKO', payload: { text, quote: `it's "quoted", {braced}` }, notBefore: at, expiresAt: null, workingHoursOnly: false });
      const first = await insertMany(stack.deps.db, outbox, [row('a', 'one'), row('b', 'two')], { conflictTarget: outbox.idempotencyKey, returning: { key: outbox.idempotencyKey, notBefore: outbox.notBefore } });
      expect(first).toEqual([
        { key: 'a', notBefore: at },
        { key: 'b', notBefore: at },
      ]);
      const again = await insertMany(stack.deps.db, outbox, [row('b', 'changed'), row('c', 'three')], { conflictTarget: outbox.idempotencyKey, returning: { key: outbox.idempotencyKey } });
      expect(again).toEqual([{ key: 'c' }]);
      const stored = await rawSql(stack.database).all<{ key: string; payload: string; not_before: number; working_hours_only: number; expires_at: number | null }>(
        'select idempotency_key as key, payload, not_before, working_hours_only, expires_at from outbox order by idempotency_key',
      );
      expect(stored.map((r) => ({ ...r, payload: JSON.parse(r.payload) }))).toEqual(
        ['a', 'b', 'c'].map((key, i) => ({ key, payload: { text: ['one', 'two', 'three'][i], quote: `it's "quoted", {braced}` }, not_before: at.getTime(), working_hours_only: 0, expires_at: null })),
      );
    } finally {
      await stack.stop();
    }
  });
});
