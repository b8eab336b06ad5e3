import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { intakeForm, SAMPLE_INTAKE } from '../../demo/forms.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST } from '../../demo/cast.js';
import { renderMessage } from '../../emulator/index.js';
import { rowsMentioning, snapshot } from '../support/db.js';
import { rawSql } from '../support/rawSql.js';

let now = new Date('2026-11-26T10:00:00Z');
let stack: LocalStack;
beforeEach(async () => {
  now = new Date('2026-11-26T10:00:00Z');
  stack = await startLocalStack({ clock: () => now });
});
afterEach(() => stack.stop());

async function join(userId: string, timeZone: string) {
  const person = stack.emulator.user(userId);
  await person.slash('/mentor join');
  await stack.settle();
  const result = await person.submit(intakeForm({ ...SAMPLE_INTAKE, timeZone }));
  await stack.settle();
  expect(result.errors).toBeUndefined();
  return person;
}

async function pair(mentorId: string, menteeId: string): Promise<number> {
  const result = await rawSql(stack.database).run(
    "insert into matches (mentor_id, mentee_id, kind, status, source, requested_at, decided_at, reasons) values (?, ?, 'mentoring', 'active', 'round', ?, ?, ?) returning id",
    mentorId,
    menteeId,
    now.getTime(),
    now.getTime(),
    JSON.stringify(['Offers TypeScript, which you want']),
  );
  return Number(result.lastId);
}

const status = async (userId: string) => (await rawSql(stack.database).get<{ status: string; paused_until: number | null }>('select status, paused_until from people where id = ?', userId))!;

describe('pause and resume', () => {
  it('pauses for some weeks, shows it on Home, and resumes', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    await aiko.slash('/mentor pause 3');
    await stack.settle();
    expect(await status(CAST.aiko.id)).toEqual({ status: 'paused', paused_until: now.getTime() + 21 * 86_400_000 });
    expect(aiko.lastMessage()?.text).toContain('You are paused until');
    expect(JSON.stringify(aiko.home()?.view)).toContain('home_resume');
    await aiko.slash('/mentor resume');
    await stack.settle();
    expect(await status(CAST.aiko.id)).toEqual({ status: 'active', paused_until: null });
    expect(aiko.lastMessage()?.text).toContain('Welcome back');
  });

  it('pauses until resumed when no length is given, and explains a bad length', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    await aiko.slash('/mentor pause');
    expect(await status(CAST.aiko.id)).toEqual({ status: 'paused', paused_until: null });
    await aiko.slash('/mentor pause forever');
    expect(aiko.lastMessage()?.text).toContain('"forever" is not a number of weeks');
    expect(await status(CAST.aiko.id)).toEqual({ status: 'paused', paused_until: null });
  });

  it('pauses and resumes from the Home tab', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    await aiko.openHome();
    await stack.settle();
    await aiko.click('home_pause');
    await stack.settle();
    expect((await status(CAST.aiko.id)).status).toBe('paused');
    await aiko.click('home_resume');
    await stack.settle();
    expect((await status(CAST.aiko.id)).status).toBe('active');
  });

  it('says there is nothing to resume when a dated pause has already lapsed', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    await aiko.slash('/mentor pause 1');
    now = new Date(now.getTime() + 8 * 86_400_000);
    await aiko.slash('/mentor resume');
    expect(aiko.lastMessage()?.text).toContain('You are not paused');
  });

  it('never messages a paused partner: the note waits for them to resume', async () => {
    await join(CAST.aiko.id, 'Asia/Tokyo');
    const chloe = await join(CAST.chloe.id, 'Europe/Paris');
    await pair(CAST.aiko.id, CAST.chloe.id);
    await chloe.slash('/mentor pause');
    const toChloe = () => stack.emulator.callsTo('chat.postMessage').filter((c) => c.args.channel === CAST.chloe.id).length;
    const [messagesBefore, callsBefore] = [chloe.messages().length, toChloe()];
    const aiko = stack.emulator.user(CAST.aiko.id);
    await aiko.slash('/mentor leave');
    await aiko.click('leave_confirm');
    await stack.settle();
    expect(chloe.messages()).toHaveLength(messagesBefore);
    expect(toChloe()).toBe(callsBefore);
    expect(await rawSql(stack.database).all("select status from outbox where recipient = ? and idempotency_key like 'match:%'", CAST.chloe.id)).toEqual([{ status: 'pending' }]);
    await chloe.slash('/mentor resume');
    await stack.settle();
    expect(chloe.messages().map((m) => m.text)).toContainEqual(expect.stringContaining(`Your mentorship with <@${CAST.aiko.id}> has ended`));
  });
});

