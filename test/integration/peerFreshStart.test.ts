import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { requestFreshStart } from '../../src/services/rematch.js';
import { acceptRequest } from '../../src/services/selfServe.js';
import { activePair, join } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A peer pair holds a place of each peer, so a fresh start that replaces it
 * must not count the old pair against the asking peer. Reproduced when
 * that rule landed: with one place the request was refused "at capacity";
 * with two, the accept was refused under the program's rules.
 */

const now = new Date('2026-11-30T09:00:00Z');
let stack: LocalStack;
const P = ['U0PEER0001', 'U0PEER0002', 'U0PEER0003'];
const PEER = { roles: ['peer'], timeZone: 'Europe/Paris', level: '4', skillsOffered: ['system-design', 'typescript'], skillsWanted: ['system-design', 'typescript'] };

beforeEach(async () => {
  stack = await startLocalStack({ clock: () => now });
  for (const [i, id] of P.entries()) stack.emulator.addUser({ id, name: `peer${i}`, realName: `Peer ${i}`, tz: 'Europe/Paris' });
});
afterEach(() => stack.stop());

describe('a fresh start for a peer', () => {
  for (const places of ['1', '2']) {
    it(`asks a new peer and is accepted, with ${places} place${places === '1' ? '' : 's'}`, async () => {
      for (const [i, id] of P.entries()) await join(stack, id, { ...PEER, capacityMentees: places, department: `D${i}` });
      const old = await activePair(stack, P[1] as string, P[0] as string, new Date('2026-10-01T09:00:00Z'), 'peer');
      const asked = await requestFreshStart(stack.deps, stack.mentoring.app.client, P[0] as string, { giverId: P[2] as string, kind: 'peer', programId: 1, replaces: old, via: 'quiet' });
      expect(JSON.stringify(asked)).not.toMatch(/at capacity|can't be asked/);
      const request = await rawSql(stack.database).get<{ id: number }>("select id from matches where status = 'requested'");
      expect(request).toBeDefined();
      const accepted = await acceptRequest(stack.deps, stack.mentoring.app.client, P[2] as string, request?.id as number);
      expect(JSON.stringify(accepted)).not.toContain('can no longer go ahead');
      expect(await rawSql(stack.database).get("select status from matches where id = ?", request?.id)).toEqual({ status: 'active' });
    });
  }
});
