import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { runJob } from '../../src/jobs/runner.js';
import { personExport } from '../../src/repos/personalData.js';
import { RATE_ACTION, RATING_BLOCKS, RATING_OTHERS_ACTION } from '../../src/views/ratingMessages.js';
import { ACCEPT_ACTION } from '../../src/views/matchMessages.js';
import { actionIds, activePair, join, MENTEE, MENTOR, suggestedTo } from '../support/program.js';
import { at, DAY, HOUR, job, MINUTE } from '../support/virtualTime.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Issue 13, "Re-matching", after a poor rating: the mentee's thanks offers
 * "See other mentors", their choice. Pressing it offers their next-best
 * people (never the partner) once, and tells the coordinators privately that
 * they asked and whom they were offered, never anything about the rating.
 */

const chloe = CAST.chloe.id;
const dev = CAST.dev.id;
const aiko = CAST.aiko.id;
const grace = CAST.grace.id;

// Monday 30 November 2026; the session is Tuesday 09:00–09:45 UTC, 14:30 in Kolkata.
let now: Date;
let stack: LocalStack;
let matchId = 0;
let sessionId = 0;
beforeEach(async () => {
  now = new Date('2026-11-30T08:00:00Z');
  stack = await startLocalStack({ clock: () => now });
  await join(stack, chloe, { ...MENTOR, timeZone: 'Europe/Paris' });
  await join(stack, dev, { ...MENTEE, timeZone: 'Asia/Kolkata' });
  matchId = await activePair(stack, chloe, dev, at(now, -14 * DAY));
  const start = new Date('2026-12-01T09:00:00Z');
  sessionId = Number((await sql().run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'booked') returning id", matchId, start.getTime(), start.getTime() + 45 * MINUTE)).lastId);
  now = at(start, 45 * MINUTE);
  await runJob(job('rating-prompts'), stack.deps, stack.mentoring.app.client, now);
  await stack.settle();
  now = at(now, HOUR);
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const sql = () => rawSql(stack.database);
interface MatchRow {
  mentor_id: string;
  mentee_id: string;
  status: string;
  end_reason: string | null;
  replaces_match_id: number | null;
  rematch_via: string | null;
}
const matchRows = () => sql().all<MatchRow>('select mentor_id, mentee_id, status, end_reason, replaces_match_id, rematch_via from matches order by id');
const notes = () => user(grace).messages().filter((m) => m.text.includes('asked to see other'));
const scores = (usefulness: string, clarity: string, applicability: string) => ({
  [RATING_BLOCKS.happened]: { [RATING_BLOCKS.happened]: 'yes' },
  [RATING_BLOCKS.usefulness]: { [RATING_BLOCKS.usefulness]: usefulness },
  [RATING_BLOCKS.clarity]: { [RATING_BLOCKS.clarity]: clarity },
  [RATING_BLOCKS.applicability]: { [RATING_BLOCKS.applicability]: applicability },
});

async function rate(person: string, input: ReturnType<typeof scores>): Promise<void> {
  await user(person).click(RATE_ACTION);
  await stack.settle();
  const result = await user(person).submit(input);
  await stack.settle();
  expect(result.errors).toBeUndefined();
}

async function aikoMentorsToo(): Promise<void> {
  await join(stack, aiko, { ...MENTOR, timeZone: 'Asia/Kolkata', department: 'Sales', level: '7', skillsOffered: ['people-management'] });
}

describe('a poor rating from the mentee', () => {
  it('offers "See other mentors"; pressing it twice offers once, tells the coordinators only that they asked, and the pair ends only when a new mentor accepts', async () => {
    await aikoMentorsToo();
    await rate(dev, scores('2', '4', '4'));
    const thanks = user(dev).lastMessage();
    expect(thanks?.text).toBe(`Thanks for rating your session with <@${chloe}>! You can change it for 48 hours.`);
    expect(actionIds(thanks?.blocks)).toEqual([RATING_OTHERS_ACTION]);

    await Promise.all([user(dev).click(RATING_OTHERS_ACTION), user(dev).click(RATING_OTHERS_ACTION)]);
    await stack.settle();
    expect(suggestedTo(stack, dev)).toEqual([aiko]);
    expect(user(dev).messages().filter((m) => m.text.startsWith('Here are the other mentors who fit you best now.'))).toHaveLength(1);
    // Privately to each coordinator, once, and nothing about the rating.
    expect(notes().map((m) => m.text)).toEqual([`:mag: <@${dev}> asked to see other mentors; offered <@${aiko}>.`]);
    expect(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)).toEqual([]);
    const toCoordinators = await sql().all<{ payload: string }>("select payload from outbox where recipient = ? and idempotency_key like 'rematch:%'", grace);
    for (const row of toCoordinators) expect(row.payload).not.toMatch(/rat(ed|ing)|score|poor|useful|session/i);
    expect(await matchRows()).toEqual([{ mentor_id: chloe, mentee_id: dev, status: 'active', end_reason: null, replaces_match_id: null, rematch_via: null }]);

    // Later presses say where the offer is, and send nothing more.
    await user(dev).click(RATING_OTHERS_ACTION);
    await stack.settle();
    expect(user(dev).lastMessage()?.text).toBe('You have asked already: the people who fit you best are in the message above.');
    expect(notes()).toHaveLength(1);

    // Dev asks Aiko although the mentorship is open; it ends when she accepts, for a reason that says nothing of ratings.
    await user(dev).click(`request:${aiko}`);
    await stack.settle();
    expect(user(dev).lastMessage()?.text).toContain(`Request sent to <@${aiko}>. Your mentorship with <@${chloe}> carries on unless they accept.`);
    // A requested row of its own, which says it came from asking to see others (and nothing about the rating).
    expect(await matchRows()).toEqual([
      { mentor_id: chloe, mentee_id: dev, status: 'active', end_reason: null, replaces_match_id: null, rematch_via: null },
      { mentor_id: aiko, mentee_id: dev, status: 'requested', end_reason: null, replaces_match_id: matchId, rematch_via: 'asked' },
    ]);
    await user(aiko).click(ACCEPT_ACTION);
    await stack.settle();
    expect(await matchRows()).toEqual([
      { mentor_id: chloe, mentee_id: dev, status: 'ended', end_reason: 'the mentee started afresh with a new mentor', replaces_match_id: null, rematch_via: null },
      { mentor_id: aiko, mentee_id: dev, status: 'active', end_reason: null, replaces_match_id: matchId, rematch_via: 'asked' },
    ]);
    const former = (await sql().get<{ payload: string }>("select payload from outbox where idempotency_key like 'rematch:%:ended:former'"))!;
    expect(JSON.parse(former.payload).text).toBe(`Your mentorship with <@${dev}> has come to a close: they are starting afresh with someone new. Thank you for the time and care you gave it; there is nothing for you to do.`);
  });

  it('says so when nobody else fits, to the mentee and, without the rating, to the coordinators', async () => {
    // An average of 2 is poor even with usefulness at 3.
    await rate(dev, scores('3', '2', '1'));
    await user(dev).click(RATING_OTHERS_ACTION);
    await stack.settle();
    expect(suggestedTo(stack, dev)).toEqual([]);
    expect(user(dev).lastMessage()?.text).toMatch(new RegExp(`^We couldn't find anyone else for you right now: .+\\. Your mentorship with <@${chloe}> carries on as it is;`));
    expect(notes().map((m) => m.text)).toEqual([expect.stringMatching(new RegExp(`^:mag: <@${dev}> asked to see other mentors; nobody else fits them yet: .+\\.$`))]);
  });
});

describe('the request that follows', () => {
  it("is in both people's exports, but only the mentee's says it was a fresh start and why", async () => {
    await aikoMentorsToo();
    await rate(dev, scores('1', '2', '2'));
    await user(dev).click(RATING_OTHERS_ACTION);
    await stack.settle();
    await user(dev).click(`request:${aiko}`);
    await stack.settle();
    const requestOf = async (id: string) => ((await personExport(stack.database.db, id))?.mentorships as Record<string, unknown>[]).find((m) => m.mentorId === aiko);
    expect(await requestOf(dev)).toMatchObject({ status: 'requested', yourRole: 'mentee', replacesMatchId: matchId, rematchVia: 'asked' });
    const mentors = await requestOf(aiko);
    expect(mentors).toMatchObject({ status: 'requested', yourRole: 'mentor', partner: dev });
    expect(mentors).not.toHaveProperty('rematchVia');
    expect(mentors).not.toHaveProperty('replacesMatchId');
  });
});

describe('no offer', () => {
  it('for a fair rating from the mentee, nor for a poor one from the mentor', async () => {
    await aikoMentorsToo();
    await rate(dev, scores('3', '3', '3'));
    expect(actionIds(user(dev).lastMessage()?.blocks)).toEqual([]);
    await rate(chloe, scores('1', '1', '1'));
    expect(user(chloe).lastMessage()?.text).toBe(`Thanks for rating your session with <@${dev}>! You can change it for 48 hours.`);
    expect(actionIds(user(chloe).lastMessage()?.blocks)).toEqual([]);
    expect(suggestedTo(stack, chloe)).toEqual([]);
    expect(notes()).toEqual([]);
  });
});