describe('/mentor leave', () => {
  it('asks first; "Stay" changes nothing', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    const before = await snapshot(stack);
    await aiko.slash('/mentor leave');
    expect(renderMessage(aiko.lastMessage() ?? {}).join('\n')).toContain('Leave the mentoring program?');
    await aiko.click('leave_cancel');
    await stack.settle();
    expect(aiko.lastMessage()?.text).toBe('Nothing changed. You are still in the program.');
    expect(await snapshot(stack)).toEqual(before);
  });

  it('someone coming back after leaving agrees afresh: the consent box is not ticked for them', async () => {
    // Reproduced on main: the form came pre-filled with consent already given, so rejoining asked for no agreement.
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    await aiko.slash('/mentor leave');
    await stack.settle();
    await aiko.click('leave_confirm');
    await stack.settle();
    await aiko.slash('/mentor join');
    await stack.settle();
    const consent = (aiko.modal()?.view.blocks as { block_id?: string; element?: { initial_options?: unknown[] } }[]).find((b) => b.block_id === 'consent');
    expect(consent?.element?.initial_options).toBeUndefined();
    const result = await aiko.submit({ ...intakeForm({ ...SAMPLE_INTAKE, timeZone: 'Asia/Tokyo' }), consent: { consent: [] } });
    expect(result.errors?.consent).toMatch(/^Please agree before joining/);
    expect((await status(CAST.aiko.id)).status).toBe('left');
  });

  it('ends active mentorships and tells each partner politely', async () => {
    await join(CAST.aiko.id, 'Asia/Tokyo');
    const chloe = await join(CAST.chloe.id, 'Europe/Paris');
    const dev = await join(CAST.dev.id, 'Asia/Kolkata');
    const first = await pair(CAST.aiko.id, CAST.chloe.id);
    const second = await pair(CAST.dev.id, CAST.aiko.id);
    const aiko = stack.emulator.user(CAST.aiko.id);
    await aiko.slash('/mentor leave');
    expect(aiko.lastMessage()?.text).toContain('Your 2 mentorships end');
    await aiko.click('leave_confirm');
    await stack.settle();
    expect(aiko.lastMessage()?.text).toContain('You have left the mentoring program. Your 2 mentorships have ended');
    expect((await status(CAST.aiko.id)).status).toBe('left');
    const ended = await rawSql(stack.database).all('select id, status, end_reason from matches order by id');
    expect(ended).toEqual([
      { id: first, status: 'ended', end_reason: 'partner left the program' },
      { id: second, status: 'ended', end_reason: 'partner left the program' },
    ]);
    for (const partner of [chloe, dev]) expect(partner.lastMessage()?.text).toContain(`Your mentorship with <@${CAST.aiko.id}> has ended`);
    // Leaving again is refused kindly; joining again works.
    await aiko.slash('/mentor leave');
    expect(aiko.lastMessage()?.text).toContain('not in the mentoring program');
  });

  it('closes a pending request rather than "ending a mentorship": each side is told what it was, and nothing else follows', async () => {
    await join(CAST.aiko.id, 'Asia/Tokyo');
    const chloe = await join(CAST.chloe.id, 'Europe/Paris');
    const dev = await join(CAST.dev.id, 'Asia/Kolkata');
    const request = (mentorId: string, menteeId: string) =>
      rawSql(stack.database).run("insert into matches (mentor_id, mentee_id, kind, status, source, requested_at) values (?, ?, 'mentoring', 'requested', 'self_serve', ?)", mentorId, menteeId, now.getTime());
    // Chloe asked Aiko; Aiko leaves: she has no mentorship to end.
    await request(CAST.aiko.id, CAST.chloe.id);
    const aiko = stack.emulator.user(CAST.aiko.id);
    await aiko.slash('/mentor leave');
    expect(aiko.lastMessage()?.text).toContain('You have no active mentorships.');
    await aiko.click('leave_confirm');
    await stack.settle();
    expect(aiko.lastMessage()?.text).toMatch(/^You have left the mentoring program\. Thank you/);
    expect(chloe.lastMessage()?.text).toBe(`Your request to <@${CAST.aiko.id}> is closed: they have stepped back from the mentoring program. Nothing else has changed; \`/mentor match\` suggests others when you are ready.`);
    // No suggestions pushed at her, and nothing to the coordinators about a "rematch".
    expect(JSON.stringify(chloe.messages())).not.toContain('"action_id":"request:');
    expect(stack.emulator.user(CAST.grace.id).messages()).toEqual([]);

    // Dev asked Chloe, then erases his data: Chloe hears a request was withdrawn, naming nobody.
    await request(CAST.chloe.id, CAST.dev.id);
    await dev.slash('/mentor delete-my-data');
    await dev.click('delete_confirm');
    await stack.settle();
    expect(chloe.lastMessage()?.text).toBe("A request for you to be someone's mentor is withdrawn: they have stepped back from the mentoring program. Nothing is needed from you.");
  });

  it('leaves from the Home tab too', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    await aiko.openHome();
    await stack.settle();
    await aiko.click('home_leave');
    await stack.settle();
    expect((await status(CAST.aiko.id)).status).toBe('left');
    expect(JSON.stringify(aiko.home()?.view)).toContain('intake_open');
  });
});

