import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { programForm, type ProgramInput, SAMPLE_PROGRAM } from '../../demo/forms.js';
import { LOCAL_BOT_TOKEN, type LocalStack, startLocalStack } from '../../demo/stack.js';
import { type FormInput, renderMessage } from '../../emulator/index.js';
import { openDatabase } from '../../src/db/client.js';
import type { Deps } from '../../src/deps.js';
import { runAutoRounds } from '../../src/jobs/autoRounds.js';
import { publishRound } from '../../src/services/rounds.js';
import { createProgram as createProgramAs, join, joinProgram as joinProgramAs, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Automatic rounds, driven as Slack and cron drive them: an admin creates a
 * program with weekly automatic rounds (Monday 10:00, Paris) through the
 * form, people join it from /mentor programs, and the job runs at injected
 * times. The preview appears once per occurrence, publishes itself after the
 * review window unless a coordinator cancels it, and stays at 10:00 local
 * when the clocks change.
 */

const ROUNDS_CHANNEL = { id: 'C0ROUNDS01', name: 'design-rounds' } as const;
const ADMIN = CAST.grace.id;
const MENTOR_ID = CAST.aiko.id;
const MENTEES = [CAST.bruno.id, CAST.chloe.id];
/** Admins type program names: this one must reach Slack inert. */
const NAME = 'Design & build <circle>';
/** Monday 23 March 2026, 10:00 in Paris (CET); the clocks go forward on the 29th. */
const MONDAY = '2026-03-23T09:00:00Z';
const TUESDAY = '2026-03-24T09:00:00Z';

let now = new Date('2026-03-20T10:00:00Z');
let stack: LocalStack;

beforeEach(async () => {
  now = new Date('2026-03-20T10:00:00Z');
  stack = await startLocalStack({ clock: () => now, channels: [{ ...ROUNDS_CHANNEL, members: [ADMIN] }] });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const sql = () => rawSql(stack.database);
const rows = (query: string, ...params: unknown[]) => sql().all<Record<string, unknown>>(query, ...params);
const channel = () => stack.emulator.channelMessages(ROUNDS_CHANNEL.id);
const shown = (i = 0) => renderMessage(channel()[i] ?? {}).join('\n');
const lastDm = (id: string) => user(id).lastMessage()?.text ?? '';

/** Runs the job as cron would at that instant (the app's clock agrees). */
async function tick(at: string, deps: Deps = stack.deps, client: WebClient = stack.mentoring.app.client) {
  now = new Date(at);
  return runAutoRounds(deps, client, now);
}

const createProgram = (answers: ProgramInput = {}) =>
  createProgramAs(stack, ADMIN, { name: NAME, matchingMode: 'automatic', roundDay: '1', roundTime: '10:00', reviewHours: '24', channel: ROUNDS_CHANNEL.id, timeZone: 'Europe/Paris', ...answers });
const joinProgram = (id: string, part: FormInput) => joinProgramAs(stack, id, 2, part);

/** One mentor with room for one, two mentees who want what she offers: one pair, one person told why they wait. */
async function cohort(answers: ProgramInput = {}) {
  await join(stack, MENTOR_ID, { ...MENTOR, level: '7', skillsOffered: ['system-design'] });
  for (const id of MENTEES) await join(stack, id, { ...MENTEE, level: '3', skillsWanted: ['system-design'] });
  await createProgram(answers);
  await joinProgram(MENTOR_ID, { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' } });
  for (const id of MENTEES) {
    await joinProgram(id, { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Design a service end to end' }, goal1Measure: { goal1Measure: 'It ships' }, goal1Due: { goal1Due: '2027-06-01' } });
  }
}

/** A second mentor with room joins after the first round, so the next occurrence has a pair to propose. */
async function secondMentor() {
  await join(stack, CAST.emma.id, { ...MENTOR, level: '7', skillsOffered: ['system-design'] });
  await joinProgram(CAST.emma.id, { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' } });
}

const rounds = () => rows('select id, program_id, created_by, status, created_at, publish_at, decided_by from match_rounds order by id');
const matches = () => rows("select mentor_id, mentee_id, status, source from matches where program_id = 2 and status = 'active'");

describe('automatic rounds', () => {
  it('preview once at the scheduled local time, however often and however many replicas run the job', async () => {
    await cohort();
    expect(await tick('2026-03-23T08:45:00Z')).toMatchObject({ previewed: 0 });
    expect(channel()).toHaveLength(0);

    // A double tick, and a second replica with its own connection and client at the same moment.
    const replica = await openDatabase(stack.config);
    try {
      const other = { ...stack.deps, db: replica.db };
      const otherClient = new WebClient(LOCAL_BOT_TOKEN, { slackApiUrl: stack.emulator.apiUrl });
      const results = await Promise.all([tick(MONDAY), tick(MONDAY, other, otherClient)]);
      expect(results.map((r) => r.previewed).sort()).toEqual([0, 1]);
    } finally {
      await replica.close();
    }
    expect(await tick(MONDAY)).toMatchObject({ previewed: 0 });
    expect(await tick('2026-03-23T09:15:00Z')).toMatchObject({ previewed: 0 });

    expect(await rounds()).toEqual([expect.objectContaining({ program_id: 2, created_by: 'schedule', status: 'preview', publish_at: Date.parse(TUESDAY) })]);
    expect(channel()).toHaveLength(1);
    const preview = shown();
    expect(preview).toContain('Matching round 1: preview');
    expect(preview).toContain('*1 pair* for 2 people looking');
    expect(preview).toContain('*It publishes itself 2026-03-24 09:00 UTC* unless a coordinator presses *Cancel*, which stops it; *Publish* sends it now.');
    expect(preview).toContain('[ Publish ] [ Cancel ]');
    // Each reader sees the time in their own zone, and the program's name is inert.
    const raw = JSON.stringify(channel()[0]?.blocks);
    expect(raw).toContain(`<!date^${Date.parse(TUESDAY) / 1000}^{date_long_pretty} at {time}|2026-03-24 09:00 UTC>`);
    expect(raw).toContain('Design &amp; build &lt;circle&gt;');
    expect(raw).not.toContain('<circle>');
    // The default program is not automatic: its channel hears nothing.
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)).toHaveLength(0);
  });

  it('publish themselves after the review window: intros sent, the unmatched told why', async () => {
    await cohort();
    await tick(MONDAY);
    expect(await tick('2026-03-24T08:45:00Z')).toMatchObject({ published: 0 });
    expect(await matches()).toEqual([]);

    expect(await tick(TUESDAY)).toMatchObject({ published: 1 });
    expect(await tick('2026-03-24T09:15:00Z')).toMatchObject({ published: 0 });
    expect(await rounds()).toEqual([expect.objectContaining({ status: 'published', decided_by: 'schedule' })]);
    expect(await matches()).toHaveLength(1);
    const [paired] = (await matches()) as { mentee_id: string }[];
    const waiting = MENTEES.find((id) => id !== paired?.mentee_id) as string;
    expect(stack.emulator.workspace.messages.filter((m) => m.text.includes(', meet <@'))).toHaveLength(1);
    expect(lastDm(waiting)).toContain("This matching round didn't find you a partner: your best matches went to others in this round");
    expect(shown()).toContain('Published automatically after the review window: 1 intro sent, 1 person told why they are waiting.');
    expect(shown()).not.toContain('[ Publish ]');
  });

  it('a coordinator’s Cancel stops it, and Publish now still publishes at once', async () => {
    await cohort();
    await tick(MONDAY);
    await user(ADMIN).click('round_cancel');
    await stack.settle();
    expect(shown()).toContain(`Cancelled by @${ADMIN}. Nothing was sent.`);
    expect(await tick(TUESDAY)).toMatchObject({ published: 0 });
    expect(await tick('2026-03-26T09:00:00Z')).toMatchObject({ published: 0, previewed: 0 });
    expect(await matches()).toEqual([]);
    expect(await rounds()).toEqual([expect.objectContaining({ status: 'cancelled', decided_by: ADMIN })]);
    for (const id of MENTEES) expect(lastDm(id)).not.toContain('matching round');

    // The next week's preview, published early by hand: the schedule then leaves it alone.
    await tick('2026-03-30T08:00:00Z');
    await user(ADMIN).click('round_publish');
    await stack.settle();
    expect(shown(1)).toContain(`Published by @${ADMIN}: 1 intro sent, 1 person told why they are waiting.`);
    expect(await tick('2026-03-31T08:00:00Z')).toMatchObject({ published: 0 });
    expect(await matches()).toHaveLength(1);
  });

  it('still runs at 10:00 local in the week the clocks change, and publishes 24 real hours later', async () => {
    await cohort();
    await tick(MONDAY);
    await tick(TUESDAY);
    await secondMentor();
    // After the change 10:00 in Paris is 08:00 UTC: not 09:00, not a minute before 08:00.
    expect(await tick('2026-03-30T07:45:00Z')).toMatchObject({ previewed: 0 });
    expect(await tick('2026-03-30T08:00:00Z')).toMatchObject({ previewed: 1 });
    expect((await rounds()).at(-1)).toEqual(expect.objectContaining({ created_by: 'schedule', status: 'preview', created_at: Date.parse('2026-03-30T08:00:00Z'), publish_at: Date.parse('2026-03-31T08:00:00Z') }));
    // The first mentor is full; the second pairs the mentee still waiting.
    expect(shown(1)).toContain('*1 pair* for 1 person looking');
    expect(await tick('2026-03-31T07:45:00Z')).toMatchObject({ published: 0 });
    expect(await tick('2026-03-31T08:00:00Z')).toMatchObject({ published: 1 });
    expect(shown(1)).toContain('Published automatically after the review window: 1 intro sent, 0 people told why they are waiting.');
  });

  it('publishes once when two replicas publish the same round at the same moment', async () => {
    await cohort();
    await tick(MONDAY);
    now = new Date(TUESDAY);
    const replica = await openDatabase(stack.config);
    try {
      const other = { ...stack.deps, db: replica.db };
      const otherClient = new WebClient(LOCAL_BOT_TOKEN, { slackApiUrl: stack.emulator.apiUrl });
      const [a, b] = await Promise.all([publishRound(stack.deps, stack.mentoring.app.client, 1, 'schedule', now), publishRound(other, otherClient, 1, 'schedule', now)]);
      expect([a, b].filter(Boolean)).toEqual([{ introduced: 1, skipped: 0, waiting: 1 }]);
      // And the job on both replicas afterwards finds nothing left to do.
      const jobs = await Promise.all([tick(TUESDAY), tick(TUESDAY, other, otherClient)]);
      expect(jobs.map((j) => j.published)).toEqual([0, 0]);
    } finally {
      await replica.close();
    }
    expect(await matches()).toHaveLength(1);
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'match:%:intro'")).toEqual([{ n: 1 }]);
    expect(await rows("select count(*) as n from outbox where idempotency_key like 'round:1:waiting:%'")).toEqual([{ n: 1 }]);
    expect(stack.emulator.workspace.messages.filter((m) => m.text.includes(', meet <@'))).toHaveLength(1);
  });

  it('makes no rounds while paused, and an edited schedule applies from the next occurrence', async () => {
    const name = 'Weekly design';
    await cohort({ name });
    await user(ADMIN).slash(`/mentor program pause ${name}`);
    await stack.settle();
    expect(await tick(MONDAY)).toMatchObject({ previewed: 0 });
    await user(ADMIN).slash(`/mentor program resume ${name}`);
    await stack.settle();
    // Resumed within the catch-up window: this week's round runs late, with what is left of its window.
    expect(await tick('2026-03-23T10:00:00Z')).toMatchObject({ previewed: 1 });
    expect(await rounds()).toEqual([expect.objectContaining({ publish_at: Date.parse(TUESDAY) })]);

    // Moved to Wednesday 15:00 with two days to review: the open preview keeps its time.
    await user(ADMIN).slash(`/mentor program edit ${name}`);
    await stack.settle();
    const edited = await user(ADMIN).submit(
      programForm({ ...SAMPLE_PROGRAM, name, matchingMode: 'automatic', roundDay: '3', roundTime: '15:00', reviewHours: '48', channel: ROUNDS_CHANNEL.id, timeZone: 'Europe/Paris' }),
    );
    await stack.settle();
    expect(edited.errors).toBeUndefined();
    expect(await tick(TUESDAY)).toMatchObject({ published: 1, previewed: 0 });
    await secondMentor();
    expect(await tick('2026-03-25T13:45:00Z')).toMatchObject({ previewed: 0 });
    expect(await tick('2026-03-25T14:00:00Z')).toMatchObject({ previewed: 1 });
    expect((await rounds()).at(-1)).toEqual(expect.objectContaining({ status: 'preview', publish_at: Date.parse('2026-03-27T14:00:00Z') }));
  });

  it('posts a preview whose answer was lost once, and never publishes one nobody could see', async () => {
    await cohort();
    // The post reaches Slack, the answer is lost: the next run finds it by its metadata instead of posting again.
    stack.emulator.injectFault('chat.postMessage', { status: 503, afterCommit: true });
    await tick(MONDAY);
    expect(channel()).toHaveLength(1);
    expect(await rows('select message_ts from match_rounds')).toEqual([{ message_ts: null }]);
    await tick('2026-03-23T09:15:00Z');
    expect(channel()).toHaveLength(1);
    expect(await rows('select message_ts from match_rounds')).toEqual([{ message_ts: channel()[0]?.ts }]);
    expect(await tick(TUESDAY)).toMatchObject({ published: 1 });
    expect(shown()).toContain('Published automatically after the review window');
    await secondMentor();

    // Next week Slack refuses the preview until its window has passed: it is withdrawn, nothing is sent.
    const isPreview = (args: Record<string, unknown>) => String(args.text).startsWith('Matching round');
    stack.emulator.setFaultPolicy('chat.postMessage', (call) => (isPreview(call.args) ? { status: 503 } : undefined));
    const dmsBefore = stack.emulator.workspace.messages.length;
    await tick('2026-03-30T08:00:00Z');
    await tick('2026-03-30T12:00:00Z');
    expect(await tick('2026-03-31T08:00:00Z')).toMatchObject({ published: 0, withdrawn: 1 });
    stack.emulator.setFaultPolicy('chat.postMessage', undefined);
    expect(await tick('2026-03-31T08:15:00Z')).toMatchObject({ previewed: 0, published: 0 });
    expect((await rounds()).at(-1)).toEqual(expect.objectContaining({ status: 'cancelled', decided_by: 'schedule' }));
    expect(stack.emulator.workspace.messages.length).toBe(dmsBefore);
  });

  it('says in one line when nobody is waiting, once per occurrence', async () => {
    await createProgram();
    await tick(MONDAY);
    await tick('2026-03-23T09:15:00Z');
    expect(await rounds()).toEqual([]);
    expect(channel().map((m) => renderMessage(m).join('\n'))).toEqual([
      'Automatic matching round for *Design &amp; build &lt;circle&gt;*: nobody is waiting for a partner, so there is nothing to review or publish. The next one runs 2026-03-30 08:00 UTC.',
    ]);
    await tick('2026-03-30T08:00:00Z');
    expect(channel()).toHaveLength(2);
  });

  it('when nobody can be paired, lists who waits in one note and tells nobody the same reason again', async () => {
    // Mentees only: nobody in the program offers what they want.
    for (const id of MENTEES) await join(stack, id, { ...MENTEE, level: '3', skillsWanted: ['system-design'] });
    await createProgram();
    for (const id of MENTEES) {
      await joinProgram(id, { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Design a service end to end' }, goal1Measure: { goal1Measure: 'It ships' }, goal1Due: { goal1Due: '2027-06-01' } });
    }
    const dmsBefore = MENTEES.map((id) => user(id).messages().length);
    expect(await tick(MONDAY)).toMatchObject({ previewed: 0, nobodyWaiting: 1 });
    await tick('2026-03-23T09:15:00Z');
    expect(await rounds()).toEqual([]);
    expect(channel()).toHaveLength(1);
    const note = shown();
    expect(note).toContain('nobody could be paired this time, so there is nothing to review or publish. 2 people are waiting.');
    for (const id of MENTEES) expect(note).toContain(`@${id}: nobody offers this kind of mentoring yet`);
    expect(MENTEES.map((id) => user(id).messages().length)).toEqual(dmsBefore);
    // Next week's occurrence says it again, once.
    await tick('2026-03-30T08:00:00Z');
    await tick('2026-03-30T08:15:00Z');
    expect(channel()).toHaveLength(2);
  });

  it('skips a program without a channel, with one warning per occurrence', async () => {
    await join(stack, MENTOR_ID, { ...MENTOR, level: '7', skillsOffered: ['system-design'] });
    await createProgram({ channel: undefined });
    const warn = vi.spyOn(stack.deps.logger, 'warn');
    const noChannelWarnings = () => warn.mock.calls.filter((c) => String(c[0]).includes('no channel')).length;
    expect(await tick(MONDAY)).toMatchObject({ previewed: 0, skipped: 1 });
    await tick('2026-03-23T09:15:00Z');
    await tick('2026-03-23T11:00:00Z');
    expect(noChannelWarnings()).toBe(1);
    await tick('2026-03-30T08:00:00Z');
    expect(noChannelWarnings()).toBe(2);
    expect(await rounds()).toEqual([]);
  });
});
