import { addDays } from 'date-fns';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import { publishRound } from '../../src/services/rounds.js';
import { acceptRequest, declineRequest } from '../../src/services/selfServe.js';
import { runRequestFollowUps } from '../../src/jobs/requestFollowUps.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

// 08:00 UTC on a Monday: inside working hours in Tokyo (17:00), Paris (09:00) and Kolkata (13:30).
let now = new Date('2026-11-30T08:00:00Z');
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-11-30T08:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(stack, CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo', department: 'Product', level: '3', skillsWanted: ['system-design', 'public-speaking'] });
  await join(stack, CAST.bruno.id, { ...MENTOR, timeZone: 'America/Sao_Paulo', department: 'Platform', level: '7', skillsOffered: ['system-design', 'coaching'], capacityMentees: '1' });
  await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6', skillsOffered: ['public-speaking', 'system-design'], capacityMentees: '2' });
  // Clear writing is in the same area as Public speaking: a weaker fit than the others, and above the quality floor.
  await join(stack, CAST.emma.id, { ...MENTOR, timeZone: 'America/New_York', department: 'Sales', level: '8', skillsOffered: ['negotiation', 'writing'], capacityMentees: '2' });
});
afterEach(() => stack.stop());

const sql = () => rawSql(stack.database);
const matchRows = () => sql().all<Record<string, unknown>>('select id, mentor_id, mentee_id, kind, status, source, decline_note from matches order by id');
const seen = (userId: string) => stack.emulator.user(userId).messages().map((m) => renderMessage(m).join('\n')).join('\n---\n');
const aiko = () => stack.emulator.user(CAST.aiko.id);

async function requestChloe() {
  await aiko().slash('/mentor match');
  await stack.settle();
  await aiko().click(`request:${CAST.chloe.id}`);
  await stack.settle();
}

describe('a request the rules no longer allow', () => {
  it('cannot be accepted once the two are kept apart, and closes without saying who asked', async () => {
    await requestChloe();
    // Aiko adds Chloé to her private "Not matched with…" list after asking.
    await sql().run('insert into match_exclusions (person_id, excluded_id, added_by, created_at) values (?, ?, ?, ?)', CAST.aiko.id, CAST.chloe.id, CAST.aiko.id, now.getTime());
    const chloe = stack.emulator.user(CAST.chloe.id);
    await chloe.click('request_accept');
    await stack.settle();
    expect(await matchRows()).toEqual([expect.objectContaining({ mentor_id: CAST.chloe.id, mentee_id: CAST.aiko.id, status: 'expired' })]);
    expect(seen(CAST.chloe.id)).toContain('This request can no longer be accepted, so it is closed. Nothing else has changed.');
    expect(seen(CAST.chloe.id)).not.toMatch(/asked not to|kept apart|excluded/);
  });
});

describe('/mentor match', () => {
  it('DMs the top three mentors, each with its reasons and a Request button', async () => {
    await aiko().slash('/mentor match');
    await stack.settle();
    const dm = aiko().messages().find((m) => m.text.includes('suggested'));
    const buttons = (dm?.blocks ?? []).flatMap((b) => ((b as { accessory?: { action_id: string } }).accessory ? [(b as { accessory: { action_id: string } }).accessory.action_id] : []));
    expect(buttons).toEqual([`request:${CAST.chloe.id}`, `request:${CAST.bruno.id}`, `request:${CAST.emma.id}`]);
    const text = renderMessage(dm ?? {}).join('\n');
    expect(text).toContain('Offers System design and architecture and Public speaking, which you want');
    expect(text).toMatch(/% fit/);
    expect(aiko().lastMessage()?.text).toContain("I've sent you 3 suggestions");
  });

  it('refuses kindly when the person is paused or has not joined', async () => {
    await aiko().slash('/mentor pause');
    await aiko().slash('/mentor match');
    expect(aiko().lastMessage()?.text).toContain('You are paused');
    const dev = stack.emulator.user(CAST.dev.id);
    await dev.slash('/mentor match');
    expect(dev.lastMessage()?.text).toContain("haven't joined");
  });

  it('tells a mentor what matching means for them, instead of "you already have a partner"', async () => {
    const bruno = stack.emulator.user(CAST.bruno.id);
    await bruno.slash('/mentor match');
    await stack.settle();
    const answer = bruno.lastMessage()?.text ?? '';
    expect(answer).toContain('You take part as a mentor, so matching works the other way round for you');
    expect(answer).toContain('You are mentoring 0 and have room for');
    expect(answer).not.toContain('already have a partner');
  });
});

