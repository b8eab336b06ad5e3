import type { EmulatedUser } from '../emulator/index.js';
import { CAST } from './cast.js';
import { intakeForm, programForm, SAMPLE_INTAKE, SAMPLE_PROGRAM } from './forms.js';
import type { Scene } from './reverseCohort.js';

/**
 * The demo's third program: peer learning circles. Seven engineers in six
 * time zones ask for group mentoring; the coordinator forms two circles of
 * three on the hours they share, each gets its own private channel and
 * welcome; hosts take turns across two sessions; one member leaves and the
 * person waiting takes the seat; the digest gains its circles section.
 */

export const CIRCLES_CHANNEL = { id: 'C0CIRCLES1', name: 'learning-circles' } as const;

/** New colleagues for this scene: the cast's own zones do not share enough hours for two circles. */
export const CIRCLE_PEOPLE: (EmulatedUser & { department: string })[] = [
  { id: 'U0HANA0001', name: 'hana', realName: 'Hana Sato', email: 'hana@example.com', tz: 'Asia/Tokyo', department: 'Product' },
  { id: 'U0RAVI0001', name: 'ravi', realName: 'Ravi Iyer', email: 'ravi@example.com', tz: 'Asia/Kolkata', department: 'Support' },
  { id: 'U0WEI00001', name: 'wei', realName: 'Wei Lim', email: 'wei@example.com', tz: 'Asia/Singapore', department: 'Sales' },
  { id: 'U0OLU00001', name: 'olu', realName: 'Olu Adeyemi', email: 'olu@example.com', tz: 'Europe/London', department: 'Finance' },
  { id: 'U0LUCIA001', name: 'lucia', realName: 'Lucía Pérez', email: 'lucia@example.com', tz: 'America/Sao_Paulo', department: 'Platform' },
  { id: 'U0SAM00001', name: 'sam', realName: 'Sam Carter', email: 'sam@example.com', tz: 'America/New_York', department: 'Design' },
  { id: 'U0MAYA0001', name: 'maya', realName: 'Maya Chen', email: 'maya@example.com', tz: 'America/Toronto', department: 'Data' },
];
const NAME = 'Peer learning circles';
const LATECOMER = 'U0MAYA0001';

