import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../../emulator/index.js';
import { buildCheckInNoteModal, buildMenteeGoalCheckIn, buildMentorCheckIn, buildCheckInAlert, CHECK_IN_ACTIONS, CHECK_IN_NOTE_BLOCK, CHECK_IN_NOTE_CALLBACK, type CheckInAnswer, GOAL_CHECK_IN_ACTIONS } from '../../src/views/checkInMessages.js';
import { buildNoSlots, buildSessionCancelled, buildSessionConfirmed, buildSessionReminder, buildSlotProposal, SCHEDULE_ACTION, SESSION_ACTIONS, SLOT_NONE_ACTION, SLOT_PICK_ACTION, SLOT_PICK_ACTION_PREFIX, MAX_SLOTS } from '../../src/views/sessionMessages.js';
import { buildSilencePauseNotice, PAIR_RESUME_ACTION, PAIR_RESUME_PREFIX } from '../../src/views/pausedPairMessages.js';
import { buildStalledFlag, buildStalledNudge, STALL_ACTIONS } from '../../src/views/stalledPairMessages.js';

type Msg = { text: string; blocks: unknown[] };
type ButtonJson = { action_id: string; value: string; text: { text: string }; style?: string; confirm?: Record<string, { text: string }> };

const buttons = (m: Msg): ButtonJson[] =>
  (m.blocks as { type: string; elements?: unknown[]; accessory?: unknown }[]).flatMap((b) => [...(b.type === 'actions' ? (b.elements ?? []) : []), ...(b.accessory ? [b.accessory] : [])]) as ButtonJson[];
const byAction = (m: Msg, id: string) => buttons(m).find((b) => b.action_id === id) as ButtonJson;
/** All the mrkdwn a reader sees, as Slack would parse it. */
const shown = (m: Msg) => JSON.stringify(m.blocks);
const unixOf = (d: Date) => String(Math.floor(d.getTime() / 1000));
const start = new Date('2026-05-12T14:00:00Z');
const end = new Date('2026-05-12T14:45:00Z');
const hostile = 'Please help <!channel> & <@U999> *now*\n> quoted <https://evil.example|click>';

function expectValid(m: Msg) {
  expect(validateBlocks(m.blocks)).toEqual([]);
  expect(m.text.length).toBeGreaterThan(0);
}

describe('buildMentorCheckIn', () => {
  const msg = buildMentorCheckIn({ checkInId: 41, matchId: 9, menteeId: 'U2', weeksTogether: 6, nextSessionAt: start });

  it('asks about the mentee, with five answers carrying the check-in id and a Schedule button carrying the match id', () => {
    expectValid(msg);
    expect(msg.text).toContain('<@U2>');
    expect(shown(msg)).toContain('6 weeks');
    expect(shown(msg)).toContain(`<!date^${unixOf(start)}^`);
    for (const id of Object.values(CHECK_IN_ACTIONS)) expect(byAction(msg, id).value).toBe('41');
    expect(byAction(msg, SCHEDULE_ACTION).value).toBe('9');
    expect(buttons(msg)).toHaveLength(6);
  });

  it('guards "End mentorship" with a danger style and a confirm dialog', () => {
    const endButton = byAction(msg, CHECK_IN_ACTIONS.end);
    expect(endButton.style).toBe('danger');
    expect(endButton.confirm?.title?.text).toBeTruthy();
    expect(endButton.confirm?.confirm?.text).toBeTruthy();
    expect(endButton.confirm?.deny?.text).toBeTruthy();
    for (const id of [CHECK_IN_ACTIONS.goingWell, CHECK_IN_ACTIONS.needHelp, CHECK_IN_ACTIONS.notMet, CHECK_IN_ACTIONS.pause]) expect(byAction(msg, id).confirm).toBeUndefined();
  });

  it('says when nothing is booked, and copes with a brand-new pair', () => {
    const none = buildMentorCheckIn({ checkInId: 1, matchId: 2, menteeId: 'U2', weeksTogether: 0, nextSessionAt: null });
    expectValid(none);
    // After a session has been held there may be none booked: the check-in speaks of the next one only.
    expect(shown(none)).toContain('There is no upcoming session booked.');
    expect(shown(none)).not.toContain('no session booked yet');
    expect(shown(none)).not.toContain('<!date^');
    expect(shown(buildMentorCheckIn({ checkInId: 1, matchId: 2, menteeId: 'U2', weeksTogether: 1, nextSessionAt: null }))).toContain('1 week.');
  });

  it('uses the exact action ids the listeners expect', () => {
    expect(CHECK_IN_ACTIONS).toEqual({ goingWell: 'checkin_going_well', needHelp: 'checkin_need_help', notMet: 'checkin_not_met', pause: 'checkin_pause', end: 'checkin_end' });
    expect(SCHEDULE_ACTION).toBe('session_schedule');
  });
});

