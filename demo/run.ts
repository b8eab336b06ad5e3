import { CAST, COORDINATOR_CHANNEL } from './cast.js';
import type { StoredMessage } from '../emulator/index.js';
import { intakeForm, type IntakeInput, SAMPLE_INTAKE } from './forms.js';
import { JOBS } from '../src/jobs/index.js';
import { runJob } from '../src/jobs/runner.js';
import { startLocalStack } from './stack.js';
import { CIRCLE_PEOPLE, CIRCLES_CHANNEL, peerCircles } from './circlesScene.js';
import { REVERSE_CHANNEL, reverseMentoringCohort } from './reverseCohort.js';
import { Transcript } from './transcript.js';

/**
 * `npm run demo`: the bot, working, with no Slack workspace at hand. The
 * emulator and the app run on loopback with a fresh SQLite file, and a short
 * scripted program plays out on a virtual clock. Each feature adds its scene.
 */

const CHLOE: IntakeInput = { ...SAMPLE_INTAKE, timeZone: 'Europe/Paris' };

/** Who joins, and how: a small but varied program. */
const PEOPLE: { id: string; answers: IntakeInput }[] = [
  { id: CAST.aiko.id, answers: { ...SAMPLE_INTAKE, roles: ['mentee'], skillsOffered: [], skillsWanted: ['system-design', 'public-speaking'], capacityMentees: undefined, capacityHoursPerMonth: undefined, timeZone: 'Asia/Tokyo', department: 'Product', level: '3', location: 'Tokyo', goal1Aim: 'Design a service end to end', goal1Measure: 'My design doc is approved without major rework', goal1Due: '2027-05-31' } },
  { id: CAST.bruno.id, answers: { ...SAMPLE_INTAKE, roles: ['mentor'], skillsOffered: ['system-design', 'cloud-infrastructure', 'coaching', 'digital-tools'], skillsWanted: [], goal1Aim: undefined, goal1Measure: undefined, goal1Due: undefined, timeZone: 'America/Sao_Paulo', department: 'Platform', level: '7', location: 'São Paulo', capacityMentees: '3' } },
  { id: CAST.chloe.id, answers: CHLOE },
  { id: CAST.emma.id, answers: { ...SAMPLE_INTAKE, roles: ['reverse_mentee'], skillsOffered: [], skillsWanted: ['digital-tools', 'generational-perspectives'], capacityMentees: undefined, capacityHoursPerMonth: undefined, timeZone: 'America/New_York', department: 'Sales', level: '9', location: 'New York', goal1Aim: 'Understand how our newest colleagues work with AI tools', goal1Measure: 'I change one team ritual because of what I learned', goal1Due: '2027-03-31' } },
];
const DEV_FIXED: IntakeInput = { ...SAMPLE_INTAKE, roles: ['reverse_mentor', 'mentee'], skillsOffered: ['digital-tools', 'emerging-tech'], skillsWanted: ['executive-presence'], timeZone: 'Asia/Kolkata', department: 'Support', level: '2', location: 'Bengaluru', capacityMentees: '1', capacityHoursPerMonth: '2', goal1Aim: 'Present our support insights to the leadership team', goal1Measure: 'I run one leadership review on my own', goal1Due: '2027-04-30' };

/** The giver on the first suggestion card a person was sent. */
function suggestedGiver(messages: StoredMessage[]): string {
  const card = messages.flatMap((m) => m.blocks ?? []).find((b) => String((b as { accessory?: { action_id?: string } }).accessory?.action_id).startsWith('request:'));
  const actionId = (card as { accessory: { action_id: string } } | undefined)?.accessory.action_id;
  if (!actionId) throw new Error('no suggestion was sent');
  return actionId.slice('request:'.length);
}

/** What cron would do over the hour: every job that is due, in the app's own order. */
async function runDue(stack: Awaited<ReturnType<typeof startLocalStack>>, now: Date): Promise<void> {
  for (const job of JOBS) await runJob(job, stack.deps, stack.mentoring.app.client, now);
}

