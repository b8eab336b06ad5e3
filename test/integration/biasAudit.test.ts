import { WebClient } from '@slack/web-api';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { LOCAL_BOT_TOKEN, type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage, type StoredMessage } from '../../emulator/index.js';
import { openDatabase } from '../../src/db/client.js';
import { runBiasAudits } from '../../src/jobs/biasAudit.js';
import { runJob } from '../../src/jobs/runner.js';
import { createProgram, join, joinProgram, MENTEE, MENTOR, submitProgram } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';
import { DAY, job } from '../support/virtualTime.js';

/*
 * Issue 13, fairness by design: a program that asks for self-described
 * demographics (set in the program form), members who answer them in their
 * own modal under a consent of its own and take them back, a round and
 * requests through Slack, and the bias audit: on demand for coordinators
 * only, and quarterly at 00:00 on the quarter's first day in the program's
 * zone, once however many replicas tick, with its CSV, every figure on too
 * few people said as "fewer than N" and nobody's words shown below it.
 */

const AUDIT_CHANNEL = { id: 'C0AUDIT001', name: 'fair-cohort' } as const;
const ADMIN = CAST.grace.id;
const PROGRAM = 'Fair cohort';
const MENTORS = ['U0FMENTOR1', 'U0FMENTOR2'];
/** Three in Sales, two in Design, one in Legal: with a minimum group of 2, Legal's figures are never shown. */
const SALES = ['U0FSALES01', 'U0FSALES02', 'U0FSALES03'];
const DESIGN = ['U0FDESIGN1', 'U0FDESIGN2'];
const LEGAL = 'U0FLEGAL01';
const MENTEES = [...SALES, ...DESIGN, LEGAL];
/** Words two people use for themselves that a spreadsheet would run and Slack would ping. */
const HOSTILE = '=HYPERLINK("http://x") <!channel>';
/** Words only one person uses: never shown anywhere, not even as a group's name. */
const SINGULAR = 'Quokka-identified';

let now = new Date('2026-12-01T09:00:00Z');
let stack: LocalStack;

async function start(): Promise<void> {
  now = new Date('2026-12-01T09:00:00Z');
  stack = await startLocalStack({
    clock: () => now,
    env: { FAIRNESS_MIN_GROUP_SIZE: '2', RATING_MIN_RATERS: '2' },
    channels: [{ ...AUDIT_CHANNEL, members: [ADMIN] }],
    users: [...MENTORS, ...MENTEES].map((id, i) => ({ id, name: `f${i}`, realName: `Fair ${i}`, tz: 'Asia/Kolkata' })),
  });
}

const user = (id: string) => stack.emulator.user(id);
const sql = () => rawSql(stack.database);
const settle = () => stack.settle();
/** The audit's posts in the program's channel (the round's preview is there too). */
const auditPosts = () => stack.emulator.channelMessages(AUDIT_CHANNEL.id).filter((m) => m.text.startsWith('Bias audit') || (m.files ?? []).some((f) => f.name.startsWith('bias-audit')));
const text = (m: StoredMessage | undefined) => renderMessage(m ?? {}).join('\n');
const files = (messages: StoredMessage[]) => messages.flatMap((m) => m.files ?? []);

