import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST } from '../../demo/cast.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { exportPersonData } from '../../src/services/membership.js';
import { join, MENTEE, MENTOR, suggestedTo } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * Issue 13, "Personal exclusions": a person privately lists colleagues they
 * should not be matched with, from their profile; coordinators keep two
 * people apart with a reason only coordinators see. Either is a hard rule
 * in self-serve suggestions and rounds, and nobody else ever sees a list.
 */

let now: Date;
let stack: LocalStack;
const GRACE = CAST.grace.id;
const AIKO = CAST.aiko.id;
const BRUNO = CAST.bruno.id;
const CHLOE = CAST.chloe.id;
const DEV = CAST.dev.id;

beforeEach(async () => {
  now = new Date('2026-11-30T09:30:00Z');
  stack = await startLocalStack({ clock: () => now });
  for (const id of [AIKO, CHLOE]) await join(stack, id, { ...MENTOR, timeZone: 'Europe/Paris', level: '7', skillsOffered: ['negotiation'], capacityMentees: '1' });
  for (const id of [BRUNO, DEV]) await join(stack, id, { ...MENTEE, timeZone: 'Europe/Paris', level: '3', skillsWanted: ['negotiation'] });
});
afterEach(() => stack.stop());

const user = (id: string) => stack.emulator.user(id);
const rows = (query: string, ...params: unknown[]) => rawSql(stack.database).all<Record<string, unknown>>(query, ...params);
const suggested = (id: string) => suggestedTo(stack, id);

async function act(step: () => Promise<unknown>) {
  const result = (await step()) as { errors?: Record<string, string> } | undefined;
  await stack.settle();
  return result?.errors;
}

