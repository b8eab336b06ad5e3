import { CAST } from './cast.js';
import { programForm, SAMPLE_PROGRAM } from './forms.js';
import type { LocalStack } from './stack.js';
import type { Transcript } from './transcript.js';

/**
 * The demo's second program: a twelve-week reverse-mentoring cohort for the
 * leadership team, run from its own channel in New York time. People apply,
 * the coordinator approves, everyone rates a starting point, a weekly
 * automatic round previews itself and publishes after its review window,
 * and the cohort closes with a survey and a report of its outcomes.
 */

export const REVERSE_CHANNEL = { id: 'C0REVERSE1', name: 'reverse-mentoring' } as const;

const NAME = 'Reverse mentoring: leadership team';
const ZONE = 'America/New_York';
/** 09:00 in New York on the cohort's milestone days (EST before 14 March 2027, EDT after). */
const AT = {
  kickoff: new Date('2027-02-01T14:00:00Z'),
  midpoint: new Date('2027-03-15T13:00:00Z'),
  keepGoing: new Date('2027-04-19T13:00:00Z'),
  close: new Date('2027-04-26T13:00:00Z'),
  report: new Date('2027-05-03T13:00:00Z'),
} as const;

/** Junior colleagues who give, senior leaders who receive; each pair shares part of a working day. */
const GIVERS: readonly string[] = [CAST.dev.id, CAST.bruno.id];
const LEADERS: readonly string[] = [CAST.chloe.id, CAST.emma.id];
const GOALS: Record<string, string> = {
  [CAST.chloe.id]: 'Understand how early-career engineers want feedback',
  [CAST.emma.id]: 'Use the AI tools my team already relies on',
};

export interface SceneClock {
  now(): Date;
  set(at: Date): void;
}

export interface Scene {
  stack: LocalStack;
  transcript: Transcript;
  names: Record<string, string>;
  clock: SceneClock;
  /** Every job that is due at `now`, as cron would run them. */
  runDue(now: Date): Promise<void>;
}

