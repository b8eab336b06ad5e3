import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { paddedTaxonomy } from '../support/bigTaxonomy.js';
import { programForm, SAMPLE_PROGRAM } from '../../demo/forms.js';
import { createProgram, join, joinProgram } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * A taxonomy with more clusters than a Slack menu holds: the program form's
 * tracks and the circle form's topic are external selects, Slack asks the
 * app for the clusters matching what was typed (block_suggestion), and what
 * was picked is saved. The shipped clusters stay, so people join as usual
 * before the taxonomy grows.
 */

const CHANNEL = { id: 'C0CIRCLES1', name: 'circle-coordinators' } as const;
const ADMIN = CAST.grace.id;
const ATLANTIC = [
  { id: CAST.emma.id, tz: 'America/New_York', department: 'Sales' },
  { id: CAST.bruno.id, tz: 'America/Sao_Paulo', department: 'Platform' },
  { id: CAST.aiko.id, tz: 'Europe/London', department: 'Finance' },
];
const PEER_PART = { roles: { roles: ['peer'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' }, goal1Aim: { goal1Aim: 'Get better at code review' }, goal1Measure: { goal1Measure: 'My reviews are quicker' }, goal1Due: { goal1Due: '2027-06-01' } };
const now = new Date('2026-12-01T10:00:00Z');
let stack: LocalStack;

beforeEach(async () => {
  stack = await startLocalStack({ clock: () => now, channels: [{ ...CHANNEL, members: [ADMIN] }] });
});
afterEach(() => stack.stop());

const admin = () => stack.emulator.user(ADMIN);
const rows = (query: string) => rawSql(stack.database).all(query);
const field = (id: string) => (admin().modal()?.view.blocks as { block_id?: string; element?: Record<string, any> }[]).find((b) => b.block_id === id)?.element;
/** The taxonomy grows past a menu; the loader stops at 100 clusters today, so the running app is given it directly. */
const grow = () => {
  stack.deps.taxonomy = paddedTaxonomy(150, stack.deps.taxonomy);
};

describe('cluster pickers past a menu', () => {
  it('serves the tracks matching what was typed, saves a picked one past the 100th, and shows it when editing', async () => {
    grow();
    await admin().slash('/mentor program new');
    await stack.settle();
    expect(field('tracks')).toMatchObject({ type: 'multi_external_select', min_query_length: 1 });
    expect(JSON.stringify(admin().modal()?.view).length).toBeLessThan(20_000);
    const served = await admin().suggest('tracks', 'cluster 13');
    expect(served.map((o) => o.value)).toEqual(['cl-13', 'cl-113', ...Array.from({ length: 10 }, (_, i) => `cl-${130 + i}`)]);
    expect(served[0]?.text).toEqual({ type: 'plain_text', text: 'Cluster 13' });
    expect((await admin().suggest('tracks', 'c')).length).toBe(100);
    await admin().suggest('tracks', '133');
    const result = await admin().submit(programForm({ ...SAMPLE_PROGRAM, name: 'Wide tracks', tracks: ['cl-133', 'cl-13'] }));
    await stack.settle();
    expect(result.errors).toBeUndefined();
    const [saved] = await rawSql(stack.database).all<{ tracks: string }>("select tracks from programs where name = 'Wide tracks'");
    expect(JSON.parse(saved?.tracks ?? '[]').sort()).toEqual(['cl-13', 'cl-133']);

    await admin().slash('/mentor program edit Wide tracks');
    await stack.settle();
    expect(field('tracks')?.initial_options?.map((o: { value: string }) => o.value)).toEqual(['cl-13', 'cl-133']);
  });

  it('serves a circle’s topics from its program, and opens the circle on one past the 100th', async () => {
    for (const p of ATLANTIC) await join(stack, p.id, { roles: ['peer'], skillsOffered: ['typescript'], skillsWanted: ['system-design'], timeZone: p.tz, department: p.department, level: '4', format: 'group', capacityMentees: '1', capacityHoursPerMonth: '2' });
    grow();
    await createProgram(stack, ADMIN, { name: 'Wide circles', modes: ['peer'], channel: CHANNEL.id, timeZone: 'Europe/London', circles: 'peer', circleSizeMin: '3', circleSizeMax: '3', circleCadence: 'weekly', circleMinutes: '60' });
    for (const p of ATLANTIC) await joinProgram(stack, p.id, 2, PEER_PART);
    await admin().slash('/mentor circle new Wide circles');
    await stack.settle();
    expect(field('topic')).toMatchObject({ type: 'external_select', min_query_length: 1 });
    expect((await admin().suggest('topic', 'cluster 142')).map((o) => o.value)).toEqual(['cl-142']);
    const form = { topic: 'cl-142', members: ATLANTIC.map((p) => p.id), weekday: '2', time: '15:00', channelName: 'wide-circle' };
    const result = await admin().submit(Object.fromEntries(Object.entries(form).map(([k, v]) => [k, { [k]: v }])));
    await stack.settle();
    expect(result.errors).toBeUndefined();
    expect(await rows('select topic, channel_name from circles')).toEqual([{ topic: 'cl-142', channel_name: 'wide-circle' }]);
  });
});
