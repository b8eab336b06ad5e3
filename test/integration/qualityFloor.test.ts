import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { intakeForm, programForm, SAMPLE_INTAKE, SAMPLE_PROGRAM } from '../../demo/forms.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { createProgram, join, joinProgram, MENTEE, MENTOR, submitProgram } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * The quality floor, end to end: a pair needs common ground (a wanted skill
 * offered, or one in its area, or a skill a goal names), in rounds and in
 * `/mentor match`; whoever is left below it is told which skill nobody
 * offers, and told again, once, when someone starts offering it. A program
 * may also set a minimum fit.
 */

// 08:00 UTC on a Monday: inside working hours in Tokyo (17:00) and Paris (09:00).
let now = new Date('2026-11-30T08:00:00Z');
let stack: LocalStack;
const SPEAKING_CHANNEL = { id: 'C0SPEAK001', name: 'speaking-club' } as const;
const user = (id: string) => stack.emulator.user(id);
const aiko = () => user(CAST.aiko.id);
const grace = () => user(CAST.grace.id);
const sql = () => rawSql(stack.database);
const rendered = (m: Parameters<typeof renderMessage>[0] | undefined) => renderMessage(m ?? {}).join('\n');
const channel = (id: string) => stack.emulator.channelMessages(id).map((m) => rendered(m));