describe('personal exclusions', () => {
  it('keep a person from ever being suggested or paired with whom they listed, and nobody else sees the list', async () => {
    await act(() => user(BRUNO).slash('/mentor profile'));
    await act(() => user(BRUNO).click('exclusions_edit'));
    expect(await act(() => user(BRUNO).submit({ not_with: { not_with: [BRUNO] } }))).toEqual({ not_with: 'You are never matched with yourself; pick someone else.' });
    expect(await act(() => user(BRUNO).submit({ not_with: { not_with: [AIKO] } }))).toBeUndefined();
    expect(user(BRUNO).lastMessage()?.text).toContain('nobody else can see the list');

    await act(() => user(BRUNO).slash('/mentor match'));
    expect(suggested(BRUNO)).toEqual([CHLOE]);
    // The list comes back pre-filled, for Bruno only.
    await act(() => user(BRUNO).click('exclusions_edit'));
    expect(JSON.stringify(user(BRUNO).modal()?.view.blocks)).toContain(AIKO);

    // A round gives Aiko's one place to Dev and Chloé's to Bruno, never Aiko to Bruno.
    await act(() => user(GRACE).slash('/mentor round'));
    await act(() => user(GRACE).click('round_publish'));
    expect(await rows("select mentor_id, mentee_id from matches where status = 'active' order by mentee_id")).toEqual([
      { mentor_id: CHLOE, mentee_id: BRUNO },
      { mentor_id: AIKO, mentee_id: DEV },
    ]);
    // Aiko's own export does not show that Bruno listed her.
    expect(JSON.stringify(await exportPersonData(stack.deps, AIKO))).not.toContain('notMatchedWith');
    expect(JSON.stringify((await exportPersonData(stack.deps, BRUNO) as { matchExclusions: unknown }).matchExclusions)).toContain(AIKO);
  });

  it('let coordinators keep two people apart with a reason only they see, and lift it again', async () => {
    await act(() => user(DEV).slash('/mentor exclude'));
    expect(user(DEV).modal()).toBeUndefined();
    expect(user(DEV).lastMessage()?.text ?? '').toContain('coordinators');

    await act(() => user(GRACE).slash('/mentor exclude'));
    expect(await act(() => user(GRACE).submit({ first: { first: DEV }, second: { second: DEV }, reason: { reason: 'x' } }))).toEqual({ second: 'Pick two different people.' });
    expect(await act(() => user(GRACE).submit({ first: { first: DEV }, second: { second: CHLOE }, reason: { reason: '   ' } }))).toEqual({ reason: 'Say why, for the other coordinators (nobody else sees it).' });
    expect(await act(() => user(GRACE).submit({ first: { first: DEV }, second: { second: CHLOE }, reason: { reason: 'Chloé manages Dev’s partner team; a known conflict' } }))).toBeUndefined();
    expect(await rows('select person_id, excluded_id, added_by, reason from match_exclusions')).toEqual([{ person_id: DEV, excluded_id: CHLOE, added_by: GRACE, reason: 'Chloé manages Dev’s partner team; a known conflict' }]);

    // The form, opened again, shows the coordinators every rule with its reason; a person's own list never appears there.
    await act(() => user(BRUNO).slash('/mentor profile'));
    await act(() => user(BRUNO).click('exclusions_edit'));
    await act(() => user(BRUNO).submit({ not_with: { not_with: [AIKO] } }));
    expect(await act(() => user(GRACE).slash('/mentor exclude'))).toBeUndefined();
    expect(await act(() => user(GRACE).submit({ first: { first: AIKO }, second: { second: DEV }, reason: { reason: 'Reports to <!channel> Aiko' } }))).toBeUndefined();
    await act(() => user(GRACE).slash('/mentor exclude'));
    const form = JSON.stringify(user(GRACE).modal()?.view.blocks);
    expect(form).toContain(`<@${DEV}> and <@${CHLOE}>, kept apart by <@${GRACE}> on 2026-11-30`);
    expect(form).toContain('> Chloé manages Dev’s partner team; a known conflict');
    expect(form).toContain('> Reports to &lt;!channel&gt; Aiko');
    expect(form).not.toContain(BRUNO);
    await act(() => user(GRACE).submit({ first: { first: AIKO }, second: { second: DEV }, reason: { reason: '' }, remove: { remove: ['remove'] } }));

    await act(() => user(DEV).slash('/mentor match'));
    expect(suggested(DEV)).toEqual([AIKO]);
    // Dev's export says coordinators keep them apart from Chloé, never why.
    const exported = JSON.stringify((await exportPersonData(stack.deps, DEV) as { matchExclusions: unknown }).matchExclusions);
    expect(exported).toContain(CHLOE);
    expect(exported).not.toContain('known conflict');

    await act(() => user(GRACE).slash('/mentor exclude'));
    await act(() => user(GRACE).submit({ first: { first: CHLOE }, second: { second: DEV }, reason: { reason: '' }, remove: { remove: ['remove'] } }));
    expect(await rows('select count(*) as n from match_exclusions where added_by = ?', GRACE)).toEqual([{ n: 0 }]);
  });

  it('skip a mentor busy until a date, and offer them again the day after, with their place kept', async () => {
    await act(() => user(AIKO).slash('/mentor profile'));
    await act(() => user(AIKO).click('busy_until_edit'));
    expect(await act(() => user(AIKO).submit({ busy_until: { busy_until: '2026-11-01' } }))).toEqual({ busy_until: 'Pick a date after today, or leave it empty to be available now.' });
    expect(await act(() => user(AIKO).submit({ busy_until: { busy_until: '2026-12-14' } }))).toBeUndefined();
    expect(user(AIKO).lastMessage()?.text).toContain('nobody new is offered to you until after 2026-12-14');

    await act(() => user(BRUNO).slash('/mentor match'));
    expect(suggested(BRUNO)).toEqual([CHLOE]);
    // The day after, in Paris, she is offered again with nothing to do.
    now = new Date('2026-12-15T09:00:00Z');
    await act(() => user(DEV).slash('/mentor match'));
    expect(suggested(DEV).sort()).toEqual([AIKO, CHLOE].sort());
  });
});

