import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { findJob } from '../../src/jobs/index.js';
import { runJob } from '../../src/jobs/runner.js';
import { createProgram, join, joinProgram, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Two programs side by side: matching, rounds, the hours guardrail, the
 * weekly digests and Home each stay inside their program, while a mentor's
 * capacity across both is guarded as one.
 */

const SALES_CHANNEL = { id: 'C0SALES001', name: 'sales-mentoring' } as const;
// A Monday, 09:00 UTC: the digests are due.
let now = new Date('2026-11-30T09:30:00Z');
let stack: LocalStack;
const user = (id: string) => stack.emulator.user(id);
const rows = (query: string, ...params: unknown[]) => rawSql(stack.database).all(query, ...params);
const lastDm = (id: string) => renderMessage(user(id).lastMessage() ?? {}).join('\n');
const MENTEE_PART = { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Close a big deal' }, goal1Measure: { goal1Measure: 'Signed' }, goal1Due: { goal1Due: '2027-06-01' } };

const joinSales = (id: string, part: Record<string, Record<string, string | string[]>>) => joinProgram(stack, id, 2, part);

beforeEach(async () => {
  now = new Date('2026-11-30T09:30:00Z');
  stack = await startLocalStack({ clock: () => now, channels: [{ ...SALES_CHANNEL, members: [CAST.emma.id] }] });
  // Aiko mentors one person at most, across everything.
  await join(stack, CAST.aiko.id, { ...MENTOR, level: '7', capacityMentees: '1', skillsOffered: ['negotiation', 'public-speaking'] });
  await join(stack, CAST.bruno.id, { ...MENTEE, level: '3', department: 'Sales', skillsWanted: ['negotiation'] });
  await join(stack, CAST.chloe.id, { ...MENTEE, level: '3', department: 'Design', skillsWanted: ['public-speaking'] });
  await createProgram(stack, CAST.grace.id, { name: 'Sales mentoring', coordinators: [CAST.emma.id], channel: SALES_CHANNEL.id, maxHours: '1' });
  await joinSales(CAST.aiko.id, { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '4' } });
  await joinSales(CAST.bruno.id, MENTEE_PART);
});
afterEach(() => stack.stop());

describe('matching in a program', () => {
  it('asks which program, suggests inside it, and the mentor’s one place across programs is then taken', async () => {
    await user(CAST.bruno.id).slash('/mentor match');
    await stack.settle();
    expect(lastDm(CAST.bruno.id)).toContain('You take part in several programs. Say which to look in: `/mentor match Mentoring`, `/mentor match Sales mentoring`');

    await user(CAST.bruno.id).slash('/mentor match Sales mentoring');
    await stack.settle();
    const cards = user(CAST.bruno.id).messages().find((m) => m.text.includes('suggested'));
    expect(renderMessage(cards ?? {}).join('\n')).toContain(`@${CAST.aiko.id}`);
    await user(CAST.bruno.id).click(`request:${CAST.aiko.id}`);
    await stack.settle();
    expect(await rows('select program_id, status from matches')).toEqual([{ program_id: 2, status: 'requested' }]);
    await user(CAST.aiko.id).click('request_accept');
    await stack.settle();
    expect(await rows('select program_id, status from matches')).toEqual([{ program_id: 2, status: 'active' }]);

    // Aiko's one place is used in Sales mentoring: the default program has no room for her now.
    await user(CAST.chloe.id).slash('/mentor match');
    await stack.settle();
    expect(JSON.stringify(user(CAST.chloe.id).messages())).not.toContain(`request:${CAST.aiko.id}`);
  });

  it('lets a mentee with a mentor in one program ask for one in another: the one-mentor rule holds per program', async () => {
    await rawSql(stack.database).run("insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (1, ?, ?, 'mentoring', 'active', 'round', ?, ?)", CAST.chloe.id, CAST.bruno.id, now.getTime(), now.getTime());
    await user(CAST.bruno.id).slash('/mentor match Sales mentoring');
    await stack.settle();
    await user(CAST.bruno.id).click(`request:${CAST.aiko.id}`);
    await stack.settle();
    expect(lastDm(CAST.bruno.id)).not.toContain('You already have an open request');
    expect(await rows('select program_id, mentor_id, status from matches order by id')).toEqual([
      { program_id: 1, mentor_id: CAST.chloe.id, status: 'active' },
      { program_id: 2, mentor_id: CAST.aiko.id, status: 'requested' },
    ]);
  });

  it('stops offering new sessions once a mentor has given the program its monthly hours', async () => {
    const matchId = Number((await rawSql(stack.database).run("insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (2, ?, ?, 'mentoring', 'active', 'round', ?, ?) returning id", CAST.aiko.id, CAST.bruno.id, now.getTime(), now.getTime())).lastId);
    const start = Date.parse('2026-11-20T10:00:00Z');
    await rawSql(stack.database).run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'held')", matchId, start, start + 30 * 60_000);
    await user(CAST.bruno.id).slash('/mentor schedule');
    await stack.settle();
    expect(lastDm(CAST.bruno.id)).toContain(`@${CAST.aiko.id} has given the 1 hours a month *Sales mentoring* asks of its mentors at most`);
    expect(await rows('select count(*) as n from session_proposals')).toEqual([{ n: 0 }]);
    // A new month, a new allowance.
    now = new Date('2026-12-01T10:00:00Z');
    await user(CAST.bruno.id).slash('/mentor schedule');
    await stack.settle();
    expect(await rows('select count(*) as n from session_proposals')).toEqual([{ n: 1 }]);
  });
});

