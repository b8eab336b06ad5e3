import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { join } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A peer partnership is mutual: it takes a place of each peer, in the round
 * that makes it and in every round after. Reproduced on main: five peers of
 * one place each were chained A–B, B–C, C–D, D–E in one round; in the next,
 * a peer who had given in a pair was listed as waiting and told so.
 */

let now = new Date('2026-11-30T09:00:00Z');
let stack: LocalStack;
const PEERS = ['U0PEER0001', 'U0PEER0002', 'U0PEER0003', 'U0PEER0004', 'U0PEER0005'];

beforeEach(async () => {
  now = new Date('2026-11-30T09:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  for (const [i, id] of PEERS.entries()) stack.emulator.addUser({ id, name: `peer${i}`, realName: `Peer ${i}`, tz: 'Europe/Paris' });
  for (const [i, id] of PEERS.entries()) {
    await join(stack, id, { roles: ['peer'], timeZone: 'Europe/Paris', department: `Dept ${i}`, level: '4', capacityMentees: '1', skillsOffered: ['system-design', 'typescript'], skillsWanted: ['system-design', 'typescript'] });
  }
});
afterEach(() => stack.stop());

const grace = () => stack.emulator.user('U0GRACE001');
const rows = (query: string) => rawSql(stack.database).all(query);
const latestPreview = () => renderMessage(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).at(-1) ?? {}).join('\n');
const activePeerPairs = () => rows("select mentor_id, mentee_id from matches where kind = 'peer' and status = 'active'");

describe('a round of peers', () => {
  it('gives each peer one partner for one place, counts both peers as placed, and leaves them out of the next round', async () => {
    await grace().slash('/mentor round');
    await stack.settle();
    expect(latestPreview()).toContain('*2 pairs* for 5 people looking (80%)');
    await grace().click('round_publish');
    await stack.settle();
    const pairs = await activePeerPairs();
    const partnersOf = (id: string) => pairs.filter((m) => m.mentor_id === id || m.mentee_id === id).length;
    for (const id of PEERS) expect(partnersOf(id), id).toBeLessThanOrEqual(1);
    const paired = PEERS.filter((id) => partnersOf(id) === 1);
    expect(paired).toHaveLength(4);
    const [alone] = PEERS.filter((id) => partnersOf(id) === 0);
    // Only the one without a partner is told they wait.
    const waitingNotes = (id: string) => stack.emulator.user(id).messages().filter((m) => m.text.startsWith('This matching round')).length;
    for (const id of paired) expect(waitingNotes(id), id).toBe(0);
    expect(waitingNotes(alone as string)).toBeGreaterThan(0);

    // A week on, the next round: the four with partners are not looking, so nobody is listed for them and nobody gets a second partner.
    now = new Date('2026-12-07T09:00:00Z');
    await grace().slash('/mentor round');
    await stack.settle();
    const next = latestPreview();
    for (const id of paired) expect(next, id).not.toContain(`<@${id}>`);
    expect(next).toContain('*0 pairs* for 1 person looking');
  });
});