describe('privacy', () => {
  it('exports everything stored about the person as a file in their DM, and nothing of others', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    await join(CAST.chloe.id, 'Europe/Paris');
    await rawSql(stack.database).run("update goals set aim = 'Chloé private goal' where person_id = ?", CAST.chloe.id);
    await pair(CAST.aiko.id, CAST.chloe.id);
    await aiko.slash('/mentor export-my-data');
    await stack.settle();
    const file = aiko.lastMessage()?.files?.[0];
    expect(file?.name).toBe('my-mentoring-data.json');
    const data = JSON.parse(file?.content.toString() ?? '{}');
    expect(data.person).toMatchObject({ id: CAST.aiko.id, timeZone: 'Asia/Tokyo' });
    expect(data.goals).toEqual([expect.objectContaining({ aim: 'Lead my first cross-team project' })]);
    expect(data.skills).toHaveLength(4);
    expect(data.mentorships).toEqual([expect.objectContaining({ yourRole: 'mentor', partner: CAST.chloe.id })]);
    expect(JSON.stringify(data)).not.toContain('Chloé private goal');
  });

  it('tells a stranger we hold nothing', async () => {
    const emma = stack.emulator.user(CAST.emma.id);
    await emma.slash('/mentor export-my-data');
    expect(emma.lastMessage()?.text).toBe('We hold no data about you.');
    await emma.slash('/mentor delete-my-data');
    expect(emma.lastMessage()?.text).toBe('We hold no data about you.');
  });

  it('deletes every personal row after confirmation, keeping anonymous aggregates, and says what was kept', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    const chloe = await join(CAST.chloe.id, 'Europe/Paris');
    const match = await pair(CAST.aiko.id, CAST.chloe.id);
    const sql = rawSql(stack.database);
    const session = Number((await sql.run("insert into sessions (match_id, starts_at, ends_at, status) values (?, 0, 1, 'held') returning id", match)).lastId);
    await sql.run("insert into ratings (session_id, rater_id, happened, usefulness, clarity, applicability, comment) values (?, ?, true, 5, 4, 3, 'Aiko wrote this')", session, CAST.aiko.id);
    await sql.run("insert into check_ins (match_id, person_id, kind, due_at, answer, note) values (?, ?, 'mentor', 0, 'going_well', 'private note')", match, CAST.aiko.id);

    await aiko.slash('/mentor delete-my-data');
    await aiko.click('delete_confirm');
    await stack.settle();

    expect(await rowsMentioning(stack, CAST.aiko.id)).toEqual({});
    expect(await rowsMentioning(stack, 'Aiko wrote this')).toEqual({});
    expect(await rowsMentioning(stack, 'private note')).toEqual({});
    expect(await sql.all('select usefulness, clarity, applicability, rater_id from ratings')).toEqual([{ usefulness: 5, clarity: 4, applicability: 3, rater_id: null }]);
    expect(await sql.all('select status, mentor_id, mentee_id from matches')).toEqual([{ status: 'ended', mentor_id: null, mentee_id: CAST.chloe.id }]);
    const reply = aiko.lastMessage()?.text ?? '';
    expect(reply).toContain('Your mentoring data is deleted');
    expect(reply).toContain('1 past mentorship, the scores of 1 session rating you gave, 1 check-in answer');
    expect(chloe.lastMessage()?.text).toContain('One of your mentorships has ended');
    expect(JSON.stringify(aiko.home()?.view)).toContain('intake_open');
  });

  it('"Keep my data" keeps it', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    const before = await snapshot(stack);
    await aiko.slash('/mentor delete-my-data');
    await aiko.click('delete_cancel');
    await stack.settle();
    expect(await snapshot(stack)).toEqual(before);
  });
});