describe('requests', () => {
  it('sends the mentor the request with goals, reasons and Accept/Decline, once however often it is clicked', async () => {
    await requestChloe();
    await aiko().click(`request:${CAST.chloe.id}`);
    await stack.settle();
    expect(await matchRows()).toEqual([expect.objectContaining({ mentor_id: CAST.chloe.id, mentee_id: CAST.aiko.id, status: 'requested', source: 'self_serve' })]);
    expect(aiko().lastMessage()?.text).toBe(`You have already asked <@${CAST.chloe.id}>.`);
    const request = seen(CAST.chloe.id);
    expect(request).toContain(`@${CAST.aiko.id} would like you as their mentor`);
    expect(request).toContain('Lead my first cross-team project');
    expect(request).toContain('[ Accept ] [ Decline ]');
    // A second mentor cannot be asked while one request is open: the database says no.
    await aiko().click(`request:${CAST.bruno.id}`);
    await stack.settle();
    expect(aiko().lastMessage()?.text).toContain('You already have an open request');
    expect(await matchRows()).toHaveLength(1);
  });

  it('on Accept: activates the match, opens a group DM and posts the intro', async () => {
    await requestChloe();
    const chloe = stack.emulator.user(CAST.chloe.id);
    await chloe.click('request_accept');
    await stack.settle();
    expect(await matchRows()).toEqual([expect.objectContaining({ status: 'active' })]);
    const open = stack.emulator.callsTo('conversations.open').at(-1);
    expect(open?.args.users).toBe(`${CAST.chloe.id},${CAST.aiko.id}`);
    const group = (await sql().get<{ conversation_id: string }>("select channel_id as conversation_id from outbox where idempotency_key like 'match:%:intro'"))!;
    const intro = stack.emulator.channelMessages(group.conversation_id).map((m) => renderMessage(m).join('\n')).join('\n');
    expect(intro).toContain(`@${CAST.aiko.id}, meet @${CAST.chloe.id}, your mentor!`);
    expect(intro).toContain('Why we matched you');
    expect(intro).toContain(`Offers System design and architecture and Public speaking, which @${CAST.aiko.id} wants`);
    expect(intro).toContain('Lead my first cross-team project');
    expect(intro).toContain('A first agenda');
    expect(chloe.lastMessage()?.text).toContain(`You accepted <@${CAST.aiko.id}>`);
    // The buttons are gone; an answer that still arrives (another tab) changes nothing and posts no second intro.
    expect(JSON.stringify(chloe.lastMessage()?.blocks ?? [])).not.toContain('request_decline');
    const matchId = ((await matchRows())[0] as { id: number }).id;
    expect(await declineRequest(stack.deps, stack.mentoring.app.client, CAST.chloe.id, matchId, 'too late')).toMatchObject({ ok: false, state: { kind: 'accepted', menteeId: CAST.aiko.id } });
    expect(await acceptRequest(stack.deps, stack.mentoring.app.client, CAST.chloe.id, matchId)).toMatchObject({ ok: false });
    expect(await matchRows()).toEqual([expect.objectContaining({ status: 'active', decline_note: null })]);
    expect(stack.emulator.channelMessages(group.conversation_id)).toHaveLength(1);
  });

  it('on Decline: keeps the note, tells the mentee kindly and offers the next suggestion', async () => {
    await requestChloe();
    const chloe = stack.emulator.user(CAST.chloe.id);
    await chloe.click('request_decline');
    await stack.settle();
    expect(chloe.modal()?.view.callback_id).toBe('request_decline_note');
    const tooLong = await chloe.submit({ note: { note: 'x'.repeat(501) } });
    expect(tooLong.errors).toEqual({ note: 'Please keep the note under 500 characters (nothing was cut).' });
    expect(await matchRows()).toEqual([expect.objectContaining({ status: 'requested' })]);
    await chloe.submit({ note: { note: 'Full until March, sorry!' } });
    await stack.settle();
    expect(await matchRows()).toEqual([expect.objectContaining({ status: 'declined', decline_note: 'Full until March, sorry!' })]);
    const told = aiko().lastMessage();
    expect(told?.text).toContain(`<@${CAST.chloe.id}> can't take on a new mentee right now. It's about their time, not about you.`);
    expect(renderMessage(told ?? {}).join('\n')).toContain('Full until March, sorry!');
    expect(JSON.stringify(told?.blocks)).toContain(`request:${CAST.bruno.id}`);
    expect(chloe.lastMessage()?.text).toContain('You declined');
  });

  it('reminds the mentor once after three days and lapses the request after seven', async () => {
    await requestChloe();
    const client = stack.mentoring.app.client;
    const chloeDms = () => stack.emulator.user(CAST.chloe.id).messages().length;
    const before = chloeDms();
    expect(await runRequestFollowUps(stack.deps, client, addDays(now, 2))).toEqual({ reminded: 0, expired: 0 });
    expect(await runRequestFollowUps(stack.deps, client, addDays(now, 3))).toEqual({ reminded: 1, expired: 0 });
    expect(await runRequestFollowUps(stack.deps, client, addDays(now, 4))).toEqual({ reminded: 0, expired: 0 });
    expect(chloeDms()).toBe(before + 1);
    expect(stack.emulator.user(CAST.chloe.id).lastMessage()?.text).toContain('Reminder:');
    expect(await runRequestFollowUps(stack.deps, client, addDays(now, 7))).toEqual({ reminded: 0, expired: 1 });
    expect(await runRequestFollowUps(stack.deps, client, addDays(now, 8))).toEqual({ reminded: 0, expired: 0 });
    expect(await matchRows()).toEqual([expect.objectContaining({ status: 'expired' })]);
    expect(aiko().lastMessage()?.text).toContain('lapsed after a week');
    expect(stack.emulator.user(CAST.chloe.id).lastMessage()?.text).toContain('lapsed after a week');
  });
});