async function main(): Promise<void> {
  let now = new Date('2026-11-30T09:00:00Z');
  const stack = await startLocalStack({ clock: () => now, env: { DIGEST_TIMEZONE: 'Europe/London' }, channels: [{ ...REVERSE_CHANNEL, members: [CAST.grace.id] }, { ...CIRCLES_CHANNEL, members: [CAST.grace.id] }], users: CIRCLE_PEOPLE });
  const names = Object.fromEntries([...Object.values(CAST), ...CIRCLE_PEOPLE].map((u) => [u.id, `${u.realName} (${u.tz})`]));
  const transcript = new Transcript(stack.emulator, names);
  const { emulator } = stack;
  const as = (id: string) => emulator.user(id);
  try {
    transcript.heading('Setting up');
    transcript.note(`Slack emulator: ${emulator.apiUrl}`);
    transcript.note(`App: ${emulator.appUrl}, signed requests verified by Bolt's HTTP receiver`);
    transcript.note(`Database: ${stack.config.databasePath} (migrations applied)`);
    transcript.note(`Coordinators: ${names[CAST.grace.id]} in #${COORDINATOR_CHANNEL.name}`);
    transcript.note(`Virtual time: ${now.toISOString()}`);

    transcript.heading('Everyone asks what the bot can do');
    transcript.action(CAST.aiko.id, 'runs /mentor help');
    await as(CAST.aiko.id).slash('/mentor help');
    transcript.action(CAST.dev.id, 'mistypes: /mentor find-me-a-mentor');
    await as(CAST.dev.id).slash('/mentor find-me-a-mentor');

    transcript.heading('People join through the intake form');
    for (const person of PEOPLE) {
      transcript.action(person.id, 'runs /mentor join and fills in the form');
      await as(person.id).slash('/mentor join');
      await stack.settle();
      await as(person.id).submit(intakeForm(person.answers));
      await stack.settle();
    }
    transcript.action(CAST.dev.id, 'runs /mentor join and submits with mistakes');
    await as(CAST.dev.id).slash('/mentor join');
    await stack.settle();
    await as(CAST.dev.id).submit(intakeForm({ ...DEV_FIXED, timeZone: 'India', goal1Due: '2025-01-31', consent: [] }));
    transcript.action(CAST.dev.id, 'fixes the time zone, the date and ticks consent');
    await as(CAST.dev.id).submit(intakeForm(DEV_FIXED));
    await stack.settle();

    transcript.heading('Profiles, pauses and the Home tab');
    transcript.action(CAST.chloe.id, 'runs /mentor profile');
    await as(CAST.chloe.id).slash('/mentor profile');
    transcript.action(CAST.bruno.id, 'runs /mentor pause 2 (a busy fortnight)');
    await as(CAST.bruno.id).slash('/mentor pause 2');
    await stack.settle();
    transcript.action(CAST.grace.id, 'runs /mentor overview');
    await as(CAST.grace.id).slash('/mentor overview');
    transcript.action(CAST.aiko.id, 'tries /mentor overview');
    await as(CAST.aiko.id).slash('/mentor overview');

    transcript.heading('Self-serve matching: suggestions, a request, an intro');
    transcript.action(CAST.aiko.id, 'runs /mentor match');
    await as(CAST.aiko.id).slash('/mentor match');
    await stack.settle();
    const best = suggestedGiver(as(CAST.aiko.id).messages());
    transcript.action(CAST.aiko.id, `clicks Request on the first suggestion (${names[best] ?? best})`);
    await as(CAST.aiko.id).click(`request:${best}`);
    await stack.settle();
    transcript.action(best, 'clicks Accept');
    await as(best).click('request_accept');
    await stack.settle();

    transcript.heading('A coordinator runs a whole-program round');
    transcript.action(CAST.grace.id, 'runs /mentor round');
    await as(CAST.grace.id).slash('/mentor round');
    await stack.settle();
    transcript.action(CAST.grace.id, 'reviews the preview and clicks Publish');
    await as(CAST.grace.id).click('round_publish');
    await stack.settle();

    // The round left Dev waiting: nobody offered what he wants. Chloé adds it to her profile, and the promise is kept.
    transcript.heading('Someone starts offering what a mentee is waiting for');
    transcript.action(CAST.chloe.id, 'edits her profile: she also offers Presenting to executives');
    await as(CAST.chloe.id).slash('/mentor profile');
    await as(CAST.chloe.id).click('profile_edit');
    await stack.settle();
    await as(CAST.chloe.id).submit(intakeForm({ ...CHLOE, skillsOffered: [...(CHLOE.skillsOffered as string[]), 'executive-presence'] }));
    await stack.settle();
    transcript.action(CAST.dev.id, 'runs /mentor match');
    await as(CAST.dev.id).slash('/mentor match');
    await stack.settle();
    const forDev = suggestedGiver(as(CAST.dev.id).messages());
    transcript.action(CAST.dev.id, `clicks Request on the first suggestion (${names[forDev] ?? forDev})`);
    await as(CAST.dev.id).click(`request:${forDev}`);
    await stack.settle();
    transcript.action(forDev, 'clicks Accept');
    await as(forDev).click('request_accept');
    await stack.settle();

    transcript.heading('A session is booked');
    transcript.action(best, 'runs /mentor schedule');
    await as(best).slash('/mentor schedule');
    await stack.settle();
    // Paris and Kolkata share a morning: Chloé offers Dev times.
    const withDev = stack.database.sqlite.prepare("select id from matches where mentee_id = ? and status = 'active'").get(CAST.dev.id) as { id: number };
    transcript.action(best, `chooses ${names[CAST.dev.id]}`);
    await as(best).click(`schedule_with:${withDev.id}`);
    await stack.settle();
    // The offer reaches Dev inside his working day in Kolkata.
    for (let hours = 0; !JSON.stringify(as(CAST.dev.id).messages().map((m) => m.blocks ?? [])).includes('slot_pick:0'); hours += 1) {
      if (hours > 72) throw new Error('the proposal never reached Dev');
      now = new Date(now.getTime() + 3_600_000);
      await runDue(stack, now);
    }
    transcript.followClock(() => now);
    transcript.action(CAST.dev.id, 'picks the first time offered');
    await as(CAST.dev.id).click('slot_pick:0');
    await stack.settle();

    transcript.heading('A virtual six weeks: check-ins, a pause and a resume, a quiet pair');
    const end = new Date(now.getTime() + 42 * 86_400_000);
    // The mentor's check-ins, as they arrive: [check-in id, mentee].
    const checkInsOf = (mentorId: string) =>
      stack.database.sqlite
        .prepare("select c.id, m.mentee_id as mentee, m.id as matchId from check_ins c join matches m on m.id = c.match_id join outbox o on o.idempotency_key = 'checkin:' || c.id where c.person_id = ? and c.kind = 'mentor' and o.status = 'sent' and c.answered_at is null")
        .all(mentorId) as { id: number; mentee: string; matchId: number }[];
    let answered = false;
    let paused = false;
    while (now < end) {
      // Every two hours is often enough for a demo; cron ticks far more often.
      now = new Date(now.getTime() + 2 * 3_600_000);
      await runDue(stack, now);
      for (const checkIn of checkInsOf(best)) {
        // The way people answer: a button, then a short form.
        if (!answered && checkIn.mentee === CAST.dev.id) {
          answered = true;
          transcript.action(best, `answers the check-in about ${names[checkIn.mentee]}: “Going well”, with a note for the coordinators`);
          await as(best).click('checkin_going_well', { value: String(checkIn.id) });
          await stack.settle();
          await as(best).submit({ note: { note: 'We meet every other Tuesday; design doc review next.' } });
          await stack.settle();
        } else if (!paused && checkIn.mentee === CAST.aiko.id) {
          paused = true;
          transcript.action(best, `answers the check-in about ${names[checkIn.mentee]}: “Pause for a while”`);
          await as(best).click('checkin_pause', { value: String(checkIn.id) });
          await stack.settle();
          await as(best).submit({ note: { note: 'A product launch this month; back to it after.' } });
          await stack.settle();
          // The notice reaches the mentee in their working day; a week later they pick the pairing up again, from its own button.
          const resume = `pair_resume:${checkIn.matchId}`;
          while (!JSON.stringify(as(CAST.aiko.id).messages().map((m) => m.blocks ?? [])).includes(resume)) {
            now = new Date(now.getTime() + 3_600_000);
            await runDue(stack, now);
          }
          now = new Date(now.getTime() + 7 * 86_400_000);
          transcript.action(CAST.aiko.id, 'a week later, clicks Resume on the pause notice');
          await as(CAST.aiko.id).click(resume);
          await stack.settle();
        }
      }
    }

    transcript.heading('Ratings and the coordinators’ digest');
    transcript.action(CAST.dev.id, 'rates the session from his prompt');
    await as(CAST.dev.id).click('session_rate');
    await stack.settle();
    await as(CAST.dev.id).submit({
      happened: { happened: 'yes' },
      usefulness: { usefulness: '5' },
      clarity: { clarity: '4' },
      applicability: { applicability: '5' },
      comment: { comment: 'Very practical: we rehearsed my leadership review.' },
    });
    await stack.settle();
    transcript.printInFull();
    transcript.action(CAST.grace.id, 'previews this week’s digest with /mentor digest');
    await as(CAST.grace.id).slash('/mentor digest');
    await stack.settle();

    transcript.heading('A rematch for a quiet pair');
    const rematch = as(CAST.grace.id)
      .messages()
      .flatMap((m) => m.blocks ?? [])
      .flatMap((b) => (b as { elements?: { action_id?: string }[] }).elements ?? [])
      .map((e) => e.action_id)
      .find((id): id is string => typeof id === 'string' && id.startsWith('digest_rematch:'));
    if (!rematch) throw new Error('the digest offered no rematch');
    transcript.action(CAST.grace.id, 'clicks “Offer a rematch” on the first pair needing attention');
    await as(CAST.grace.id).click(rematch);
    await stack.settle();
    // The messages wait for each person's working hours, as every message does.
    for (let hours = 0; hours < 24; hours += 1) {
      now = new Date(now.getTime() + 3_600_000);
      await runJob(JOBS[0] as (typeof JOBS)[number], stack.deps, stack.mentoring.app.client, now);
    }

    await reverseMentoringCohort({
      stack,
      transcript,
      names,
      clock: { now: () => now, set: (at) => { now = at; } },
      runDue: (at) => runDue(stack, at),
    });

    await peerCircles({
      stack,
      transcript,
      names,
      clock: { now: () => now, set: (at) => { now = at; } },
      runDue: (at) => runDue(stack, at),
    });

    const failed = emulator.calls.filter((c) => !c.ok);
    transcript.heading('Done');
    transcript.note(`${emulator.calls.length} Web API calls, ${failed.length} failed`);
    if (failed.length > 0) throw new Error(`unexpected failed calls: ${failed.map((c) => `${c.method}: ${c.error}`).join(', ')}`);
  } finally {
    await stack.stop();
  }
}

main().catch((error: unknown) => {
  console.error('demo failed:', error);
  process.exit(1);
});