/** Aiko wants Public speaking, and her goal names no skill: only Public speaking (or its area) gives her common ground. */
const AIKO = { ...MENTEE, timeZone: 'Asia/Tokyo', department: 'Product', level: '3', skillsWanted: ['public-speaking'], goal1Aim: 'Give a talk at the all-hands', goal1Measure: 'The audience asks questions' };
/** Chloé offers it. */
const CHLOE = { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6', skillsOffered: ['public-speaking', 'system-design'], capacityMentees: '2' };

beforeEach(async () => {
  now = new Date('2026-11-30T08:00:00Z');
  stack = await startLocalStack({ clock: () => now, channels: [{ ...SPEAKING_CHANNEL, members: [CAST.grace.id] }] });
  await join(stack, CAST.aiko.id, AIKO);
  // Bruno shares hours enough and is senior, another department: a pair that scores, with nothing to learn in it.
  await join(stack, CAST.bruno.id, { ...MENTOR, timeZone: 'America/Sao_Paulo', department: 'Platform', level: '7', skillsOffered: ['typescript', 'cloud-infrastructure'], capacityMentees: '2' });
});
afterEach(() => stack.stop());

describe('the quality floor', () => {
  it('leaves a mentee with no common ground out of the round, and the DM names the skill', async () => {
    await grace().slash('/mentor round');
    await stack.settle();
    const preview = channel(COORDINATOR_CHANNEL.id)[0] ?? '';
    expect(preview).toContain('*0 pairs* for 1 person looking');
    expect(preview).toContain(`@${CAST.aiko.id}: nobody offers Public speaking yet`);
    expect(preview).not.toContain(`← @${CAST.bruno.id}`);
    await grace().click('round_publish');
    await stack.settle();
    expect(await sql().get('select count(*) as n from matches')).toEqual({ n: 0 });
    expect(aiko().lastMessage()?.text).toBe(
      "This matching round didn't find you a partner: nobody offers Public speaking yet; we'll tell you when someone does. You stay in the pool with nothing to do. `/mentor match` shows who could fit you right now.",
    );
  });

  it('/mentor match says so too, naming the skill', async () => {
    await aiko().slash('/mentor match');
    await stack.settle();
    expect(aiko().lastMessage()?.text).toBe("We couldn't find anyone to suggest right now: nobody offers Public speaking yet; we'll tell you when someone does.");
    expect(JSON.stringify(aiko().messages())).not.toContain(`request:${CAST.bruno.id}`);
  });

  it('tells the waiting mentee when a mentor who offers it joins, and the mentor who was waiting, once', async () => {
    await join(stack, CAST.chloe.id, CHLOE);
    expect(aiko().lastMessage()?.text).toBe("Someone now offers Public speaking, which you were waiting for. Run `/mentor match` to see who fits you and ask them.");
    const told = rendered(user(CAST.chloe.id).messages().find((m) => m.text.startsWith('Someone was waiting')));
    expect(told).toContain('Someone was waiting for what you offer: until you, nobody offered it.');
    expect(told).toContain(`@${CAST.aiko.id} (mentoring) wants Public speaking, which you offer. Their goal: “Give a talk at the all-hands”`);
    expect(told).toContain('you may get a request through `/mentor match`');

    // Chloé edits her profile (new hours); nobody is told anything twice.
    const before = { aiko: aiko().messages().length, chloe: user(CAST.chloe.id).messages().filter((m) => m.text.startsWith('Someone was waiting')).length };
    await user(CAST.chloe.id).slash('/mentor profile');
    await user(CAST.chloe.id).click('profile_edit');
    await stack.settle();
    await user(CAST.chloe.id).submit(intakeForm({ ...SAMPLE_INTAKE, ...CHLOE, workStart: '08:30' }));
    await stack.settle();
    expect(aiko().messages()).toHaveLength(before.aiko);
    expect(user(CAST.chloe.id).messages().filter((m) => m.text.startsWith('Someone was waiting'))).toHaveLength(before.chloe);
    expect(await sql().get("select count(*) as n from outbox where idempotency_key like 'floor:%'")).toEqual({ n: 2 });

    // And the promise holds: /mentor match now suggests her, and only her.
    await aiko().slash('/mentor match');
    await stack.settle();
    const cards = aiko().messages().find((m) => m.text.includes('suggested'));
    expect(JSON.stringify(cards?.blocks)).toContain(`request:${CAST.chloe.id}`);
    expect(JSON.stringify(cards?.blocks)).not.toContain(`request:${CAST.bruno.id}`);
    expect(rendered(cards)).toContain('Offers Public speaking, which you want');
  });

  it('says nothing to a mentee someone already fitted', async () => {
    await join(stack, CAST.chloe.id, CHLOE);
    const told = aiko().messages().length;
    // Emma offers Public speaking too, but Aiko was no longer waiting: Chloé fits her.
    await join(stack, CAST.emma.id, { ...MENTOR, timeZone: 'America/New_York', department: 'Sales', level: '8', skillsOffered: ['public-speaking'] });
    expect(aiko().messages()).toHaveLength(told);
    expect(user(CAST.emma.id).messages().some((m) => m.text.startsWith('Someone was waiting'))).toBe(false);
  });
});

describe('a program’s minimum fit', () => {
  const speaking = { name: 'Speaking club', channel: SPEAKING_CHANNEL.id, matchingMode: 'rounds' };
  const programId = async () => (await sql().get<{ id: number }>("select id from programs where name = 'Speaking club'"))!.id;

  it('is refused on its field when out of range, and kept when it is a percentage', async () => {
    const refused = await submitProgram(stack, CAST.grace.id, { ...speaking, minFit: '101' });
    expect(refused.errors).toEqual({ minFit: 'The minimum fit is a percentage: a whole number from 0 to 100, or empty for none.' });
    expect(await sql().get('select count(*) as n from programs')).toEqual({ n: 1 });
    await createProgram(stack, CAST.grace.id, { ...speaking, minFit: '60%' });
    expect(await sql().get('select min_fit from programs where id = ?', await programId())).toEqual({ min_fit: 60 });
    await grace().slash('/mentor program edit Speaking club');
    await stack.settle();
    const field = (grace().modal()?.view.blocks as { block_id?: string; element?: { initial_value?: string } }[]).find((b) => b.block_id === 'minFit');
    expect(field?.element?.initial_value).toBe('60');
  });

  it('keeps pairs below it out of the program’s rounds, and says why', async () => {
    await createProgram(stack, CAST.grace.id, { ...speaking, minFit: '99' });
    await join(stack, CAST.chloe.id, CHLOE);
    const part = { goal1Aim: { goal1Aim: 'Give a talk at the all-hands' }, goal1Measure: { goal1Measure: 'The audience asks questions' }, goal1Due: { goal1Due: '2027-06-30' } };
    await joinProgram(stack, CAST.aiko.id, await programId(), { roles: { roles: ['mentee'] }, ...part });
    await joinProgram(stack, CAST.chloe.id, await programId(), { roles: { roles: ['mentor'] }, capacityMentees: { capacityMentees: '2' }, capacityHoursPerMonth: { capacityHoursPerMonth: '4' } });
    await grace().slash('/mentor round Speaking club');
    await stack.settle();
    expect(channel(SPEAKING_CHANNEL.id)[0]).toContain(`@${CAST.aiko.id}: no pair reaches the program's minimum fit`);

    // Lowered to 10%, the same pair is proposed.
    await grace().click('round_cancel');
    await stack.settle();
    await grace().slash('/mentor program edit Speaking club');
    await stack.settle();
    await grace().submit(programForm({ ...SAMPLE_PROGRAM, ...speaking, minFit: '10' }));
    await stack.settle();
    now = new Date(now.getTime() + 10 * 60_000);
    await grace().slash('/mentor round Speaking club');
    await stack.settle();
    expect(channel(SPEAKING_CHANNEL.id).at(-1)).toMatch(new RegExp(`@${CAST.aiko.id} ← @${CAST.chloe.id} · mentoring · \\d+%`));
  });
});