describe('/mentor round', () => {
  const grace = () => stack.emulator.user(CAST.grace.id);
  const channel = () => stack.emulator.channelMessages('C0COORD001');

  it('is for coordinators only', async () => {
    await aiko().slash('/mentor round');
    expect(aiko().lastMessage()?.text).toContain('Only program coordinators can use `/mentor round`');
    expect(channel()).toHaveLength(0);
  });

  it('previews pairs with scores and reasons, the unmatched with why, and fairness; Publish sends everything once', async () => {
    await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata', department: 'Support', level: '2', skillsWanted: ['coaching'] });
    await grace().slash('/mentor round');
    await stack.settle();
    const preview = renderMessage(channel()[0] ?? {}).join('\n');
    expect(preview).toContain('Matching round 1: preview');
    expect(preview).toContain('*2 pairs* for 2 people looking (100%)');
    expect(preview).toMatch(new RegExp(`@${CAST.aiko.id} ← @${CAST.chloe.id} · mentoring · \\d+%: Offers`));
    expect(preview).toMatch(new RegExp(`@${CAST.dev.id} ← @${CAST.bruno.id}`));
    expect(preview).toContain('*Lowest rates by department*');
    expect(preview).toContain('[ Publish ] [ Cancel ]');
    expect(await matchRows()).toEqual([]);

    await grace().click('round_publish');
    await stack.settle();
    // Publishing again (a second coordinator, a double click) sends nothing more.
    expect(await publishRound(stack.deps, stack.mentoring.app.client, 1, CAST.grace.id)).toBeUndefined();
    expect(await matchRows()).toEqual([
      expect.objectContaining({ mentor_id: CAST.chloe.id, mentee_id: CAST.aiko.id, status: 'active', source: 'round' }),
      expect.objectContaining({ mentor_id: CAST.bruno.id, mentee_id: CAST.dev.id, status: 'active', source: 'round' }),
    ]);
    expect(stack.emulator.callsTo('conversations.open').filter((c) => String(c.args.users).includes(','))).toHaveLength(2);
    expect(renderMessage(channel()[0] ?? {}).join('\n')).toContain(`Published by @${CAST.grace.id}: 2 intros sent, 0 people told why they are waiting.`);
  });

  it('tells every unmatched person why, and never repeats a recent pair', async () => {
    // Aiko and Chloé ended a mentorship last month: the round may not pair them again.
    await sql().run("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at, ended_at) values (?, ?, 'mentoring', 'ended', 'round', ?, ?, ?)", CAST.chloe.id, CAST.aiko.id, addDays(now, -60).getTime(), addDays(now, -60).getTime(), addDays(now, -30).getTime());
    await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata', department: 'Support', level: '2', skillsWanted: ['system-design'] });
    await stack.emulator.user(CAST.bruno.id).slash('/mentor pause');
    await stack.emulator.user(CAST.emma.id).slash('/mentor pause');
    await grace().slash('/mentor round');
    await stack.settle();
    await grace().click('round_publish');
    await stack.settle();
    const rows = (await matchRows()).filter((m) => m.status === 'active');
    expect(rows).toEqual([expect.objectContaining({ mentor_id: CAST.chloe.id, mentee_id: CAST.dev.id })]);
    expect(aiko().lastMessage()?.text).toContain("This matching round didn't find you a partner: no available mentor fits the program rules");
  });

  it('Cancel sends nothing', async () => {
    await grace().slash('/mentor round');
    await stack.settle();
    await grace().click('round_cancel');
    await stack.settle();
    expect(await matchRows()).toEqual([]);
    expect(renderMessage(channel()[0] ?? {}).join('\n')).toContain(`Cancelled by @${CAST.grace.id}. Nothing was sent.`);
  });
});