describe('coordinators', () => {
  it('see the program overview; anyone else is refused clearly', async () => {
    await join(CAST.aiko.id, 'Asia/Tokyo');
    await join(CAST.chloe.id, 'Europe/Paris');
    await stack.emulator.user(CAST.chloe.id).slash('/mentor pause');
    const grace = stack.emulator.user(CAST.grace.id);
    await grace.slash('/mentor overview');
    const seen = renderMessage(grace.lastMessage() ?? {}).join('\n');
    expect(seen).toContain('*Members* 2');
    expect(seen).toContain('*Active now* 1 (1 paused)');
    expect(seen).toContain('*Mentors* 2');
    const aiko = stack.emulator.user(CAST.aiko.id);
    await aiko.slash('/mentor overview');
    // Who the coordinators are, not an environment variable nobody outside IT has heard of.
    expect(aiko.lastMessage()?.text).toBe(`Only program coordinators can use \`/mentor overview\`. The coordinators are <@${CAST.grace.id}>; ask them if you would like to help run the program.`);
    expect(aiko.lastMessage()?.text).not.toContain('COORDINATOR_USER_IDS');
  });

  it('see the overview on their Home tab; members see their mentorships', async () => {
    const aiko = await join(CAST.aiko.id, 'Asia/Tokyo');
    await join(CAST.chloe.id, 'Europe/Paris');
    await pair(CAST.aiko.id, CAST.chloe.id);
    await aiko.openHome();
    const grace = stack.emulator.user(CAST.grace.id);
    await grace.openHome();
    await stack.settle();
    const aikoHome = JSON.stringify(aiko.home()?.view);
    expect(aikoHome).toContain(`<@${CAST.chloe.id}>, your mentee`);
    expect(aikoHome).not.toContain('Program overview');
    const graceHome = JSON.stringify(grace.home()?.view);
    expect(graceHome).toContain('intake_open'); // Grace has not joined herself
    expect(graceHome).toContain('Program overview');
    expect(graceHome).toContain('*Members*\\n2');
  });
});
