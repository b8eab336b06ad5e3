import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { runJob } from '../../src/jobs/runner.js';
import { runStalledPairs } from '../../src/jobs/stalledPairs.js';
import { ACCEPT_ACTION, DECLINE_ACTION, DECLINE_NOTE_BLOCK } from '../../src/views/matchMessages.js';
import { STALL_ACTIONS } from '../../src/views/stalledPairMessages.js';
import { actionIds, activePair, join, MENTEE, MENTOR, suggestedTo } from '../support/program.js';
import { at, DAY, HOUR, job } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';
import { addTrigger } from '../support/triggers.js';

/*
 * Issue 13, "Re-matching", for a pair gone quiet: at the flag the mentee is
 * offered their next-best people privately, never their partner, and the
 * flag says whom. A request from those cards may be sent although the
 * mentorship is open: a `requested` match row naming the mentorship it would
 * replace, answered with the ordinary Accept and Decline. The old mentorship
 * ends, kindly and in the same transaction, only when the new mentor accepts.
 */

// Monday 30 November 2026, 01:00 UTC: 10:00 in Tokyo, where the mentee and two mentors work.
let now: Date;
let stack: LocalStack;
let quietId = 0;
const aiko = CAST.aiko.id;
const chloe = CAST.chloe.id;
const bruno = CAST.bruno.id;
const emma = CAST.emma.id;