/** The program, with demographics asked, through the form; the people join it, mentors with room for two. */
async function cohort(mentees: readonly string[] = MENTEES, mentors: readonly string[] = MENTORS): Promise<void> {
  await createProgram(stack, ADMIN, { name: PROGRAM, channel: AUDIT_CHANNEL.id, timeZone: 'Asia/Kolkata', fairnessTarget: '10 points', demographics: ['gender_identity', 'disability', 'in_own_words'] });
  for (const id of mentors) {
    await join(stack, id, { ...MENTOR, timeZone: 'Asia/Kolkata', department: 'Engineering', level: '7', skillsOffered: ['system-design'], capacityMentees: '2' });
    await joinProgram(stack, id, 2, { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '2' }, capacityHoursPerMonth: { capacityHoursPerMonth: '4' } });
  }
  const departments: Record<string, string> = Object.fromEntries([...SALES.map((id) => [id, 'Sales']), ...DESIGN.map((id) => [id, 'Design']), [LEGAL, 'Legal']]);
  for (const id of mentees) {
    await join(stack, id, { ...MENTEE, timeZone: 'Asia/Kolkata', department: departments[id], level: '3', skillsWanted: ['system-design'] });
    await joinProgram(stack, id, 2, { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Design a service end to end' }, goal1Measure: { goal1Measure: 'It ships' }, goal1Due: { goal1Due: '2027-06-01' } });
  }
}

/** `/mentor about-me` and the form, as the person fills it in. */
async function describe_(id: string, answers: { gender?: string; disability?: string; own?: string; consent?: boolean; remove?: boolean }) {
  await user(id).slash('/mentor about-me');
  await settle();
  const result = await user(id).submit({
    ...(answers.gender !== undefined ? { gender_identity: { gender_identity: answers.gender } } : {}),
    ...(answers.disability !== undefined ? { disability: { disability: answers.disability } } : {}),
    ...(answers.own !== undefined ? { in_own_words: { in_own_words: answers.own } } : {}),
    ...(answers.consent ? { consent: { consent: ['yes'] } } : {}),
    ...(answers.remove ? { remove: { remove: ['remove'] } } : {}),
  });
  await settle();
  return result;
}

describe('self-described demographics', () => {
  beforeEach(start);
  afterEach(() => stack.stop());

  it('are asked only where a program asks, need their own consent, and can be taken back', async () => {
    await cohort(SALES.slice(0, 1), []);
    // The program form stored the setting; a bad target is refused on its field.
    expect(await sql().get('select fairness_target, demographics from programs where id = 2')).toEqual({ fairness_target: 10, demographics: '["gender_identity","disability","in_own_words"]' });
    for (const bad of ['0', '51', 'ten']) {
      const refused = await submitProgram(stack, ADMIN, { name: `Other ${bad}`, fairnessTarget: bad });
      expect(refused.errors).toEqual({ fairnessTarget: 'The fairness target is in points below the overall match rate: a whole number from 1 to 50, or empty for none.' });
    }

    // Someone only in the default program (which asks nothing) is told so, and gets no form.
    await join(stack, CAST.aiko.id, { ...MENTEE, skillsWanted: ['system-design'] });
    await user(CAST.aiko.id).slash('/mentor about-me');
    await settle();
    expect(user(CAST.aiko.id).lastMessage()?.text).toBe('None of your programs asks these questions, so there is nothing to fill in.');
    expect(user(CAST.aiko.id).modal()).toBeUndefined();

    // Answers without the consent box are refused on it, and nothing is stored.
    const [first] = SALES as [string];
    const refused = await describe_(first, { gender: 'Woman', disability: 'yes' });
    expect(refused.errors).toEqual({ consent: 'Tick the box to agree before we keep any answer: they are used only in anonymous totals.' });
    expect(await sql().get('select count(*) as n from self_descriptions')).toEqual({ n: 0 });

    // With it, saved; the reply quotes nothing back.
    expect((await describe_(first, { gender: '  Woman ', disability: 'yes', own: HOSTILE, consent: true })).errors).toBeUndefined();
    expect(await sql().get('select gender_identity, disability, in_own_words from self_descriptions where person_id = ?', first)).toEqual({ gender_identity: 'Woman', disability: 'yes', in_own_words: HOSTILE });
    expect(user(first).lastMessage()?.text).toContain('Thank you: your answers are saved.');
    expect(user(first).lastMessage()?.text).not.toContain('Woman');
    // The form opens again pre-filled, with a way to take it all back.
    await user(first).slash('/mentor about-me');
    await settle();
    const blocks = user(first).modal()?.view.blocks as { block_id?: string; element?: { initial_value?: string; initial_option?: { value: string } } }[];
    expect(blocks.find((b) => b.block_id === 'gender_identity')?.element?.initial_value).toBe('Woman');
    expect(blocks.find((b) => b.block_id === 'disability')?.element?.initial_option?.value).toBe('yes');
    expect(blocks.some((b) => b.block_id === 'remove')).toBe(true);
    // "Remove all my answers" removes the row; so does the command.
    await user(first).submit({ remove: { remove: ['remove'] } });
    await settle();
    expect(await sql().get('select count(*) as n from self_descriptions')).toEqual({ n: 0 });
    expect(user(first).lastMessage()?.text).toBe('Your answers are deleted and no audit from now on counts them. Like everyone, you are still counted by department, level and location; audits already sent stay as they were.');
    await describe_(first, { gender: 'woman', consent: true });
    await user(first).slash('/mentor about-me remove');
    await settle();
    expect(user(first).lastMessage()?.text).toBe('Your answers are deleted and no audit from now on counts them. Like everyone, you are still counted by department, level and location; audits already sent stay as they were.');
    expect(await sql().get('select count(*) as n from self_descriptions')).toEqual({ n: 0 });
  });
});

describe('the bias audit', () => {
  /** A history: answers, a published round (four of the six paired), and the two it left waiting asking a mentor who declines. */
  async function history(): Promise<void> {
    await start();
    await cohort();
    for (const [i, id] of [...SALES.slice(0, 2), DESIGN[0] as string].entries()) await describe_(id, { gender: i === 0 ? 'Woman ' : 'woman', disability: 'no', consent: true });
    for (const id of [SALES[2] as string, DESIGN[1] as string]) await describe_(id, { gender: 'Man', own: HOSTILE, consent: true });
    await describe_(LEGAL, { gender: SINGULAR, consent: true });
    await user(ADMIN).slash(`/mentor round ${PROGRAM}`);
    await settle();
    await user(ADMIN).click('round_publish');
    await settle();
    // Whoever the round left waiting asks a mentor directly in the program, who declines.
    const waiting = (await sql().all<{ id: string }>("select id from people where id in (" + MENTEES.map(() => '?').join(',') + ") and id not in (select mentee_id from matches where program_id = 2)", ...MENTEES)).map((r) => r.id);
    expect(waiting).toHaveLength(2);
    for (const id of waiting) await sql().run("insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, decided_at) values (2, ?, ?, 'mentoring', 'declined', 'self_serve', ?, ?)", MENTORS[0], id, now.getTime(), now.getTime());
  }

  beforeAll(history, 20_000);
  afterAll(() => stack?.stop());

  it('is for coordinators only, on demand, with the CSV in their DM', async () => {
    await user(SALES[0] as string).slash(`/mentor audit ${PROGRAM}`);
    await settle();
    expect(user(SALES[0] as string).lastMessage()?.text).toBe(`Only program coordinators can use \`/mentor audit [program]\`. The coordinators are <@${ADMIN}>; ask them if you would like to help run the program.`);

    // Asked now, it counts nothing: everything happened this quarter, and the audit stands at the quarter's start.
    await user(ADMIN).slash(`/mentor audit ${PROGRAM}`);
    await settle();
    expect(text(user(ADMIN).messages().filter((m) => m.visibleTo === ADMIN).at(-1))).toContain('nobody');
    // Early next quarter it counts the whole history up to the 1st, and answering again later that quarter shows the same.
    now = new Date('2027-01-04T09:00:00Z');
    await user(ADMIN).slash(`/mentor audit ${PROGRAM}`);
    await settle();
    const answer = user(ADMIN).messages().filter((m) => m.visibleTo === ADMIN).at(-1);
    const shown = text(answer);
    expect(shown).toContain('Bias audit, at the start of this quarter');
    expect(shown).toContain('Rounds keep each department, level and location within 10 points of the overall match rate where the pool allows.');
    expect(shown).toContain('*By department*');
    expect(shown).toMatch(/• Legal: fewer than 2 people · matched fewer than 2/);
    expect(shown).toMatch(/• Design: number withheld · matched withheld/);
    expect(shown).toContain('*By gender identity*');
    // "woman" (twice) and "Woman" are one group, named as most wrote it.
    expect(shown).toContain('• woman: 3 people');
    expect(shown).toContain('1 other answer, each given by fewer than 2 people, not named');
    expect(shown).not.toContain(SINGULAR);
    // People's words reach Slack inert.
    expect(JSON.stringify(answer?.blocks)).toContain('=HYPERLINK(\\"http://x\\") &lt;!channel&gt;');
    expect(JSON.stringify(answer?.blocks)).not.toContain('<!channel>');

    // Someone changes their answer the next day: asked again, the audit is the same, so nobody learns what they wrote.
    now = new Date('2027-01-05T09:00:00Z');
    await describe_(LEGAL, { gender: 'woman', consent: true });
    await user(ADMIN).slash(`/mentor audit ${PROGRAM}`);
    await settle();
    expect(text(user(ADMIN).messages().filter((m) => m.visibleTo === ADMIN).at(-1))).toBe(shown);

    const csv = files(user(ADMIN).messages()).find((f) => f.name.startsWith('bias-audit-2-'));
    const content = csv?.content.toString('utf8') ?? '';
    expect(content.split('\n')[0]).toBe('dimension,group,people,match_rate,acceptance_rate,decline_rate,stall_rate,average_rating');
    expect(content).toContain('department,Legal,fewer than 2,fewer than 2,');
    // Design is two people, but shown it would give Legal away by subtraction from the total.
    expect(content).toContain('department,Design,withheld,withheld,');
    expect(content).toContain(`self-description,"'=HYPERLINK(""http://x"") <!channel>",2,`);
    expect(content).not.toContain(SINGULAR);
  });

  it('posts each quarter at 00:00 in the program’s zone, once across replicas, with its CSV', async () => {
    // 00:00 on 1 January in Kolkata is 18:30 UTC on 31 December; not a tick before.
    now = new Date('2026-12-31T18:15:00Z');
    expect(await runBiasAudits(stack.deps, stack.mentoring.app.client, now)).toMatchObject({ posted: 0 });
    expect(auditPosts()).toHaveLength(0);

    now = new Date('2026-12-31T18:30:00Z');
    const replica = await openDatabase(stack.config);
    try {
      const other = { ...stack.deps, db: replica.db };
      const otherClient = new WebClient(LOCAL_BOT_TOKEN, { slackApiUrl: stack.emulator.apiUrl });
      const results = await Promise.all([runBiasAudits(stack.deps, stack.mentoring.app.client, now), runBiasAudits(other, otherClient, now)]);
      expect(results.map((r) => r.posted).sort()).toEqual([0, 1]);
    } finally {
      await replica.close();
    }
    await runJob(job('bias-audit'), stack.deps, stack.mentoring.app.client, new Date('2027-01-02T10:00:00Z'));
    await settle();
    const posted = auditPosts();
    expect(posted.map((m) => (m.files?.length ? 'csv' : m.text.split(':')[0]))).toEqual(['Bias audit, Q4 2026', 'csv']);
    expect(text(posted[0])).toContain('*Overall*: 6 people · matched 67% · accepted 0% · declined 100%');
    expect(files(posted)[0]?.name).toBe('bias-audit-2-q4-2026.csv');

    // The default program's zone is UTC: its line comes at midnight there, and says there is nothing to count.
    await runJob(job('bias-audit'), stack.deps, stack.mentoring.app.client, new Date('2027-01-01T00:00:00Z'));
    await settle();
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).map((m) => m.text)).toEqual(['Bias audit, Q4 2026 for *Mentoring*: nobody has looked for a partner in it yet, so there is nothing to count.']);
    // Two weeks on, a bot that was down does not post an old quarter; the next one comes in April.
    expect(await runBiasAudits(stack.deps, stack.mentoring.app.client, new Date(Date.parse('2026-12-31T18:30:00Z') + 15 * DAY))).toMatchObject({ posted: 0, done: 0 });
    expect(await runBiasAudits(stack.deps, stack.mentoring.app.client, new Date('2027-03-31T18:30:00Z'))).toMatchObject({ posted: 1 });
  });
});

describe('the bias audit of a new program', () => {
  beforeEach(start);
  afterEach(() => stack.stop());

  it('says nothing of a quarter before a program had anyone in it: a program opened in January gets no "Q4: nothing to count"', async () => {
    await join(stack, CAST.chloe.id, { ...MENTEE });
    now = new Date('2027-01-04T09:00:00Z');
    await createProgram(stack, ADMIN, { name: 'New in January', channel: AUDIT_CHANNEL.id, timeZone: 'UTC' });
    await joinProgram(stack, CAST.chloe.id, 2, { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Design a service end to end' }, goal1Measure: { goal1Measure: 'It ships' }, goal1Due: { goal1Due: '2027-06-01' } });
    now = new Date('2027-01-05T09:00:00Z');
    await runBiasAudits(stack.deps, stack.mentoring.app.client, now);
    await settle();
    expect(auditPosts()).toEqual([]);
    // The default program had members in Q4, so its coordinators still hear that there was nothing to count.
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).map((m) => m.text)).toEqual(['Bias audit, Q4 2026 for *Mentoring*: nobody has looked for a partner in it yet, so there is nothing to count.']);
  });
});