describe('buildCheckInNoteModal', () => {
  it('is a valid modal for every answer, carrying the check-in and answer in its metadata', () => {
    for (const answer of Object.keys(CHECK_IN_ACTIONS) as CheckInAnswer[]) {
      const modal = buildCheckInNoteModal({ checkInId: 41, answer });
      expect(validateView(modal, 'modal')).toEqual([]);
      expect(modal.title.text.length).toBeLessThanOrEqual(24);
      expect(modal.callback_id).toBe(CHECK_IN_NOTE_CALLBACK);
      expect(modal.submit?.text).toBe('Send');
      expect(JSON.parse(modal.private_metadata ?? '')).toEqual({ checkInId: 41, answer });
      const input = modal.blocks.find((b) => b.block_id === CHECK_IN_NOTE_BLOCK) as Record<string, any>;
      expect(input).toMatchObject({ type: 'input', optional: true, element: { type: 'plain_text_input', action_id: CHECK_IN_NOTE_BLOCK, multiline: true, max_length: 1000 } });
    }
  });
});

describe('buildMenteeGoalCheckIn', () => {
  it('lists the goals, escaped, with the three answers carrying the check-in id', () => {
    const msg = buildMenteeGoalCheckIn({ checkInId: 77, mentorId: 'U1', goals: [{ aim: 'Ship <!here> a talk & demo', dueOn: '2026-09-30' }] });
    expectValid(msg);
    expect(shown(msg)).toContain('<@U1>');
    expect(shown(msg)).toContain('Ship &lt;!here&gt; a talk &amp; demo');
    expect(shown(msg)).not.toContain('<!here>');
    expect(shown(msg)).toContain('2026-09-30');
    for (const id of Object.values(GOAL_CHECK_IN_ACTIONS)) expect(byAction(msg, id).value).toBe('77');
    expect(GOAL_CHECK_IN_ACTIONS).toEqual({ onTrack: 'goals_on_track', stuck: 'goals_stuck', done: 'goals_done' });
  });

  it('stays within Block Kit limits with three very long goals, and with none', () => {
    const goals = [1, 2, 3].map((n) => ({ aim: `${'<&>'.repeat(900)} goal ${n}`, dueOn: '2027-01-31' }));
    const long = buildMenteeGoalCheckIn({ checkInId: 1, mentorId: 'U1', goals });
    expectValid(long);
    expect(shown(long)).toContain('…');
    const many = buildMenteeGoalCheckIn({ checkInId: 1, mentorId: 'U1', goals: Array.from({ length: 60 }, (_, i) => ({ aim: `goal ${i}`, dueOn: '2027-01-31' })) });
    expectValid(many);
    expect(shown(many)).toContain('50 more');
    const empty = buildMenteeGoalCheckIn({ checkInId: 1, mentorId: 'U1', goals: [] });
    expectValid(empty);
    expect(shown(empty)).toContain('/mentor profile');
  });
});