beforeEach(async () => {
  now = new Date('2026-11-30T01:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(stack, aiko, { ...MENTEE, timeZone: 'Asia/Tokyo', department: 'Product', level: '3', skillsWanted: ['system-design'] });
  await join(stack, chloe, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6', skillsOffered: ['system-design'] });
  quietId = await activePair(stack, chloe, aiko, at(now, -43 * DAY));
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const sql = () => rawSql(stack.database);
const run = () => runJob(job('stalled-pairs'), stack.deps, stack.mentoring.app.client, now);
const followUps = () => runJob(job('request-follow-ups'), stack.deps, stack.mentoring.app.client, now);
const flag = () => stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).find((m) => actionIds(m.blocks).includes(STALL_ACTIONS.rematch));
/** A message's text and blocks as the app wrote them, mentions unrendered. */
const written = (m: { text: string; blocks?: unknown[] } | undefined) => `${m?.text ?? ''}\n${JSON.stringify(m?.blocks ?? [])}`;
const offerTo = (id: string) => user(id).messages().find((m) => m.text.includes('has been quiet for'));
const keys = async (like: string) => (await sql().all<{ key: string }>('select idempotency_key as key from outbox where idempotency_key like ? order by id', like)).map((r) => r.key);
interface MatchRow {
  id: number;
  mentor_id: string;
  mentee_id: string;
  status: string;
  end_reason: string | null;
  ended_at: number | null;
  requested_at: number;
  decided_at: number | null;
  decline_note: string | null;
  replaces_match_id: number | null;
  rematch_via: string | null;
}
const matchRows = () =>
  sql().all<MatchRow>('select id, mentor_id, mentee_id, status, end_reason, ended_at, requested_at, decided_at, decline_note, replaces_match_id, rematch_via from matches order by id');
const quiet = async () => (await matchRows()).find((m) => m.id === quietId);
const pendingFreshStarts = async () => (await matchRows()).filter((m) => m.status === 'requested' && m.replaces_match_id !== null);

async function twoMentorsInTokyo(): Promise<void> {
  await join(stack, bruno, { ...MENTOR, timeZone: 'Asia/Tokyo', department: 'Platform', level: '7', skillsOffered: ['system-design'] });
  await join(stack, emma, { ...MENTOR, timeZone: 'Asia/Tokyo', department: 'Data', level: '6', skillsOffered: ['system-design'] });
}

describe('a quiet pair at the flag', () => {
  it('offers the mentee their next-best people privately and once, and the flag says exactly whom', async () => {
    await twoMentorsInTokyo();
    // Two replicas ticking at once, then a later tick in the same quiet spell.
    await Promise.all([runStalledPairs(stack.deps, stack.mentoring.app.client, now), runStalledPairs(stack.deps, stack.mentoring.app.client, now)]);
    now = at(now, HOUR);
    await run();
    await stack.settle();

    const offer = offerTo(aiko);
    expect(offer?.text).toBe(`Your mentorship with <@${chloe}> has been quiet for 6 weeks. If you'd like a fresh start, these people fit you best now; asking one of them ends nothing until they accept.`);
    const offered = suggestedTo(stack, aiko);
    expect(new Set(offered)).toEqual(new Set([bruno, emma]));
    expect(offered).not.toContain(chloe);
    expect(await keys('stall:%:rematch')).toHaveLength(1);
    // The mentor is not told about it, and nothing has ended.
    expect(user(chloe).messages().map((m) => m.text).join('\n')).not.toContain('fresh start');
    expect((await quiet())?.status).toBe('active');

    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)).toHaveLength(1);
    expect(written(flag())).toContain(`<@${aiko}> was offered ${offered.map((id) => `<@${id}>`).join(', ')} privately; the mentorship ends only if one of them accepts a request.`);
  });

  it('neither flags nor offers when the pair showed a sign of life, on another replica, while the job was reading', async () => {
    await twoMentorsInTokyo();
    // Another replica records a session the pair held an hour ago, right after this job read the pair and queued its nudges.
    const dropTrigger = await addTrigger(stack.database, {
      name: 'meanwhile',
      table: 'outbox',
      on: 'after insert',
      when: "new.idempotency_key like 'stall:%:nudge:%'",
      then: `insert into sessions (match_id, starts_at, ends_at, status) select ${quietId}, ${at(now, -HOUR).getTime()}, ${at(now, -HOUR / 4).getTime()}, 'held'
        where not exists (select 1 from sessions where match_id = ${quietId})`,
    });
    await run();
    await stack.settle();
    await dropTrigger();
    expect(await keys('stall:%:flag')).toEqual([]);
    expect(await keys('stall:%:rematch')).toEqual([]);
    expect(offerTo(aiko)).toBeUndefined();
  });

  it('says why when nobody else fits, and sends the mentee nothing', async () => {
    await run();
    await stack.settle();
    expect(offerTo(aiko)).toBeUndefined();
    expect(suggestedTo(stack, aiko)).toEqual([]);
    expect(written(flag())).toContain(`Nobody else fits <@${aiko}> yet, so they were offered nobody: no available mentor fits the rules (level, reporting line, recent pairing).`);
  });

  it('offers nothing while the program is paused or the mentee is paused', async () => {
    await twoMentorsInTokyo();
    await sql().run("update programs set status = 'paused' where id = 1");
    await run();
    await sql().run("update programs set status = 'active' where id = 1");
    await sql().run("update people set status = 'paused' where id = ?", aiko);
    now = at(now, HOUR);
    await run();
    await stack.settle();
    expect(await keys('stall:%')).toEqual([]);
    // Back: the offer and the flag come, once.
    await sql().run("update people set status = 'active' where id = ?", aiko);
    now = at(now, HOUR);
    await run();
    await stack.settle();
    expect(await keys('stall:%:rematch')).toHaveLength(1);
    expect(flag()).toBeDefined();
  });
});

describe('a request from a fresh-start card', () => {
  async function offered(): Promise<void> {
    await twoMentorsInTokyo();
    await run();
    await stack.settle();
  }

  it('the asked mentor may still accept after saying they are busy until a date: they take nobody new unasked, and this one asked first', async () => {
    await offered();
    await user(aiko).click(`request:${bruno}`);
    await stack.settle();
    // Bruno marks himself busy (a launch) before answering, then accepts the request he already holds, as an ordinary one would be.
    await user(bruno).slash('/mentor profile');
    await stack.settle();
    await user(bruno).click('busy_until_edit');
    await stack.settle();
    await user(bruno).submit({ busy_until: { busy_until: '2027-01-15' } });
    await stack.settle();
    expect(await sql().get('select busy_until as until from profiles where person_id = ?', bruno)).toEqual({ until: '2027-01-15' });
    now = at(now, HOUR);
    await user(bruno).click(ACCEPT_ACTION);
    await stack.settle();
    expect(user(bruno).messages().map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringContaining(`You accepted <@${aiko}>`)]));
    expect(user(bruno).messages().map((m) => m.text).join('\n')).not.toContain('You are paused or not in the program');
    expect((await matchRows()).find((m) => m.mentor_id === bruno)?.status).toBe('active');
  });

  it('is a requested match row although the mentorship is open; one at a time; accepting ends the quiet pair kindly as the new one starts', async () => {
    await offered();
    const askedAt = now;
    await user(aiko).click(`request:${bruno}`);
    await stack.settle();
    expect(user(aiko).lastMessage()?.text).toBe(
      `Request sent to <@${bruno}>. Your mentorship with <@${chloe}> carries on unless they accept. We'll let you know as soon as they answer; if they haven't within a week, the request lapses and you can ask someone else.`,
    );
    // The request is a match row of its own, naming the mentorship it would replace; that one is untouched.
    expect(await matchRows()).toEqual([
      expect.objectContaining({ id: quietId, mentor_id: chloe, status: 'active', replaces_match_id: null }),
      expect.objectContaining({ mentor_id: bruno, mentee_id: aiko, status: 'requested', requested_at: askedAt.getTime(), replaces_match_id: quietId, rematch_via: 'quiet' }),
    ]);
    // Bruno gets the ordinary request, with the ordinary buttons.
    const request = user(bruno).lastMessage();
    expect(request?.text).toBe(`<@${aiko}> would like you as their mentor.`);
    expect(actionIds(request?.blocks)).toEqual([ACCEPT_ACTION, DECLINE_ACTION]);

    // Asking a second person while the first has not answered is refused, and stores nothing.
    now = at(now, HOUR);
    await user(aiko).click(`request:${emma}`);
    await stack.settle();
    expect(user(aiko).lastMessage()?.text).toContain(`You have asked <@${bruno}> already`);
    expect(await matchRows()).toHaveLength(2);

    // The quiet pair wakes up before Bruno answers: a session is booked. The request still stands.
    const booked = Number(
      (await sql().run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'booked') returning id", quietId, at(now, 3 * DAY).getTime(), at(now, 3 * DAY + HOUR).getTime())).lastId,
    );

    // Bruno double-clicks Accept.
    now = at(now, HOUR);
    await Promise.all([user(bruno).click(ACCEPT_ACTION), user(bruno).click(ACCEPT_ACTION)]);
    await stack.settle();
    expect(user(bruno).messages().map((m) => m.text)).toEqual(expect.arrayContaining([expect.stringContaining(`You accepted <@${aiko}>`), expect.stringContaining('You already accepted this request')]));
    const [old, fresh] = await matchRows();
    expect(old).toMatchObject({ id: quietId, status: 'ended', ended_at: now.getTime(), end_reason: 'the mentee started afresh with a new mentor' });
    expect(fresh).toMatchObject({ mentor_id: bruno, mentee_id: aiko, status: 'active', requested_at: askedAt.getTime(), decided_at: now.getTime(), replaces_match_id: quietId });
    expect((await sql().get<{ status: string }>('select status from sessions where id = ?', booked))!.status).toBe('cancelled');
    // The intro opens the new pair's group chat; both people of the old pair are told, the former mentor in kind words (Paris is asleep: it waits).
    expect(stack.emulator.workspace.messages.filter((m) => m.text.includes(`meet <@${bruno}>`))).toHaveLength(1);
    expect(user(aiko).messages().map((m) => m.text)).toContain(
      `Your mentorship with <@${chloe}> has now ended, as you start afresh with <@${bruno}>; your intro is in a group chat with them. Thank you for the time you gave it.`,
    );
    const former = (await sql().get<{ recipient: string; status: string; payload: string }>('select recipient, status, payload from outbox where idempotency_key like ?', 'rematch:%:ended:former'))!;
    expect(former).toMatchObject({ recipient: chloe, status: 'pending' });
    expect(JSON.parse(former.payload).text).toBe(`Your mentorship with <@${aiko}> has come to a close: they are starting afresh with someone new. Thank you for the time and care you gave it; there is nothing for you to do.`);
    expect(JSON.parse(former.payload).text).not.toContain(bruno);
    expect(await matchRows()).toHaveLength(2);
  });

  it('a coordinator closing the pair for a rematch while the mentee has already asked someone: no second set of cards, their request stands, and everyone is told so', async () => {
    await offered();
    await user(aiko).click(`request:${bruno}`);
    await stack.settle();
    const coordinatorFlag = () => stack.emulator.channelMessages(COORDINATOR_CHANNEL.id).find((m) => m.text.includes('closed the mentorship') || actionIds(m.blocks).includes(STALL_ACTIONS.rematch));
    await user(CAST.grace.id).click(STALL_ACTIONS.rematch);
    await stack.settle();
    expect(await quiet()).toMatchObject({ status: 'ended', end_reason: 'coordinator suggested a re-match' });
    const told = user(aiko).lastMessage();
    expect(told?.text).toBe(
      `Your mentorship with <@${chloe}> has come to a close: it had been quiet for a while, and the program coordinators thought a fresh start would serve you better. Thank you for the time you gave it; nothing went wrong on your side. Your request to <@${bruno}> still stands: we'll let you know as soon as they answer.`,
    );
    expect(actionIds(told?.blocks)).toEqual([]);
    expect(coordinatorFlag()?.text).toBe(
      `<@${CAST.grace.id}> closed the mentorship of <@${chloe}> and <@${aiko}> for a fresh start; both were told kindly. <@${aiko}> had already asked <@${bruno}>, and that request stands, so no new suggestions were sent.`,
    );
    // The request goes on as any other: Bruno accepts, and the new pair starts.
    await user(bruno).click(ACCEPT_ACTION);
    await stack.settle();
    expect((await matchRows()).find((m) => m.mentor_id === bruno)).toMatchObject({ status: 'active', replaces_match_id: quietId });
    // The old mentorship ended already: nobody is told again that it ends now.
    expect(user(aiko).messages().map((m) => m.text).join('\n')).not.toContain('has now ended');
  });

  it('the old mentor leaving while the mentee has asked someone: no second set of cards, their request stands', async () => {
    await offered();
    await user(aiko).click(`request:${bruno}`);
    await stack.settle();
    await user(chloe).slash('/mentor leave');
    await user(chloe).click('leave_confirm');
    await stack.settle();
    expect(await quiet()).toMatchObject({ status: 'ended', end_reason: 'partner left the program' });
    const told = user(aiko).lastMessage();
    expect(told?.text).toContain(`Your mentorship with <@${chloe}> has ended`);
    expect(told?.text).toContain(`Your request to <@${bruno}> still stands: we'll let you know as soon as they answer.`);
    expect(actionIds(told?.blocks)).toEqual([]);
    expect(await pendingFreshStarts()).toEqual([expect.objectContaining({ mentor_id: bruno, status: 'requested' })]);
    // The coordinators still hear it ended early, and what stands.
    expect(user(CAST.grace.id).lastMessage()?.text).toBe(`:arrows_counterclockwise: <@${aiko}>'s mentorship with <@${chloe}> ended early. They had already asked <@${bruno}> for a fresh start, and that request stands, so I offered nobody else.`);
  });

  it('two clicks at once, or two replicas, store one pending request: the unique index refuses the second, and its click is told who has it', async () => {
    await offered();
    await Promise.all([user(aiko).click(`request:${bruno}`), user(aiko).click(`request:${emma}`)]);
    await stack.settle();
    expect(await pendingFreshStarts()).toHaveLength(1);
    const [pending] = await pendingFreshStarts();
    const other = pending?.mentor_id === bruno ? emma : bruno;
    const replies = user(aiko)
      .messages()
      .map((m) => m.text);
    expect(replies.filter((t) => t.startsWith(`Request sent to <@${pending?.mentor_id}>.`))).toHaveLength(1);
    expect(replies.filter((t) => t.startsWith('Request sent to'))).toHaveLength(1);
    expect(replies).toContainEqual(expect.stringMatching(new RegExp(`^You have asked <@${pending?.mentor_id}> already; they have until .+ to answer\\.`)));
    // Only the one who was asked got a request.
    expect(user(other).messages().filter((m) => m.text.includes('would like you as their'))).toEqual([]);
    // Whatever path a second row takes (another replica, a script), the database itself refuses it.
    const insert = (replaces: number | null) =>
      sql().run("insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, replaces_match_id, rematch_via) values (1, ?, ?, 'mentoring', 'requested', 'self_serve', ?, ?, 'quiet')", other, aiko, now.getTime(), replaces);
    const pg = stack.database.engine === 'pg';
    await expect(insert(quietId)).rejects.toThrow(pg ? /unique constraint "matches_one_fresh_start_per_match"/ : /UNIQUE constraint failed: matches\.replaces_match_id/);
    // The mentorship it would replace still holds the mentee's one ordinary place of this kind.
    await expect(insert(null)).rejects.toThrow(pg ? /violates unique constraint/ : /UNIQUE constraint failed/);
    expect(await pendingFreshStarts()).toHaveLength(1);
  });

  it('shows on Home like any pending request, for the mentee and for the mentor asked, beside the mentorship it would replace', async () => {
    await offered();
    await user(aiko).click(`request:${bruno}`);
    await stack.settle();
    const homeOf = async (id: string) => {
      await user(id).openHome();
      await stack.settle();
      return JSON.stringify(user(id).home()?.view.blocks);
    };
    const mentee = await homeOf(aiko);
    expect(mentee).toContain(`• <@${chloe}>, your mentor`);
    expect(mentee).toContain(`• <@${bruno}>, your mentor (waiting for an answer)`);
    expect(await homeOf(bruno)).toContain(`• <@${aiko}>, your mentee (asked you; answer in your messages)`);
  });

  it('declined: the ordinary form keeps the note; the mentee is told kindly and offered who else fits while the mentorship carries on', async () => {
    await offered();
    await user(aiko).click(`request:${bruno}`);
    await stack.settle();
    now = at(now, HOUR);
    await user(bruno).click(DECLINE_ACTION);
    await stack.settle();
    expect(user(bruno).modal()?.view.callback_id).toBe('request_decline_note');
    await user(bruno).submit({ [DECLINE_NOTE_BLOCK]: { [DECLINE_NOTE_BLOCK]: 'Launch month, sorry!' } });
    await stack.settle();
    expect(user(bruno).lastMessage()?.text).toContain(`You declined <@${aiko}>'s request`);
    expect((await matchRows()).map((m) => [m.mentor_id, m.status, m.decline_note])).toEqual([
      [chloe, 'active', null],
      [bruno, 'declined', 'Launch month, sorry!'],
    ]);
    const told = user(aiko).lastMessage();
    expect(told?.text).toContain(`<@${bruno}> can't take on a new mentee right now`);
    expect(written(told)).toContain('Launch month, sorry!');
    expect(written(told)).toContain(`Your mentorship with <@${chloe}> carries on as it is.`);
    expect(actionIds(told?.blocks)).toEqual([`request:${emma}`]);

    // Now Aiko may ask Emma, again as a fresh start.
    await user(aiko).click(`request:${emma}`);
    await stack.settle();
    expect(user(aiko).lastMessage()?.text).toContain(`Request sent to <@${emma}>. Your mentorship with <@${chloe}> carries on unless they accept.`);
    expect(await pendingFreshStarts()).toEqual([expect.objectContaining({ mentor_id: emma, replaces_match_id: quietId, rematch_via: 'quiet' })]);
  });

  it('lapses after a week unanswered, after one reminder, and both are told', async () => {
    await offered();
    const askedAt = now;
    await user(aiko).click(`request:${emma}`);
    await stack.settle();
    for (const days of [1, 3, 4, 7]) {
      now = at(askedAt, days * DAY);
      await followUps();
      await stack.settle();
    }
    expect(user(emma).messages().filter((m) => m.text.startsWith(`Reminder: <@${aiko}> is still hoping`))).toHaveLength(1);
    expect((await matchRows()).map((m) => [m.mentor_id, m.status])).toEqual([
      [chloe, 'active'],
      [emma, 'expired'],
    ]);
    expect(user(emma).lastMessage()?.text).toBe(`<@${aiko}>'s request to you lapsed after a week. No action needed; we'll suggest someone else to them.`);
    const lapsed = user(aiko).messages().find((m) => m.text.startsWith(`Your request to <@${emma}> lapsed after a week without an answer.`));
    // Who else fits comes with it, while the quiet mentorship carries on.
    expect(written(lapsed)).toContain(`Your mentorship with <@${chloe}> carries on as it is.`);
    expect(actionIds(lapsed?.blocks)).toEqual([`request:${bruno}`]);
    // A late Accept says so and changes nothing.
    await user(emma).click(ACCEPT_ACTION);
    await stack.settle();
    expect(user(emma).lastMessage()?.text).toContain('This request lapsed');
    expect((await quiet())?.status).toBe('active');
  });
});