export async function reverseMentoringCohort({ stack, transcript, names, clock, runDue }: Scene): Promise<void> {
  const as = (id: string) => stack.emulator.user(id);
  const sql = stack.database.sqlite;
  const act = async (id: string, what: string, step: () => Promise<{ errors?: Record<string, string> } | unknown>) => {
    transcript.action(id, what);
    const result = (await step()) as { errors?: Record<string, string> } | undefined;
    await stack.settle();
    if (result && typeof result === 'object' && 'errors' in result && result.errors) throw new Error(`${what}: ${JSON.stringify(result.errors)}`);
  };
  /** Cron's ticks, hourly, for `hours` from `from`: messages wait for each person's working hours. */
  const hours = async (from: Date, n: number) => {
    for (let h = 0; h < n; h += 1) {
      clock.set(new Date(from.getTime() + h * 3_600_000));
      await runDue(clock.now());
    }
  };
  const programId = () => (sql.prepare('select id from programs where name = ?').get(NAME) as { id: number }).id;

  transcript.heading('A second program: a twelve-week reverse-mentoring cohort');
  // Tuesday 26 January, the week before the cohort starts: time to apply.
  clock.set(new Date('2027-01-26T16:00:00Z'));
  await act(CAST.grace.id, 'runs /mentor program new and fills in the form', async () => {
    await as(CAST.grace.id).slash('/mentor program new');
    await stack.settle();
    return as(CAST.grace.id).submit(
      programForm({
        ...SAMPLE_PROGRAM,
        name: NAME,
        purpose: 'Early-career colleagues help senior leaders see the tools, habits and expectations of the people they lead; leaders share how decisions really get made.',
        modes: ['reverse'],
        tracks: ['perspectives', 'leadership'],
        enrollment: 'application',
        coordinators: [CAST.grace.id],
        channel: REVERSE_CHANNEL.id,
        timeZone: ZONE,
        matchingMode: 'automatic',
        roundDay: '1',
        roundTime: '10:00',
        reviewHours: '24',
        startsOn: '2027-02-01',
        endsOn: '2027-04-26',
      }),
    );
  });
  const id = programId();

  transcript.heading('People apply; the coordinator approves');
  for (const person of [...GIVERS, ...LEADERS]) {
    const leader = LEADERS.includes(person);
    await act(person, 'runs /mentor programs and clicks Apply', async () => {
      await as(person).slash('/mentor programs');
      await stack.settle();
      return as(person).click(`program_join:${id}`, { value: String(id) });
    });
    await act(person, leader ? 'applies as a leader, with a goal' : 'applies as a reverse mentor', () =>
      as(person).submit(
        leader
          ? { roles: { roles: ['reverse_mentee'] }, goal1Aim: { goal1Aim: GOALS[person] as string }, goal1Measure: { goal1Measure: 'My team notices the difference' }, goal1Due: { goal1Due: '2027-04-26' } }
          : { roles: { roles: ['reverse_mentor'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' } },
      ),
    );
  }
  for (let i = 0; i < GIVERS.length + LEADERS.length; i += 1) {
    await act(CAST.grace.id, 'clicks Approve on the newest application in the program’s channel', () => as(CAST.grace.id).click('application_approve'));
    await act(CAST.grace.id, i === 0 ? 'adds a welcome note and confirms' : 'confirms', () => as(CAST.grace.id).submit({ note: { note: i === 0 ? 'Welcome! The leadership team asked for this one.' : '' } }));
  }

  transcript.heading('Everyone rates a starting point on the program’s tracks');
  transcript.note('Each person hears of the approval, and gets the baseline prompt, inside their own working hours');
  await hours(clock.now(), 20);
  const baseline: Record<string, [string, string]> = { [CAST.dev.id]: ['4', '2'], [CAST.bruno.id]: ['3', '3'], [CAST.chloe.id]: ['2', '4'], [CAST.emma.id]: ['1', '4'] };
  for (const [person, [perspectives, leadership]] of Object.entries(baseline)) {
    await act(person, 'clicks Rate yourself', () => as(person).click('cohort_self_rate'));
    await act(person, `rates ${perspectives} on perspectives and ${leadership} on leadership`, () =>
      as(person).submit({ 'track:perspectives': { 'track:perspectives': perspectives }, 'track:leadership': { 'track:leadership': leadership } }),
    );
  }

  transcript.heading('Kickoff, and an automatic round that publishes itself');
  transcript.note('Monday 1 February, 09:00 in New York: the kickoff; 10:00: the round preview, open for review for 24 hours');
  await hours(new Date(AT.kickoff.getTime() - 3_600_000), 4);
  transcript.note('Nobody cancels the preview; cron keeps ticking');
  await hours(new Date(AT.kickoff.getTime() + 23 * 3_600_000), 4);
  const pairs = sql.prepare("select count(*) as n from matches where program_id = ? and status = 'active'").get(id) as { n: number };
  if (pairs.n === 0) throw new Error('the automatic round paired nobody');

  transcript.heading('The first session');
  // The reverse pair's monthly slot offer reaches the leader in her working day; she picks the first time.
  const offered = () => JSON.stringify(as(CAST.emma.id).messages().map((m) => m.blocks ?? [])).includes('slot_pick:0');
  for (let h = 0; !offered(); h += 1) {
    if (h > 48) throw new Error('no times were offered to Emma');
    await hours(new Date(clock.now().getTime() + 3_600_000), 1);
  }
  await act(CAST.emma.id, 'picks the first time offered for her monthly session with Bruno', () => as(CAST.emma.id).click('slot_pick:0'));

  transcript.heading('Midpoint pulse (after the clocks changed in New York)');
  await hours(new Date(AT.midpoint.getTime() - 3_600_000), 24);
  await act(CAST.emma.id, 'answers the pulse: Going well', () => as(CAST.emma.id).click('cohort_pulse_going_well'));
  await act(CAST.chloe.id, 'answers the pulse: Could be better', () => as(CAST.chloe.id).click('cohort_pulse_could_be_better'));
  await act(CAST.dev.id, 'answers the pulse: Going well', () => as(CAST.dev.id).click('cohort_pulse_going_well'));

  transcript.heading('A week before the close: keep going?');
  await hours(new Date(AT.keepGoing.getTime() - 3_600_000), 24);
  for (const person of [CAST.emma.id, CAST.bruno.id]) await act(person, 'clicks Yes, keep going', () => as(person).click('cohort_continue_yes'));

  transcript.heading('The close: pairs carry on or end kindly, and the closing survey');
  await hours(new Date(AT.close.getTime() - 3_600_000), 24);
  const closing: Record<string, { perspectives: string; leadership: string; outcome?: string; rating: string; comment: string }> = {
    [CAST.dev.id]: { perspectives: '4', leadership: '3', rating: '5', comment: 'I learned how leadership decisions are made.' },
    [CAST.bruno.id]: { perspectives: '4', leadership: '4', rating: '4', comment: 'Good structure, and a great partner.' },
    [CAST.chloe.id]: { perspectives: '3', leadership: '4', outcome: 'partly', rating: '4', comment: 'Eye-opening; more sessions next time.' },
    [CAST.emma.id]: { perspectives: '3', leadership: '4', outcome: 'achieved', rating: '5', comment: 'I now use two of the tools every week.' },
  };
  for (const [person, a] of Object.entries(closing)) {
    const goal = sql.prepare('select id from goals where person_id = ? and program_id = ?').get(person, id) as { id: number } | undefined;
    await act(person, 'opens the closing survey', () => as(person).click('cohort_survey'));
    await act(person, 'answers it', () =>
      as(person).submit({
        ...(goal && a.outcome ? { [`goal:${goal.id}`]: { [`goal:${goal.id}`]: a.outcome } } : {}),
        closing_rating: { closing_rating: a.rating },
        closing_comment: { closing_comment: a.comment },
        'track:perspectives': { 'track:perspectives': a.perspectives },
        'track:leadership': { 'track:leadership': a.leadership },
      }),
    );
  }

  transcript.heading('A week later: the cohort report, with outcomes');
  transcript.printInFull();
  await hours(AT.report, 1);
}