describe('buildCheckInAlert', () => {
  it('names who asked and the pair, quotes the note as inert text, and offers no stall buttons', () => {
    const msg = buildCheckInAlert({ matchId: 9, authorId: 'U1', partnerId: 'U2', answer: 'needHelp', note: hostile });
    expectValid(msg);
    expect(msg.text).toContain('<@U1> asked for help');
    expect(msg.text).toContain('<@U2>');
    const text = shown(msg);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('&lt;@U999&gt;');
    expect(text).toContain('&lt;https://evil.example|click&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toContain('<@U999>');
    expect(text).toContain('check-in');
    expect(buttons(msg)).toEqual([]);
  });

  it('stays within limits with a 1000-character note full of characters that grow when escaped', () => {
    const msg = buildCheckInAlert({ matchId: 9, authorId: 'U1', partnerId: 'U2', answer: 'needHelp', note: '&'.repeat(1000) });
    expectValid(msg);
    const noNote = buildCheckInAlert({ matchId: 9, authorId: 'U1', partnerId: 'U2', answer: 'needHelp', note: null });
    expectValid(noNote);
    expect(shown(noNote)).toContain('No note');
    expect(shown(buildCheckInAlert({ matchId: 9, authorId: 'U1', partnerId: 'U2', answer: 'needHelp', note: '   ' }))).toContain('No note');
  });
});

describe('quiet pairs', () => {
  it('the silence pause is kind, blames no one, and offers Resume with the match id', () => {
    const msg = buildSilencePauseNotice({ partnerId: 'U2', matchId: 9 });
    expectValid(msg);
    expect(msg.text).toContain('<@U2>');
    expect(msg.text).toMatch(/paused reminders/);
    expect(byAction(msg, `${PAIR_RESUME_PREFIX}9`)).toMatchObject({ value: '9', text: { text: 'Resume this mentorship' } });
    expect(shown(msg)).not.toMatch(/you (didn't|did not|failed|ignored)/i);
    expect(PAIR_RESUME_ACTION.test('pair_resume:9')).toBe(true);
  });

  it('the four-week nudge names the partner and offers to schedule', () => {
    const msg = buildStalledNudge({ partnerId: 'U2', weeks: 4, matchId: 9 });
    expectValid(msg);
    expect(msg.text).toContain('<@U2>');
    expect(msg.text).toContain('4 weeks');
    expect(byAction(msg, SCHEDULE_ACTION).value).toBe('9');
  });

  it('the coordinators flag shows the pair, the silence and three actions on the match, Close confirmed', () => {
    const last = new Date('2026-03-01T10:00:00Z');
    const msg = buildStalledFlag({ matchId: 9, mentorId: 'U1', menteeId: 'U2', weeksSilent: 6, lastSignOfLife: last });
    expectValid(msg);
    expect(msg.text).toContain('<@U1> and <@U2>');
    expect(msg.text).toContain('6 weeks');
    expect(shown(msg)).toContain(`<!date^${unixOf(last)}^`);
    expect(buttons(msg).map((b) => [b.action_id, b.value])).toEqual([
      [STALL_ACTIONS.nudge, '9'],
      [STALL_ACTIONS.rematch, '9'],
      [STALL_ACTIONS.close, '9'],
    ]);
    expect(byAction(msg, STALL_ACTIONS.close).confirm).toBeDefined();
    expect(STALL_ACTIONS).toEqual({ nudge: 'stalled_nudge', rematch: 'stalled_rematch', close: 'stalled_close' });
  });
});

describe('buildSlotProposal', () => {
  const slots = [0, 1, 2, 3].map((d) => ({ start: new Date(start.getTime() + d * 86_400_000), end: new Date(end.getTime() + d * 86_400_000) }));

  it('offers at most three times, each as a time-free button with the proposal and index, plus None', () => {
    const msg = buildSlotProposal({ proposalId: 5, fromId: 'U1', toId: 'U2', slots, reason: 'requested' });
    expectValid(msg);
    expect(msg.text).toContain('<@U1>');
    const picks = buttons(msg).filter((b) => SLOT_PICK_ACTION.test(b.action_id));
    expect(picks).toHaveLength(MAX_SLOTS);
    picks.forEach((b, i) => {
      expect(b.action_id).toBe(`${SLOT_PICK_ACTION_PREFIX}${i}`);
      expect(JSON.parse(b.value)).toEqual({ proposalId: 5, index: i });
      expect(b.text.text).toBe(`Option ${i + 1}`);
      expect(b.text.text).not.toContain('<!date');
    });
    expect(byAction(msg, SLOT_NONE_ACTION).text.text).toBe('None of these work');
    // Each offered time is a date token in the text, so readers see their own zone; the fourth is not offered.
    for (const s of slots.slice(0, 3)) expect(shown(msg)).toContain(`<!date^${unixOf(s.start)}^`);
    expect(shown(msg)).not.toContain(`<!date^${unixOf(slots[3]!.start)}^`);
    expect(SLOT_PICK_ACTION_PREFIX).toBe('slot_pick:');
    expect(SLOT_NONE_ACTION).toBe('slot_none');
  });

  it('explains the protected monthly reverse-mentoring time', () => {
    const msg = buildSlotProposal({ proposalId: 5, fromId: 'U1', toId: 'U2', slots: slots.slice(0, 2), reason: 'reverse_monthly' });
    expectValid(msg);
    expect(shown(msg)).toMatch(/monthly reverse-mentoring/);
    expect(shown(msg)).toMatch(/protected/);
    expect(buttons(msg).filter((b) => SLOT_PICK_ACTION.test(b.action_id))).toHaveLength(2);
  });

  it('is still valid with no slots: only None is offered', () => {
    const msg = buildSlotProposal({ proposalId: 5, fromId: 'U1', toId: 'U2', slots: [], reason: 'requested' });
    expectValid(msg);
    expect(buttons(msg).map((b) => b.action_id)).toEqual([SLOT_NONE_ACTION]);
  });

  it('says when there is no common time and where to check working hours', () => {
    const msg = buildNoSlots({ partnerId: 'U2' });
    expectValid(msg);
    expect(msg.text).toContain('<@U2>');
    expect(msg.text).toContain('14 days');
    expect(shown(msg)).toContain('/mentor profile');
  });
});

describe('session messages', () => {
  it('confirms a booking with the time, the calendar file, and Reschedule / Cancel on the session', () => {
    const msg = buildSessionConfirmed({ sessionId: 33, partnerId: 'U2', start, end });
    expectValid(msg);
    expect(msg.text).toContain('<@U2>');
    expect(shown(msg)).toContain(`<!date^${unixOf(start)}^`);
    expect(shown(msg)).toContain(`<!date^${unixOf(end)}^`);
    expect(shown(msg)).toMatch(/calendar file/);
    expect(byAction(msg, SESSION_ACTIONS.reschedule).value).toBe('33');
    expect(byAction(msg, SESSION_ACTIONS.cancel)).toMatchObject({ value: '33', style: 'danger' });
    expect(byAction(msg, SESSION_ACTIONS.cancel).confirm).toBeDefined();
    expect(SESSION_ACTIONS).toEqual({ reschedule: 'session_reschedule', cancel: 'session_cancel' });
  });

  it('reminds a day and an hour before', () => {
    for (const hoursBefore of [24, 1] as const) {
      const msg = buildSessionReminder({ sessionId: 33, partnerId: 'U2', start, hoursBefore });
      expectValid(msg);
      expect(msg.text).toContain('<@U2>');
      expect(msg.text).toContain(`<!date^${unixOf(start)}^`);
      expect(byAction(msg, SESSION_ACTIONS.cancel).value).toBe('33');
    }
    expect(buildSessionReminder({ sessionId: 33, partnerId: 'U2', start, hoursBefore: 1 }).text).toContain('in an hour');
  });

  it('says who cancelled', () => {
    const byPartner = buildSessionCancelled({ partnerId: 'U2', start, byId: 'U2' });
    expectValid(byPartner);
    expect(byPartner.text).toContain('<@U2> cancelled');
    expect(byPartner.text).toContain(`<!date^${unixOf(start)}^`);
    const byCoordinator = buildSessionCancelled({ partnerId: 'U2', start, byId: 'U9' });
    expectValid(byCoordinator);
    expect(byCoordinator.text).toContain('cancelled by <@U9>');
  });
});

describe('every builder', () => {
  it('keeps button text within 75 characters and values within 2000', () => {
    const all: Msg[] = [
      buildMentorCheckIn({ checkInId: 2 ** 31, matchId: 2 ** 31, menteeId: 'U2', weeksTogether: 300, nextSessionAt: start }),
      buildMenteeGoalCheckIn({ checkInId: 1, mentorId: 'U1', goals: [] }),
      buildSilencePauseNotice({ partnerId: 'U2', matchId: 1 }),
      buildStalledNudge({ partnerId: 'U2', weeks: 5, matchId: 1 }),
      buildStalledFlag({ matchId: 1, mentorId: 'U1', menteeId: 'U2', weeksSilent: 7, lastSignOfLife: start }),
      buildSlotProposal({ proposalId: 2 ** 31, fromId: 'U1', toId: 'U2', slots: [{ start, end }], reason: 'requested' }),
      buildSessionConfirmed({ sessionId: 1, partnerId: 'U2', start, end }),
    ];
    for (const m of all) {
      expectValid(m);
      for (const b of buttons(m)) {
        expect(b.text.text.length).toBeLessThanOrEqual(75);
        expect(b.value.length).toBeLessThanOrEqual(2000);
      }
    }
  });
});