describe('coordinating a program', () => {
  it('lets a program coordinator run that program’s round in its channel, and nobody else', async () => {
    await user(CAST.emma.id).slash('/mentor round');
    await stack.settle();
    const preview = renderMessage(stack.emulator.channelMessages(SALES_CHANNEL.id).at(-1) ?? {}).join('\n');
    expect(preview).toContain('1 pair');
    expect(await rows('select program_id, channel_id from match_rounds')).toEqual([{ program_id: 2, channel_id: SALES_CHANNEL.id }]);
    await user(CAST.emma.id).slash('/mentor round Mentoring');
    await stack.settle();
    expect(lastDm(CAST.emma.id)).toContain('You don\'t coordinate "Mentoring". Yours: `/mentor round Sales mentoring`');
    await user(CAST.chloe.id).slash('/mentor round');
    await stack.settle();
    expect(lastDm(CAST.chloe.id)).toContain('Only program coordinators can use `/mentor round`');
  });

  it('posts each program’s digest to its own channel and a roll-up for the admins', async () => {
    await runJob(findJob('weekly-digest') as NonNullable<ReturnType<typeof findJob>>, stack.deps, stack.mentoring.app.client, now);
    const sales = stack.emulator.channelMessages(SALES_CHANNEL.id).map((m) => m.text);
    expect(sales).toEqual([expect.stringContaining('Sales mentoring digest')]);
    const admins = stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).map((m) => m.text);
    expect(admins).toEqual([expect.stringContaining('Mentoring digest'), expect.stringContaining('All programs')]);
    const rollUp = renderMessage(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)[1] ?? {}).join("\n");
    expect(rollUp).toContain(`*Sales mentoring* (#${SALES_CHANNEL.id})`);
  });

  it('shows people their programs on Home, and coordinators theirs at a glance', async () => {
    await user(CAST.bruno.id).openHome();
    await stack.settle();
    const home = JSON.stringify(user(CAST.bruno.id).home()?.view);
    expect(home).toContain('*Your programs*');
    expect(home).toContain('*Sales mentoring*: taking part as mentee');
    await user(CAST.emma.id).openHome();
    await stack.settle();
    expect(JSON.stringify(user(CAST.emma.id).home()?.view)).toContain('*Programs you coordinate*\\n• *Sales mentoring*: 2 taking part · 0 open pairs');
  });
});