export async function peerCircles({ stack, transcript, clock, runDue }: Scene): Promise<void> {
  const as = (id: string) => stack.emulator.user(id);
  const sql = stack.database.sqlite;
  const step = async (id: string, what: string, run: () => Promise<unknown>) => {
    transcript.action(id, what);
    const result = (await run()) as { errors?: Record<string, string> } | undefined;
    await stack.settle();
    if (result?.errors) throw new Error(`${what}: ${JSON.stringify(result.errors)}`);
  };
  const hours = async (from: Date, n: number) => {
    for (let h = 0; h < n; h += 1) {
      clock.set(new Date(from.getTime() + h * 3_600_000));
      await runDue(clock.now());
    }
  };

  transcript.heading('A third program: peer learning circles across six time zones');
  clock.set(new Date('2027-05-10T09:00:00Z'));
  await step(CAST.grace.id, 'creates the program with peer circles of three, weekly, in London time', async () => {
    await as(CAST.grace.id).slash('/mentor program new');
    await stack.settle();
    return as(CAST.grace.id).submit(
      programForm({ ...SAMPLE_PROGRAM, name: NAME, purpose: 'Engineers learn from each other in small circles that meet on hours they share.', modes: ['peer'], tracks: ['technical-mastery'], channel: CIRCLES_CHANNEL.id, timeZone: 'Europe/London', circles: 'peer', circleSizeMin: '3', circleSizeMax: '3', circleCadence: 'weekly', circleMinutes: '60' }),
    );
  });
  const programId = (sql.prepare('select id from programs where name = ?').get(NAME) as { id: number }).id;
  for (const person of CIRCLE_PEOPLE) {
    const intake = { ...SAMPLE_INTAKE, roles: ['peer'], skillsOffered: ['typescript'], skillsWanted: ['system-design', 'testing-quality'], timeZone: person.tz, department: person.department, level: '4', format: 'group', capacityMentees: '1', capacityHoursPerMonth: '2' };
    await step(person.id, 'joins, asking to meet in a group circle', async () => {
      await as(person.id).slash('/mentor join');
      await stack.settle();
      return as(person.id).submit(intakeForm(intake));
    });
    if (person.id === LATECOMER) continue;
    await step(person.id, `joins ${NAME} from /mentor programs`, async () => {
      await as(person.id).slash('/mentor programs');
      await stack.settle();
      await as(person.id).click(`program_join:${programId}`, { value: String(programId) });
      await stack.settle();
      return as(person.id).submit({ roles: { roles: ['peer'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' }, goal1Aim: { goal1Aim: 'Review code so it teaches' }, goal1Measure: { goal1Measure: 'My reviews get thanked' }, goal1Due: { goal1Due: '2027-09-30' } });
    });
  }

  transcript.heading('The coordinator forms circles on shared hours, and publishes');
  await step(CAST.grace.id, `runs /mentor circle form ${NAME}`, () => as(CAST.grace.id).slash(`/mentor circle form ${NAME}`));
  await step(CAST.grace.id, 'reviews the preview and clicks Publish', () => as(CAST.grace.id).click('circles_publish'));
  transcript.note('The circles job makes each private channel, invites the members and posts the welcome');
  await hours(clock.now(), 2);

  transcript.heading('A latecomer finds the circle full and joins its waitlist');
  const atlantic = sql.prepare("select c.id from circles c join circle_members m on m.circle_id = c.id where m.person_id = 'U0SAM00001'").get() as { id: number };
  await step(LATECOMER, `joins ${NAME}`, async () => {
    await as(LATECOMER).slash('/mentor programs');
    await stack.settle();
    await as(LATECOMER).click(`program_join:${programId}`, { value: String(programId) });
    await stack.settle();
    return as(LATECOMER).submit({ roles: { roles: ['peer'] }, capacityMentees: { capacityMentees: '1' }, capacityHoursPerMonth: { capacityHoursPerMonth: '2' }, goal1Aim: { goal1Aim: 'Design for failure' }, goal1Measure: { goal1Measure: 'My next design has a failure section' }, goal1Due: { goal1Due: '2027-09-30' } });
  });
  await step(LATECOMER, 'runs /mentor circles', () => as(LATECOMER).slash('/mentor circles'));
  await step(LATECOMER, 'clicks Join the waitlist on the Atlantic circle', () => as(LATECOMER).click('circle_join', { value: String(atlantic.id) }));

  transcript.heading('Two sessions, hosts taking turns');
  const sessions = sql.prepare("select id, starts_at, ends_at from circle_sessions where circle_id = ? order by seq limit 2").all(atlantic.id) as { id: number; starts_at: number; ends_at: number }[];
  for (const [i, s] of sessions.entries()) {
    transcript.note(`The day before session ${i + 1}: its host is announced in the circle's channel`);
    await hours(new Date(s.starts_at - 24 * 3_600_000), 1);
    await hours(new Date(s.starts_at - 3_600_000), 1);
    transcript.note(`After session ${i + 1}: each member says whether they were there`);
    await hours(new Date(s.ends_at), 4);
    for (const id of ['U0SAM00001', 'U0OLU00001', 'U0LUCIA001']) {
      const mine = as(id).messages().some((m) => JSON.stringify(m.blocks ?? []).includes('circle_attended'));
      if (!mine) continue;
      await step(id, 'clicks I was there', () => as(id).click('circle_attended'));
      const scores = { usefulness: '5', clarity: '4', applicability: i === 0 ? '4' : '5' };
      await step(id, `rates it ${Object.values(scores).join(', ')}`, () =>
        as(id).submit({ usefulness: { usefulness: scores.usefulness }, clarity: { clarity: scores.clarity }, applicability: { applicability: scores.applicability }, comment: { comment: i === 0 ? 'Good first session' : 'Olu’s review checklist was gold' } }),
      );
    }
  }

  transcript.heading('A member leaves; the person waiting takes the seat');
  await step('U0LUCIA001', 'runs /mentor circles and clicks Leave', async () => {
    await as('U0LUCIA001').slash('/mentor circles');
    await stack.settle();
    return as('U0LUCIA001').click('circle_leave', { value: String(atlantic.id) });
  });
  transcript.note('On its next run the circles job removes Lucía from the channel and invites Maya');
  await hours(new Date(clock.now().getTime() + 3_600_000), 1);

  transcript.heading('The circles section of the digest');
  transcript.printInFull();
  await step(CAST.grace.id, `previews the digest with /mentor digest ${NAME}`, () => as(CAST.grace.id).slash(`/mentor digest ${NAME}`));
}
