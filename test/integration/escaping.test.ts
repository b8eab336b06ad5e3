import { viewMessage } from '../../src/outbox/outbox.js';
import { writeFileSync } from 'node:fs';
import { dirname, join as joinPath } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { intakeForm, programForm, SAMPLE_INTAKE, SAMPLE_PROGRAM, type IntakeInput } from '../../demo/forms.js';
import { type LocalStack, startLocalStack } from '../../demo/stack.js';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import type { StoredMessage, VisibleEvent } from '../../emulator/index.js';
import { runRosterImport } from '../../src/cli/rosterImport.js';
import { SUBCOMMANDS } from '../../src/domain/subcommands.js';
import type { Digest } from '../../src/domain/digest.js';
import { type IntakeAnswers, TEXT_LIMITS } from '../../src/domain/intake.js';
import { PROGRAM_LIMITS } from '../../src/domain/programForm.js';
import type { Reason, StoredReason } from '../../src/domain/matching/reasons.js';
import type { RoundProposal } from '../../src/domain/matching/round.js';
import { runJob } from '../../src/jobs/runner.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';
import { buildAppHome } from '../../src/views/appHome.js';
import { buildDigest } from '../../src/views/digestMessage.js';
import { buildHelpMessage } from '../../src/views/helpMessage.js';
import { buildIntakeModal } from '../../src/views/intakeModal.js';
import {
  ACCEPT_ACTION,
  buildDeclineModal,
  buildIntro,
  buildMentorRequest,
  buildSuggestions,
  DECLINE_ACTION,
  DECLINE_NOTE_BLOCK,
  DECLINE_NOTE_MAX,
  declinedForMentee,
  noSuggestions,
  nowOffered,
  REQUEST_ACTION_PREFIX,
  unmatchedMessage,
  waitingForYou,
} from '../../src/views/matchMessages.js';
import { buildProfileMessage, PROFILE_EDIT_ACTION } from '../../src/views/profileCard.js';
import { buildRatingModal, RATE_ACTION, RATING_BLOCKS, RATING_COMMENT_MAX } from '../../src/views/ratingMessages.js';
import { reasonsLine } from '../../src/views/reasons.js';
import { buildRoundPreview, PUBLISH_ROUND_ACTION } from '../../src/views/roundPreview.js';
import { buildAdjustModal } from '../../src/views/roundAdjustMessages.js';
import { buildCheckInAlert, buildCheckInNoteModal, buildMenteeGoalCheckIn, CHECK_IN_ACTIONS, CHECK_IN_NOTE_BLOCK, CHECK_IN_NOTE_MAX, type CheckInAnswer } from '../../src/views/checkInMessages.js';
import { buildScheduleWithWhom, monthlyHoursReached } from '../../src/views/sessionMessages.js';
import { leftProgramMessage, partnerLeftProgramMessage } from '../../src/views/membershipMessages.js';
import { buildCloseConfirmation, closedReply, noSuchProgram, pausedReply, programClosedForPair, programClosedForPerson, programSaved, resumedReply } from '../../src/views/programAdminMessages.js';
import { approvedMessage, buildApplication, buildDecisionModal, buildInvitation, buildProgramList, declinedApplication, enrollmentOutcome, seatOpened } from '../../src/views/programMessages.js';
import { matchInWhich, notInProgram, notSelfServe, whichProgram } from '../../src/views/programWords.js';
import { buildRollUp } from '../../src/views/rollUpMessage.js';
import { buildStalledFlag, STALL_ACTIONS } from '../../src/views/stalledPairMessages.js';
import {
  askedNobody,
  askedOfferLead,
  askedOthersNote,
  askStillOpen,
  nextFreshStartLead,
  noNextFreshStart,
  quietOfferLead,
  rematchRequestSent,
  startedAfreshForFormer,
  startedAfreshForMentee,
} from '../../src/views/rematchMessages.js';
import { buildRatingThanks } from '../../src/views/ratingMessages.js';
import {
  baselineSaved,
  buildBaselinePrompt,
  buildCohortClosedNote,
  buildCohortReport,
  buildContinueQuestion,
  buildKickoff,
  buildMentorNextInvite,
  buildNeedHelpAlert,
  buildPulse,
  buildRecognition,
  buildSurveyModal,
  buildSurveyPrompt,
  COHORT_REFUSALS,
  continueAnswered,
  mentorNextConfirmed,
  pairContinues,
  pairEndsWithCohort,
  pulseThanks,
  requestEndsWithCohort,
  surveyThanks,
} from '../../src/views/cohortMessages.js';
import { buildSelfRatingModal } from '../../src/views/selfRatingModal.js';
import { nobodyWaitingNote, noPairsNote } from '../../src/views/roundPreview.js';
import { cohortOutcomes } from '../../src/domain/outcomes.js';
import { buildCalendarNote, buildCircleClosing, buildCircleList, buildCircleWelcome, buildSessionAnnouncement, buildSessionReminder, CIRCLE_WORDS } from '../../src/views/circleMessages.js';
import { buildFormationPreview, unplacedMessage } from '../../src/views/circleFormationMessages.js';
import { buildNewTimes, timeMoved } from '../../src/views/circleTimeMessages.js';
import { buildCircleModal, buildCurriculumModal } from '../../src/views/circleModal.js';
import { buildCoordinatorExclusionModal, buildOwnExclusionsModal, EXCLUSION_WORDS, reasonLine } from '../../src/views/exclusionMessages.js';
import { buildPairModal, paired, softNeedsReason } from '../../src/views/manualPairMessages.js';
import { rematchOfferedNote } from '../../src/views/matchMessages.js';
import { buildBusyModal, BUSY_WORDS } from '../../src/views/busyMessages.js';
import type { CircleConcern } from '../../src/domain/circleHealth.js';
import {
  attendedAnswer,
  buildAttendancePrompt,
  buildCircleFlag,
  buildCircleNudge,
  buildCircleRatingModal,
  buildNewTimeRequest,
  CIRCLE_FEEDBACK_WORDS,
  CIRCLE_FLAG_WORDS,
  circleRatingThanks,
  missedAnswer,
} from '../../src/views/circleFeedbackMessages.js';
import { join, joinProgram, submitProgram } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';
import { DAY, HOUR, job, MINUTE } from '../support/virtualTime.js';

/*
 * Issue 9, section 2: mentions and markup from user text.
 *
 * Whatever a person types (intake goals, department, location, notes,
 * comments, a subcommand), whatever HR's roster holds and whatever Slack
 * says their name is reaches mrkdwn only as inert text. One property drives
 * whole journeys through the emulator with hostile strings in every field
 * and scans every mrkdwn string the app produced; a cheaper one does the
 * same for every view builder directly, with many more inputs.
 */

// ── Hostile text ─────────────────────────────────────────────────────────

/** Tokens Slack turns into a notification, a mention or a link. */
const LIVE = [
  '<!channel>',
  '<!here>',
  '<!everyone>',
  '<@UHOSTILE1>',
  '<#CHOSTILE1>',
  '<!subteam^SHOSTILE>',
  '<https://evil.example|HQ>',
  '<mailto:x@evil.example|mail>',
  '<!here|here>',
  '<!channel|@channel>',
  '<@UHOSTILE2|boss>',
  '<#CHOSTILE2|general>',
  '<!subteam^SHOSTILE|@team>',
  '<https://evil.example>',
  '<http://evil.example/x|docs>',
] as const;

/** Markup, entities, halves of tokens, emoji and other awkward text. */
const MARKUP = [
  '&lt;!here&gt;',
  '&amp;lt;!channel&amp;gt;',
  '&#60;!channel&#62;',
  '*bold*',
  '_x_',
  '~x~',
  '`code`',
  '```block```',
  '>quote',
  '&gt; quoted',
  '<',
  '>',
  '&',
  '!here>',
  '@UHOSTILE3>',
  '<!',
  '|x>',
  'https://evil.example',
  ':tada:',
  '👩🏽‍💻',
  '👨‍👩‍👧‍👦',
  '🏳️‍🌈',
  '🇺🇦',
  '\u200d',
  '\u202e',
  'Zürich',
  'São Paulo',
] as const;

const WORDS = ['ship', 'Q3', 'okay', 'zap', 'R&D', 'team', 'plan', 'mentor', 'yes'] as const;
const INLINE_SEPARATORS = [' ', '', ' · ', ', ', '  '] as const;
const LINE_SEPARATORS = [...INLINE_SEPARATORS, '\n', '\n\n', '\n> '] as const;

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...LIVE) },
  { weight: 3, arbitrary: fc.constantFrom(...MARKUP) },
  { weight: 2, arbitrary: fc.constantFrom(...WORDS) },
);

/** At most `max` characters as people count them here (code points, never half a surrogate pair), trimmed as every form trims. */
const fit = (text: string, max: number) => [...text].slice(0, max).join('').trim();

/**
 * A hostile string that starts with a live token (so it always has one, and
 * the start survives the clipping some views do), within `max`.
 */
function hostile(max: number, options: { multiline?: boolean; lead?: string; maxPieces?: number } = {}) {
  const separators = options.multiline ? LINE_SEPARATORS : INLINE_SEPARATORS;
  return fc
    .tuple(fc.constantFrom(...LIVE), fc.array(fc.tuple(fc.constantFrom(...separators), piece), { maxLength: options.maxPieces ?? 8 }))
    .map(([anchor, rest]) => fit(`${anchor}${options.lead ?? ''}${rest.map(([sep, p]) => sep + p).join('')}`, max));
}

/** One word, as `/mentor <word>` takes it: a live token with markup glued on, no spaces. */
const commandWord = fc
  .tuple(fc.constantFrom(...LIVE.filter((t) => !/\s/.test(t))), fc.array(fc.constantFrom('*bold*', '_x_', '`code`', '&', '<', '>', '👩🏽‍💻', '<!here>'), { maxLength: 2 }))
  .map(([t, rest]) => [t, ...rest].join('').slice(0, 39));

/** A long value near a field's limit: the same hostile text repeated until it fills it. */
const atLimit = (max: number, multiline = false) => hostile(max, { multiline, maxPieces: 4 }).map((s) => fit(`${s} `.repeat(Math.ceil(max / (s.length + 1))), max));
const anyLength = (max: number, multiline = false) => fc.oneof({ weight: 3, arbitrary: hostile(max, { multiline }) }, { weight: 1, arbitrary: atLimit(max, multiline) });

// ── What counts as a leak ───────────────────────────────────────────────

/** A live mention, broadcast or link. The bot's own <@U0…>, <#C0…> and <!date^…> never match. */
const LEAK = /<(?:!channel|!here|!everyone|!subteam|@UHOSTILE|#CHOSTILE|https?:\/\/evil|mailto:x@evil)/i;

/** What Slack's own escaping makes of text, written independently of src/views/blocks.ts. */
const inert = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/**
 * Every mrkdwn string in a message, modal or Home view: a message's
 * top-level `text` (notifications show it as mrkdwn) and every
 * `{ type: 'mrkdwn', text }` anywhere in its blocks. Plain text (button
 * labels, headers, input values) is not rendered as mrkdwn and is skipped.
 */
function mrkdwnOf(surface: unknown, isMessage: boolean): string[] {
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') {
      // Web API arguments arrive form-encoded, with blocks and views as JSON.
      if (/^[[{]/.test(node)) {
        try {
          walk(JSON.parse(node));
        } catch {
          /* not JSON: plain text */
        }
      }
      return;
    }
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (o.type === 'mrkdwn' && typeof o.text === 'string') out.push(o.text);
    for (const [key, value] of Object.entries(o)) if (key !== 'text' || typeof value !== 'string') walk(value);
  };
  const s = surface as { text?: unknown; mrkdwn?: unknown } | undefined;
  if (isMessage && typeof s?.text === 'string' && s.mrkdwn !== false) out.push(s.text);
  walk(surface);
  return out;
}

/** Each mrkdwn string with a live token, as where it was and the text around the token. */
function leaksIn(texts: readonly { where: string; text: string }[]): string[] {
  return texts.flatMap(({ where, text }) => {
    const at = LEAK.exec(text)?.index;
    return at === undefined ? [] : [`${where}: …${text.slice(Math.max(0, at - 60), at + 60)}…`];
  });
}

// ── The journey ─────────────────────────────────────────────────────────

const MENTORS = ['U0MENTOR01', 'U0MENTOR02', 'U0MENTOR03'] as const;
const MENTEES = ['U0MENTEE01', 'U0MENTEE02', 'U0MENTEE03'] as const;
const PEOPLE = [...MENTEES, ...MENTORS];
type Person = (typeof PEOPLE)[number];
const [E1, E2, E3] = MENTEES;
/** On the HR roster: the form does not ask them for department and location. */
const ON_ROSTER: readonly Person[] = [E2, MENTORS[2]];
const GRACE = CAST.grace.id;
const CHANNEL = COORDINATOR_CHANNEL.id;
const NOTE_ANSWERS = Object.keys(CHECK_IN_ACTIONS) as CheckInAnswer[];

/** Goals dominate the score, so a reason quoting the mentee's first goal is the first shown. */
const WEIGHTS = { goals: 1, skills: 0.05, availability: 0.05, timeZone: 0.05, capacity: 0.05, diversity: 0.05, seniority: 0.05, rating: 0.05 };

interface PersonText {
  /** Slack's real_name for them. */
  name: string;
  aims: [string, string, string];
  measures: [string, string, string];
  department: string;
  location: string;
}

interface Hostile {
  people: Record<Person, PersonText>;
  declineNote: string;
  notes: Record<CheckInAnswer, string>;
  comments: [string, string];
  command: string;
  /** Typed into the form's time-zone field: refused, with an error naming it. */
  timeZone: string;
}

const org = hostile(80, { maxPieces: 5 });
const personText: fc.Arbitrary<PersonText> = fc.record({
  name: hostile(80, { maxPieces: 4 }),
  // The first goal talks about public speaking, which every mentor offers, so matching quotes it.
  aims: fc.tuple(hostile(160, { multiline: true, lead: ' public speaking' }), hostile(160, { multiline: true }), hostile(160, { multiline: true })),
  measures: fc.tuple(hostile(160), hostile(160), hostile(160)),
  department: org,
  location: org,
});

const hostileProgram: fc.Arbitrary<Hostile> = fc.record({
  people: fc.tuple(...PEOPLE.map(() => personText)).map((texts) => Object.fromEntries(PEOPLE.map((id, i) => [id, texts[i]])) as Record<Person, PersonText>),
  declineNote: hostile(DECLINE_NOTE_MAX, { multiline: true }),
  notes: fc.tuple(...NOTE_ANSWERS.map(() => hostile(CHECK_IN_NOTE_MAX, { multiline: true }))).map((n) => Object.fromEntries(NOTE_ANSWERS.map((a, i) => [a, n[i]])) as Record<CheckInAnswer, string>),
  // Under the digest's 280-character quote, so each must appear whole.
  comments: fc.tuple(hostile(250, { multiline: true }), hostile(250, { multiline: true })),
  command: commandWord,
  timeZone: hostile(TEXT_LIMITS.timeZone, { maxPieces: 3 }),
});

/** Europe/London, Monday to Friday 09:00–17:30: at 10:00 UTC on a weekday every DM goes at once. */
function intakeFor(id: Person, t: PersonText): IntakeInput {
  const mentor = (MENTORS as readonly string[]).includes(id);
  const roster = ON_ROSTER.includes(id);
  return {
    ...SAMPLE_INTAKE,
    roles: [mentor ? 'mentor' : 'mentee'],
    skillsOffered: mentor ? ['public-speaking', 'leading-change'] : [],
    skillsWanted: mentor ? [] : ['public-speaking'],
    capacityMentees: mentor ? '1' : undefined,
    capacityHoursPerMonth: mentor ? '4' : undefined,
    goal1Aim: t.aims[0],
    goal1Measure: t.measures[0],
    goal1Due: '2027-06-30',
    goal2Aim: t.aims[1],
    goal2Measure: t.measures[1],
    goal2Due: '2027-07-31',
    goal3Aim: t.aims[2],
    goal3Measure: t.measures[2],
    goal3Due: '2027-08-31',
    timeZone: 'Europe/London',
    workDays: ['1', '2', '3', '4', '5'],
    workStart: '09:00',
    workEnd: '17:30',
    availabilityStart: '10:00',
    availabilityEnd: '16:00',
    department: roster ? undefined : t.department,
    level: roster ? undefined : mentor ? '7' : '3',
    location: roster ? undefined : t.location,
  };
}

const csvCell = (value: string) => `"${value.replaceAll('"', '""')}"`;

/** Everything the app showed anyone, captured as it appeared (later edits replace messages, so the store alone would miss earlier versions). */
interface Seen {
  kind: VisibleEvent['kind'];
  /** Who could see it. */
  audience: string[];
  channel?: string;
  texts: string[];
}

function watch(stack: LocalStack): Seen[] {
  const seen: Seen[] = [];
  stack.emulator.on('visible', (event: VisibleEvent) => {
    switch (event.kind) {
      case 'message':
        seen.push({ kind: event.kind, audience: event.audience, channel: event.channel, texts: mrkdwnOf(event.message, true) });
        break;
      case 'ephemeral':
        seen.push({ kind: event.kind, audience: [event.userId], channel: event.message.channel, texts: mrkdwnOf(event.message, true) });
        break;
      case 'modal':
      case 'home':
        seen.push({ kind: event.kind, audience: [event.userId], texts: mrkdwnOf(event.view.view, false) });
        break;
      case 'delete':
        break;
    }
  });
  return seen;
}

/** The next Monday 09:00 UTC after the week `at` falls in. */
function followingMonday(at: Date): Date {
  const sinceMonday = (at.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate() - sinceMonday + 7, 9));
}

const requestTargets = (m: StoredMessage | undefined) =>
  ((m?.blocks ?? []) as { accessory?: { action_id?: string } }[]).flatMap((b) => (b.accessory?.action_id?.startsWith(REQUEST_ACTION_PREFIX) ? [b.accessory.action_id.slice(REQUEST_ACTION_PREFIX.length)] : []));

// Monday 30 November 2026, 10:00 in London.
const T0 = new Date('2026-11-30T10:00:00Z');

async function journey(h: Hostile): Promise<void> {
  let now = T0;
  const stack = await startLocalStack({ clock: () => now, env: { RATING_MIN_RATERS: '2', MATCH_WEIGHTS: JSON.stringify(WEIGHTS) } });
  try {
    const seen = watch(stack);
    const sql = rawSql(stack.database);
    const client = stack.mentoring.app.client;
    const user = (id: string) => stack.emulator.user(id);
    const settle = () => stack.settle();
    const runAt = async (when: Date, ...names: string[]) => {
      now = when;
      for (const name of names) await runJob(job(name), stack.deps, client, now);
      await settle();
    };
    // HR's words for the people on the roster are their own generated department and location.
    const rosterOrg = (id: Person) => ({ department: h.people[id].department, location: h.people[id].location });

    // Hostile names, as Slack's users.info reports them.
    for (const id of PEOPLE) stack.emulator.addUser({ id, name: id.toLowerCase(), realName: h.people[id].name, email: `${id.toLowerCase()}@example.com`, tz: 'Europe/London' });

    // HR's roster, imported in-process into the app's database before anyone joins.
    const csv = joinPath(dirname(stack.config.databasePath), 'roster.csv');
    writeFileSync(csv, ['user,department,level,location', ...ON_ROSTER.map((id) => [id, rosterOrg(id).department, (MENTORS as readonly string[]).includes(id) ? '7' : '3', rosterOrg(id).location].map(csvCell).join(','))].join('\n'));
    let importLog = '';
    const code = await runRosterImport([csv], { DATABASE_PATH: stack.config.databasePath, ...(stack.config.databaseUrl ? { DATABASE_URL: stack.config.databaseUrl } : {}), LOG_LEVEL: 'error' }, { stdout: (m) => (importLog += `${m}\n`), stderr: (m) => (importLog += `${m}\n`), now });
    expect(code, importLog).toBe(0);

    // A time zone no one has heard of is refused (the error names it, as plain text), then everyone joins.
    await user(E1).slash('/mentor join');
    await settle();
    const refused = await user(E1).submit(intakeForm({ ...intakeFor(E1, h.people[E1]), timeZone: h.timeZone }));
    expect(refused.errors?.timeZone).toBeDefined();
    for (const id of PEOPLE) await join(stack, id, intakeFor(id, h.people[id]));

    // An unknown subcommand and a bad pause, from a member and from the coordinator (who has not joined).
    for (const id of [E1, GRACE]) {
      await user(id).slash(`/mentor ${h.command}`);
      await user(id).slash(`/mentor pause ${h.command}`);
    }
    // Everyone's profile and its Edit form (Home was published when they joined, and is opened again at the end).
    for (const id of PEOPLE) {
      await user(id).slash('/mentor profile');
      await settle();
      await user(id).click(PROFILE_EDIT_ACTION);
      await settle();
      stack.emulator.workspace.closeModals(id);
    }

    // Self-serve: suggestions, a request declined with a note, the next suggestion accepted.
    await user(E3).slash('/mentor match');
    await settle();
    const [declinerId] = requestTargets(user(E3).messages().findLast((m) => requestTargets(m).length > 0));
    if (!declinerId) throw new Error(`no suggestions for ${E3}`);
    await user(E3).click(`${REQUEST_ACTION_PREFIX}${declinerId}`);
    await settle();
    await user(declinerId).click(DECLINE_ACTION);
    await settle();
    const declined = await user(declinerId).submit({ [DECLINE_NOTE_BLOCK]: { [DECLINE_NOTE_BLOCK]: h.declineNote } });
    await settle();
    expect(declined.errors).toBeUndefined();
    const [mentorId] = requestTargets(user(E3).lastMessage());
    if (!mentorId) throw new Error('no next suggestion after the decline');
    await user(E3).click(`${REQUEST_ACTION_PREFIX}${mentorId}`);
    await settle();
    await user(mentorId).click(ACCEPT_ACTION);
    await settle();

    // A coordinators' round for everyone else, previewed and published.
    await user(GRACE).slash('/mentor round');
    await settle();
    await user(GRACE).click(PUBLISH_ROUND_ACTION);
    await settle();

    const matchRows = await sql.all<{ id: number; mentor: Person; mentee: Person; status: string }>('select id, mentor_id as mentor, mentee_id as mentee, status from matches order by id');
    expect(matchRows.filter((m) => m.status === 'active')).toHaveLength(3);
    const selfServe = matchRows.find((m) => m.mentee === E3 && m.status === 'active');
    const keptAlive = matchRows.find((m) => m.mentee === E1 && m.status === 'active');
    if (!selfServe || !keptAlive) throw new Error(`unexpected matches: ${JSON.stringify(matchRows)}`);
    // A session the next morning, as picking an offered time leaves it (booking carries no text of anyone's, and its
    // confirmations and calendar files to one person are paced a second apart, so it is left to scheduling.test.ts).
    const session = { startsAt: T0.getTime() + DAY, endsAt: T0.getTime() + DAY + 45 * MINUTE };
    await sql.run("insert into sessions (match_id, starts_at, ends_at, status) values (?, ?, ?, 'booked')", selfServe.id, session.startsAt, session.endsAt);

    // Both rate it, with comments.
    await runAt(new Date(session.endsAt + 15 * MINUTE), 'rating-prompts');
    for (const [rater, comment] of [
      [E3, h.comments[0]],
      [mentorId, h.comments[1]],
    ] as const) {
      await user(rater).click(RATE_ACTION);
      await settle();
      const rated = await user(rater).submit({
        [RATING_BLOCKS.happened]: { [RATING_BLOCKS.happened]: 'yes' },
        [RATING_BLOCKS.usefulness]: { [RATING_BLOCKS.usefulness]: '4' },
        [RATING_BLOCKS.clarity]: { [RATING_BLOCKS.clarity]: '5' },
        [RATING_BLOCKS.applicability]: { [RATING_BLOCKS.applicability]: '3' },
        [RATING_BLOCKS.comment]: { [RATING_BLOCKS.comment]: comment },
      });
      await settle();
      expect(rated.errors).toBeUndefined();
    }

    // The weekly digest and a coordinator's preview of it, the Monday after.
    const digestAt = followingMonday(now);
    await runAt(digestAt, 'weekly-digest');
    now = new Date(digestAt.getTime() + HOUR);
    await user(GRACE).slash('/mentor digest');
    await settle();

    // Check-ins a fortnight in: the self-serve mentor gives all five answers, each with a note.
    await runAt(new Date(Math.max(T0.getTime() + 14 * DAY, now.getTime())), 'check-ins');
    for (const answer of NOTE_ANSWERS) {
      await user(mentorId).click(CHECK_IN_ACTIONS[answer]);
      await settle();
      const answered = await user(mentorId).submit({ [CHECK_IN_NOTE_BLOCK]: { [CHECK_IN_NOTE_BLOCK]: h.notes[answer] } });
      await settle();
      expect(answered.errors).toBeUndefined();
    }
    // One round pair answers (a sign of life, so only the other is flagged later: two flags in one channel are paced a second apart).
    await user(keptAlive.mentor).click(CHECK_IN_ACTIONS.goingWell);
    await settle();
    await user(keptAlive.mentor).submit({});
    await settle();

    // The other round pair never meets: nudged at four weeks, goal check-ins at thirty days, flagged at six weeks.
    await runAt(new Date(T0.getTime() + 28 * DAY), 'stalled-pairs', 'outbox');
    await runAt(new Date(T0.getTime() + 30 * DAY), 'check-ins', 'outbox');
    await runAt(new Date(T0.getTime() + 42 * DAY - HOUR), 'weekly-digest');
    await runAt(new Date(T0.getTime() + 42 * DAY), 'stalled-pairs', 'outbox');
    await user(GRACE).click(STALL_ACTIONS.nudge);
    await settle();
    await user(GRACE).slash('/mentor digest');
    for (const id of [...PEOPLE, GRACE]) {
      await user(id).openHome();
      await settle();
    }

    // ── No leak, anywhere ────────────────────────────────────────────
    const all: { where: string; text: string }[] = [];
    for (const s of seen) for (const t of s.texts) all.push({ where: `${s.kind} to ${s.audience.join(',')}${s.channel ? ` in ${s.channel}` : ''}`, text: t });
    const ws = stack.emulator.workspace;
    for (const m of ws.messages) for (const t of mrkdwnOf(m, true)) all.push({ where: `stored message in ${m.channel}`, text: t });
    for (const v of [...ws.views.values(), ...ws.homes.values()]) for (const t of mrkdwnOf(v.view, false)) all.push({ where: `stored view of ${v.userId}`, text: t });
    for (const method of ['chat.postMessage', 'chat.postEphemeral', 'chat.update']) {
      for (const call of stack.emulator.callsTo(method)) for (const t of mrkdwnOf(call.args, true)) all.push({ where: `${method} to ${String(call.args.channel)}`, text: t });
    }
    // A file's initial_comment is mrkdwn too.
    for (const call of stack.emulator.callsTo('files.completeUploadExternal')) {
      if (typeof call.args.initial_comment === 'string') all.push({ where: 'file comment', text: call.args.initial_comment });
    }
    for (const method of ['views.open', 'views.push', 'views.update', 'views.publish']) {
      for (const call of stack.emulator.callsTo(method)) for (const t of mrkdwnOf(call.args.view, false)) all.push({ where: method, text: t });
    }
    // Queued messages not yet due would leak later.
    for (const row of await sql.all<{ key: string; payload: string }>('select idempotency_key as key, payload from outbox')) {
      // One kept as a view and its input is scanned as it will render.
      const payload = JSON.parse(row.payload) as { kind?: string; view: string; input: unknown };
      for (const t of mrkdwnOf(payload.kind === 'view' ? viewMessage(payload) : payload, true)) all.push({ where: `outbox ${row.key}`, text: t });
    }
    expect(leaksIn(all)).toEqual([]);
    // A surface Slack refused would be missing from the scan.
    expect(stack.emulator.calls.filter((c) => !c.ok).map((c) => `${c.method}: ${c.error}`)).toEqual([]);

    // ── …and the strings really travelled ───────────────────────────
    const seenBy = (id: string, kind?: Seen['kind']) => seen.filter((s) => s.audience.includes(id) && (!kind || s.kind === kind)).flatMap((s) => s.texts).join('\n');
    const inChannel = seen.filter((s) => s.channel === CHANNEL).flatMap((s) => s.texts).join('\n');
    const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '').map(inert);
    const expectAll = (haystack: string, needles: string[], what: string) => {
      for (const needle of needles) expect(haystack.includes(needle), `${what}: ${JSON.stringify(needle)} missing`).toBe(true);
    };
    const orgOf = (id: Person): [string, string] => [inert(h.people[id].department), inert(h.people[id].location)];
    /** What the messages seen by `id` that contain `marker` say. */
    const messagesWith = (id: string, marker: string) =>
      seen.filter((s) => s.kind === 'message' && s.audience.includes(id) && s.texts.some((x) => x.includes(marker))).flatMap((s) => s.texts).join('\n');

    for (const id of PEOPLE) {
      const t = h.people[id];
      const own = [...t.aims, ...t.measures].flatMap(lines);
      // /mentor profile (ephemeral) and Home.
      expectAll(seenBy(id, 'ephemeral'), [...own, ...orgOf(id)], `${id}'s profile`);
      expectAll(seenBy(id, 'home'), [...own, ...orgOf(id)], `${id}'s Home`);
    }
    // The unknown subcommand, echoed in the help.
    // Backticks in it would close the code span, so they are shown as quotes.
    for (const id of [E1, GRACE]) expectAll(seenBy(id, 'ephemeral'), [`I don't know \`${inert(h.command.toLowerCase()).replace(/`/g, "'")}\``], `${id}'s help`);
    // The intake form shows HR's words instead of asking.
    for (const id of ON_ROSTER) expectAll(seenBy(id, 'modal'), [`From the HR roster: ${orgOf(id)[0]}`, orgOf(id)[1]], `${id}'s intake form`);
    // Suggestion cards show each mentor's department and location.
    expectAll(seenBy(E3, 'message'), [...orgOf(declinerId as Person), ...orgOf(mentorId as Person)], 'suggestion cards');
    // The request carries the mentee's goals.
    expectAll(messagesWith(declinerId, 'would like you as their mentor'), h.people[E3].aims.flatMap(lines), 'the request DM');
    // The decline note reaches the mentee, quoted.
    expectAll(messagesWith(E3, "can't take on a new mentee right now"), lines(h.declineNote), 'the decline note');
    // Every intro: goals of the mentee, department and location of both.
    for (const m of matchRows.filter((r) => r.status !== 'declined')) {
      const intro = seen.filter((s) => s.kind === 'message' && s.texts.some((x) => x.includes(`<@${m.mentee}>, meet <@${m.mentor}>`))).flatMap((s) => s.texts).join('\n');
      expectAll(intro, [...h.people[m.mentee].aims.flatMap(lines), ...orgOf(m.mentee), ...orgOf(m.mentor)], `intro ${m.mentee} ← ${m.mentor}`);
    }
    // The round preview: a reason quoting each mentee's first goal, and their departments and locations in the fairness lines.
    for (const id of [E1, E2]) {
      const anchor = LIVE.find((token) => h.people[id].aims[0].startsWith(token)) as string;
      expectAll(inChannel, [`<@${id}>'s goal “${inert(anchor)}`, ...orgOf(id)], `round preview for ${id}`);
    }
    // Check-in notes reach the coordinator privately.
    expectAll(seenBy(GRACE, 'message'), NOTE_ANSWERS.flatMap((a) => lines(h.notes[a])), 'check-in notes');
    // Comments reach coordinators only through the digest: the weekly post and the preview.
    const comments = h.comments.map((c) => `> ${inert(c.replace(/\s+/g, ' '))}`);
    expectAll(inChannel, comments, 'digest comments');
    expectAll(seenBy(GRACE, 'ephemeral'), comments, 'digest preview comments');
    // Slack names: each rater's form names the other.
    expectAll(seenBy(E3, 'modal'), [inert(h.people[mentorId as Person].name)], 'rating form name');
    expectAll(seenBy(mentorId, 'modal'), [inert(h.people[E3].name)], 'rating form name');
    // Goal check-ins list the mentee's goals.
    for (const id of [E1, E2]) expectAll(messagesWith(id, 'How are your mentoring goals coming along?'), h.people[id].aims.flatMap(lines), `${id}'s goal check-in`);
    // The stalled flag went to the coordinators.
    expect(inChannel).toContain('have been quiet for 6 weeks');
  } finally {
    await stack.stop();
  }
}

/** A coordinator names a program with hostile text; everyone who meets the name in a reply, a list or a form sees it inert. */
async function programNameJourney(name: string): Promise<void> {
  const stack = await startLocalStack({ clock: () => T0 });
  try {
    const seen = watch(stack);
    const user = (id: string) => stack.emulator.user(id);
    const settle = () => stack.settle();
    const created = await submitProgram(stack, GRACE, { name });
    expect(created.errors).toBeUndefined();
    const programId = (await rawSql(stack.database).get<{ id: number }>('select id from programs where name = ?', name))!.id;
    const [bruno, chloe] = [CAST.bruno.id, CAST.chloe.id];
    for (const id of [bruno, chloe]) await join(stack, id, { ...SAMPLE_INTAKE, roles: ['mentee'] });
    await join(stack, CAST.aiko.id, { ...SAMPLE_INTAKE, roles: ['mentee'], department: 'Finance' });
    // Joined, then Join pressed again on the same list.
    await joinProgram(stack, bruno, programId, { roles: { roles: ['mentee'] }, goal1Aim: { goal1Aim: 'Grow as a leader' }, goal1Measure: { goal1Measure: 'My team says so' }, goal1Due: { goal1Due: '2027-06-01' } });
    await user(bruno).click(`program_join:${programId}`, { value: String(programId) });
    await settle();
    // Join pressed on a program paused since the list was sent.
    await user(chloe).slash('/mentor programs');
    await settle();
    await user(GRACE).slash(`/mentor program pause ${name}`);
    await settle();
    await user(chloe).click(`program_join:${programId}`, { value: String(programId) });
    await settle();
    // …and on one whose roster filter leaves them out.
    await user(GRACE).slash(`/mentor program resume ${name}`);
    await settle();
    await user(GRACE).slash(`/mentor program edit ${name}`);
    await settle();
    expect((await user(GRACE).submit(programForm({ ...SAMPLE_PROGRAM, name, departments: 'Finance' }))).errors).toBeUndefined();
    await settle();
    await user(chloe).click(`program_join:${programId}`, { value: String(programId) });
    await settle();
    // A coordinator asks it for circles it does not run.
    await user(GRACE).slash(`/mentor circle form ${name}`);
    await settle();

    const texts = seen.flatMap((s) => s.texts.map((text) => ({ where: `${s.kind} to ${s.audience.join(',')}`, text })));
    expect(leaksIn(texts)).toEqual([]);
    // The refusals really named it.
    const shown = inert(name);
    const repliesTo = (id: string) => seen.filter((s) => s.audience.includes(id) && s.kind !== 'modal').flatMap((s) => s.texts).join('\n');
    expect(repliesTo(bruno)).toContain(`You are already in ${shown}`);
    expect(repliesTo(chloe)).toContain(`${shown} is paused for now`);
    expect(repliesTo(chloe)).toContain(`${shown} is not open to you`);
    expect(repliesTo(GRACE)).toContain(`${shown}* does not run circles`);
  } finally {
    await stack.stop();
  }
}

describe('text from people, HR and Slack profiles reaches mrkdwn inert', () => {
  it('through whole journeys: intake, roster, names, matching, rounds, notes, check-ins, ratings, digests', async () => {
    await fc.assert(fc.asyncProperty(hostileProgram, journey), { numRuns: 3, endOnFailure: true });
  }, 120_000);

  it('in a program name: the replies to Join, a paused or closed-to-you program, and a program without circles', async () => {
    await fc.assert(fc.asyncProperty(hostile(PROGRAM_LIMITS.name, { maxPieces: 4 }), programNameJourney), { numRuns: 3, endOnFailure: true });
  }, 120_000);
});

describe('the scan', () => {
  it('flags live tokens in mrkdwn, in any casing, and ignores plain text and escaped text', () => {
    const message = {
      text: 'fallback',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: '<!channel>' } },
        { type: 'section', text: { type: 'mrkdwn', text: 'hi <@uhostile1>' }, accessory: { type: 'button', text: { type: 'plain_text', text: '<!here>' }, value: '<!here>' } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: inert('<!everyone> <https://evil.example|x>') }] },
        { type: 'input', element: { type: 'plain_text_input', initial_value: '<!channel>' }, label: { type: 'plain_text', text: 'x' } },
      ],
    };
    expect(leaksIn(mrkdwnOf(message, true).map((text) => ({ where: 'm', text })))).toEqual(['m: …hi <@uhostile1>…']);
    expect(leaksIn(mrkdwnOf({ text: '<!here> now', blocks: JSON.stringify([]) }, true).map((text) => ({ where: 'm', text })))).toHaveLength(1);
    expect(leaksIn(mrkdwnOf({ blocks: JSON.stringify([{ type: 'section', fields: [{ type: 'mrkdwn', text: '<mailto:x@evil.example|m>' }] }]) }, false).map((text) => ({ where: 'v', text })))).toHaveLength(1);
    // The bot's own mentions, channel links and dates are not leaks.
    expect(LEAK.test('<@U0AIKO0001> <#C0COORD001> <!date^1700000000^{date}|x>')).toBe(false);
  });
});

// ── Every view builder, directly ─────────────────────────────────────────

const taxonomy = loadTaxonomy();
const ID = fc.constantFrom('U0AIKO0001', 'U0BRUNO001', 'W0CHLOE001', 'U0DEV00001');

const goalArb = fc.record({ aim: anyLength(TEXT_LIMITS.goalAim, true), measure: anyLength(TEXT_LIMITS.goalMeasure), dueOn: fc.oneof(fc.constant('2027-06-30'), hostile(20)) });
const answersArb: fc.Arbitrary<IntakeAnswers> = fc.record({
  roles: fc.constant(['mentor', 'mentee'] as IntakeAnswers['roles']),
  skillsOffered: fc.constant(['typescript', 'public-speaking']),
  skillsWanted: fc.constant(['coaching']),
  goals: fc.array(goalArb, { minLength: 0, maxLength: 3 }),
  timeZone: fc.oneof(fc.constant('Europe/Paris'), hostile(TEXT_LIMITS.timeZone)),
  workDays: fc.constant([1, 2, 3, 4, 5]),
  workStartMinute: fc.constant(540),
  workEndMinute: fc.constant(1050),
  availabilityStartMinute: fc.constant(600),
  availabilityEndMinute: fc.constant(960),
  capacityMentees: fc.constant(2),
  capacityHoursPerMonth: fc.constant(4),
  format: fc.constant('video' as IntakeAnswers['format']),
  pace: fc.constantFrom(...([null, 'weekly', 'monthly'] as IntakeAnswers['pace'][])),
  department: fc.option(anyLength(TEXT_LIMITS.department), { nil: null }),
  level: fc.constant(5),
  location: fc.option(anyLength(TEXT_LIMITS.location), { nil: null }),
});
const reasonArb: fc.Arbitrary<StoredReason> = fc.oneof(
  anyLength(300, true),
  anyLength(TEXT_LIMITS.goalAim, true).map((goal): Reason => ({ factor: 'goals', goal })),
  fc.array(hostile(75), { minLength: 1, maxLength: 3 }).map((skills): Reason => ({ factor: 'skills', match: 'exact', skills })),
  fc.constant<Reason>({ factor: 'diversity' }),
  // A location is a person's or HR's words.
  anyLength(TEXT_LIMITS.location, true).map((location): Reason => ({ factor: 'format', format: 'in_person', location })),
);
const reasonsArb = fc.array(reasonArb, { maxLength: 4 });
const groupArb = fc.record({ group: anyLength(80), participants: fc.constant(3), matched: fc.constant(1), rate: fc.constant(1 / 3) });
const reachArb = fc.record({ group: anyLength(80), participants: fc.constant(1), share: fc.constant(0.1), roster: fc.constant(5), rosterShare: fc.constant(0.5), gap: fc.constant(-0.4) });

function digestWith(t: { comments: string[]; reach: { group: string }[]; gaps: string[]; roles: string[] }): Digest {
  const week = { start: new Date('2026-11-23T00:00:00Z'), end: new Date('2026-11-30T00:00:00Z') };
  const avg = { value: 4.2, n: 3 };
  const reach = t.reach.map((g) => ({ ...g, participants: 1, share: 0.1, roster: 5, rosterShare: 0.5, gap: -0.4 }));
  return {
    week,
    minRaters: 2,
    headline: {
      activeParticipants: { value: 5, previous: 4 },
      newSignUps: { value: 1, previous: 0 },
      matchesMade: { value: 1, previous: 1 },
      sessionsHeld: { value: 2, previous: 1 },
      averageRating: { value: 4.2, previous: null },
    },
    byRole: t.roles.map((role) => ({ role, count: 1 })),
    matches: { proposed: 1, accepted: 1, declined: 0, expired: 0 },
    sessions: { held: 2, cancelled: 0 },
    ratings: { usefulness: avg, clarity: avg, applicability: avg, overall: avg, commentCount: t.comments.length, comments: t.comments },
    stalledPairs: [{ matchId: 1, mentorId: 'U0AIKO0001', menteeId: 'U0DEV00001', weeksQuiet: 6 }],
    lowRatedPairs: [],
    skillGaps: t.gaps.map((name, i) => ({ skillId: `s${i}`, name, wanted: 2, offered: 0, shortfall: 2, waiting: i })),
    load: { atCapacity: [], nearCapacity: [] },
    reach: { byDepartment: reach, byLevel: [], byLocation: reach },
    milestones: [],
    series: [{ start: week.start, end: week.end, sessionsHeld: 2, averageRating: 4.2, raters: 3 }],
  };
}

describe('every view builder', () => {
  it('keeps hostile text inert in every mrkdwn string it builds', () => {
    fc.assert(
      fc.property(
        fc.record({
          answers: answersArb,
          roster: fc.record({ department: fc.option(anyLength(80), { nil: null }), level: fc.constant(4), location: fc.option(anyLength(80), { nil: null }) }),
          facts: anyLength(300),
          reasons: reasonsArb,
          goals: fc.array(anyLength(TEXT_LIMITS.goalAim, true), { maxLength: 3 }),
          who: fc.tuple(anyLength(300), anyLength(300)),
          note: anyLength(DECLINE_NOTE_MAX, true),
          checkInNote: anyLength(CHECK_IN_NOTE_MAX, true),
          comment: anyLength(RATING_COMMENT_MAX, true),
          comments: fc.array(anyLength(RATING_COMMENT_MAX, true), { maxLength: 12 }),
          name: anyLength(80),
          groups: fc.array(groupArb, { maxLength: 4 }),
          reach: fc.array(reachArb, { maxLength: 4 }),
          gaps: fc.array(hostile(75), { maxLength: 3 }),
          roles: fc.array(hostile(40), { maxLength: 3 }),
          word: fc.oneof(commandWord, anyLength(200)),
          id: ID,
          partner: ID,
        }),
        (x) => {
          const mine: { where: string; text: string }[] = [];
          const add = (where: string, surface: unknown, isMessage = true) => mine.push(...mrkdwnOf(surface, isMessage).map((text) => ({ where, text })));
          const member = { answers: x.answers, status: 'active' as const, pausedUntil: null, taxonomy };
          add('profile', buildProfileMessage(member));
          const parts = [{ program: x.name, standing: 'waitlisted' as const, roles: ['mentee' as const], goals: [{ aim: x.note, measure: x.facts, dueOn: '2027-06-01' }], capacityMentees: null, capacityHoursPerMonth: null }];
          add('profile in several programs', buildProfileMessage({ ...member, parts }));
          add('home', buildAppHome({ userId: x.id, isCoordinator: true, subcommands: SUBCOMMANDS, member: { ...member, mentorships: [{ matchId: 1, partnerId: x.partner, kind: 'mentoring', viewerGives: true, status: 'paused' }] }, overview: { byRole: { mentor: 1, mentee: 1, peer: 0, reverse_mentor: 0, reverse_mentee: 0 }, members: 2, active: 2, paused: 0 } }), false);
          add('intake (edit, roster)', buildIntakeModal({ taxonomy, mode: 'edit', initial: x.answers, roster: x.roster }), false);
          add('intake (join)', buildIntakeModal({ taxonomy, mode: 'join', slackTimeZone: x.answers.timeZone }), false);
          // Its intro is mrkdwn the app wrote, e.g. the kind words after a decline (offerSuggestions).
          add('suggestions', buildSuggestions([{ giverId: x.id, kind: 'mentoring', score: 0.8, reasons: x.reasons, facts: x.facts }], declinedForMentee(x.id, x.note)));
          for (const reminder of [false, true]) add('request', buildMentorRequest({ matchId: 1, menteeId: x.partner, kind: 'peer', goals: x.goals, reasons: x.reasons }, reminder));
          add('decline modal', buildDeclineModal(1), false);
          add('declined', { text: declinedForMentee(x.id, x.note) });
          add('intro', buildIntro({ matchId: 1, giverId: x.id, receiverId: x.partner, kind: 'reverse', who: { giver: x.who[0], receiver: x.who[1] }, reasons: x.reasons, goals: x.goals }));
          add('reasons', { text: `${reasonsLine(x.reasons)}\n${reasonsLine(x.reasons, x.partner)}` });
          const proposal: RoundProposal = {
            pairs: [{ receiverId: x.partner, giverId: x.id, kind: 'mentoring', score: 0.7, reasons: x.reasons.filter((r): r is Reason => typeof r !== 'string') }],
            unmatched: [{ id: x.partner, reason: 'outbid' }],
            total: 0.7,
            fairness: { overallRate: 0.5, byDepartment: x.groups, byLevel: x.groups, byLocation: x.groups, mentorLoad: { mentors: 1, atCapacity: 1, nearCapacity: 0, averageLoad: 1 } },
          };
          add('round preview', buildRoundPreview(3, 'U0GRACE001', proposal));
          // Changed by coordinators: pinned pairs, a log, a pin let go; and the form behind "Change…".
          const pinned = { receiverId: x.partner, giverId: x.id, kind: 'mentoring' as const };
          const changed: RoundProposal = {
            ...proposal,
            pairs: proposal.pairs.map((p) => ({ ...p, pinned: true })),
            adjustments: { pinned: [pinned], removed: [pinned], firstTotal: 0.9, log: [{ by: 'U0GRACE001', at: '2026-11-30T09:00:00.000Z', action: 'swap', receiverId: x.partner, giverId: x.id, newGiverId: x.id }] },
            droppedPins: [pinned],
          };
          add('round preview, changed', buildRoundPreview(3, 'U0GRACE001', changed));
          add('change a pair', buildAdjustModal({ roundId: 3, pair: changed.pairs[0]!, alternatives: [{ giverId: x.id, kind: 'mentoring', score: 0.6, reasons: changed.pairs[0]!.reasons, hasRoom: false }] }), false);
          add('digest', buildDigest(digestWith({ comments: x.comments, reach: x.reach, gaps: x.gaps, roles: x.roles }), { timeZone: 'UTC', weekLabel: '23 Nov – 29 Nov 2026' }));
          add('rating modal', buildRatingModal({ sessionId: 1, partnerName: x.name, existing: { happened: true, usefulness: 4, clarity: 4, applicability: 4, comment: x.comment } }), false);
          for (const answer of NOTE_ANSWERS) {
            add(`check-in alert (${answer})`, buildCheckInAlert({ matchId: 1, authorId: x.id, partnerId: x.partner, answer, note: x.checkInNote }));
            add(`check-in note form (${answer})`, buildCheckInNoteModal({ checkInId: 1, answer }), false);
          }
          add('goal check-in', buildMenteeGoalCheckIn({ checkInId: 1, mentorId: x.id, goals: x.answers.goals.map((g) => ({ aim: g.aim, dueOn: g.dueOn })) }));
          add('help', buildHelpMessage(SUBCOMMANDS, x.word.toLowerCase()));
          add('schedule with whom', buildScheduleWithWhom([{ matchId: 1, partnerName: x.name }]));
          // Programs: their names and purposes are an admin's words, a coordinator's note is theirs.
          const program = { id: 2, name: x.name, purpose: x.facts, modes: ['mentoring', 'reverse'] as const, startsOn: '2027-01-04', endsOn: '2027-03-29', enrollment: 'application' as const, channelId: 'C0PROGRAM1', matchingMode: 'rounds' as const };
          const p = { ...program, modes: [...program.modes] };
          add('program list', buildProgramList([{ program: p, seatsLeft: 0, standing: undefined }, { program: p, seatsLeft: null, standing: { status: 'waitlisted', waitlistPosition: 2 } }]));
          add('invitation', buildInvitation(p));
          add('application', buildApplication({ enrollmentId: 1, program: p, personId: x.id, roles: ['mentee'], goals: x.goals, facts: x.facts }));
          add('decision form', buildDecisionModal({ enrollmentId: 1, approve: true }, x.name), false);
          for (const text of [
            approvedMessage(p, 'waitlisted', x.note, 3),
            declinedApplication(p, x.note),
            enrollmentOutcome(p, 'applied'),
            seatOpened(p),
            programSaved(p, true, 4),
            closedReply(p, 2),
            pausedReply(p, undefined).text,
            resumedReply(p, undefined).text,
            programClosedForPair(p, x.partner),
            programClosedForPerson(p),
            noSuchProgram(x.word),
            whichProgram('/mentor round', 'not_yours', [p], x.word),
            matchInWhich([p, p]),
            notSelfServe(p),
            notInProgram(x.word),
            monthlyHoursReached(p, x.id, 4),
            leftProgramMessage(p, true, 1),
            partnerLeftProgramMessage(x.id, x.name),
          ]) add('program words', { text });
          add('close confirmation', buildCloseConfirmation(p, 3));
          add('program intake', buildIntakeModal({ taxonomy, mode: 'join', initial: x.answers, program: { id: 2, name: x.name, roles: ['mentee', 'reverse_mentor'] }, part: 'program' }), false);
          add('roll-up', buildRollUp([{ name: x.name, channel: 'C0PROGRAM1', digest: digestWith({ comments: [], reach: [], gaps: [], roles: [] }) }], '23 Nov – 29 Nov 2026'));
          add('program digest', buildDigest(digestWith({ comments: x.comments, reach: x.reach, gaps: x.gaps, roles: x.roles }), { timeZone: 'UTC', weekLabel: '23 Nov – 29 Nov 2026', programName: x.name }));
          add('home with programs', buildAppHome({ userId: x.id, isCoordinator: true, subcommands: SUBCOMMANDS, programs: { mine: [{ name: x.name, status: 'active', roles: ['mentee'], dates: p }], coordinated: [{ name: x.name, status: 'paused', active: 3, openPairs: 1, quietPairs: 1, applications: 2, waitlist: 1 }] } }), false);
          // Cohorts: the program's name, purpose and tracks are an admin's words; comments are participants'.
          const cp = { id: 2, name: x.name, purpose: x.facts, matchingMode: 'automatic' as const, zone: 'Europe/Paris' };
          const closeAt = new Date('2027-03-29T07:00:00Z');
          const tracks = [{ id: 'leadership', name: x.name, level: 3 }];
          add('baseline prompt', buildBaselinePrompt({ enrollmentId: 1, program: cp, trackNames: [x.name, x.word], minRaters: 3 }));
          for (const late of [false, true]) add('kickoff', buildKickoff({ enrollmentId: 1, program: cp, roles: ['mentee', 'mentor'], closeAt, midpointAt: closeAt, unratedTracks: [x.name], late }));
          add('pulse', buildPulse({ enrollmentId: 1, program: cp }));
          add('help at the midpoint', buildNeedHelpAlert({ personId: x.id, program: cp }));
          add('keep going?', buildContinueQuestion({ matchId: 1, program: cp, partnerId: x.partner, closeAt }));
          add('survey prompt', buildSurveyPrompt({ enrollmentId: 1, program: cp, until: closeAt, hasTracks: true, hasGoals: true }));
          add('survey', buildSurveyModal({ enrollmentId: 1, programName: x.name, goals: x.goals.map((aim, i) => ({ id: i + 1, aim, outcome: null })), tracks, rating: 4, comment: x.comment, minRaters: 3, updating: true }), false);
          add('self-rating', buildSelfRatingModal({ enrollmentId: 1, programName: x.name, tracks, minRaters: 3, updating: false }), false);
          add('recognition', buildRecognition({ program: cp, sessions: 4 }));
          add('mentor next cohort', buildMentorNextInvite({ enrollmentId: 1, program: cp }));
          add('cohort closed', buildCohortClosedNote(cp, { completed: 3, continuing: 1, ended: 2, reportAt: closeAt }));
          const people = [1, 2, 3];
          const outcomes = cohortOutcomes({
            tracks: [{ id: 'leadership', name: x.name }],
            selfRatings: people.flatMap((person) => [{ person, track: 'leadership', phase: 'baseline' as const, level: 2 }, { person, track: 'leadership', phase: 'close' as const, level: 4 }]),
            goals: people.map((person) => ({ person, outcome: 'achieved' as const })),
            answers: people.map((person, i) => ({ person, pulse: 'going_well' as const, rating: 4, comment: x.comments[i] ?? x.comment, surveyed: true, mentorNextCohort: true })),
            minRaters: 3,
          });
          add('cohort report', buildCohortReport(cp, outcomes, { completed: 3, withSessions: 3, continuing: 1 }));
          add('nobody waiting', nobodyWaitingNote(x.name, closeAt));
          add('nobody paired', noPairsNote(x.name, [{ id: x.partner, reason: 'rules' }, { id: x.id, reason: 'no_common_ground', skills: x.gaps }], closeAt));
          // The quality floor: skill names are the taxonomy file's words, goals a mentee's, program names an admin's.
          add('round preview, below the floor', buildRoundPreview(3, 'U0GRACE001', { ...proposal, unmatched: [{ id: x.partner, reason: 'no_common_ground', skills: x.gaps }, { id: x.id, reason: 'no_common_ground', skills: [] }, { id: x.id, reason: 'low_fit' }] }));
          for (const skills of [x.gaps, []]) {
            add('below the floor', { text: [noSuggestions('no_common_ground', skills), unmatchedMessage({ reason: 'no_common_ground', skills })].join('\n') });
          }
          for (const match of ['exact', 'near', 'goal'] as const) {
            const ground = { match, skills: [x.name, ...x.gaps] };
            for (const programName of [null, x.name]) {
              for (const selfServe of [true, false]) {
                add('waiting for you', waitingForYou({ mentees: [{ menteeId: x.partner, kind: 'mentoring', ground, goal: x.goals[0] ?? null }, { menteeId: x.id, kind: 'peer', ground, goal: null }], programName, selfServe }));
                add('now offered', { text: nowOffered({ ground, programName, selfServe }) });
              }
            }
          }
          add('automatic preview', buildRoundPreview(3, 'schedule', proposal, { programName: x.name, publishAt: closeAt }));
          // Circles: topic names come from the taxonomy file, intents and curricula are coordinators' words.
          const circleFacts = { id: 4, topicName: x.name, intent: x.facts, style: 'peer' as const, facilitatorId: x.id, cadence: 'fortnightly' as const, sessionMinutes: 60, slotWeekday: 2, slotMinute: 900, zone: 'Europe/London', programName: x.word };
          add('circle welcome', buildCircleWelcome({ circle: circleFacts, members: [{ id: x.partner, reasons: [x.note, x.facts] }], next: closeAt, firstTopic: x.checkInNote }));
          add('circle announcement', buildSessionAnnouncement({ circle: circleFacts, startsAt: closeAt, topic: x.checkInNote, hostId: x.partner, seq: 1 }));
          add('circle reminder', buildSessionReminder({ circle: circleFacts, startsAt: closeAt, hostId: x.partner }));
          add('circle list', buildCircleList([{ circle: circleFacts, next: closeAt, seatsLeft: 0, members: 3, fit: 0.5, standing: null, waitlistPosition: null, blocked: x.note }, { circle: circleFacts, next: null, seatsLeft: 2, members: 1, fit: null, standing: 'waitlisted', waitlistPosition: 2, blocked: null }]));
          add('circle closing', buildCircleClosing({ circle: circleFacts, sessionsHeld: 3, reason: x.note }));
          add('circle formation', buildFormationPreview({ formationId: 1, coordinatorId: x.id, programName: x.word, zone: 'Europe/London', settings: { style: 'peer', sizeMin: 3, sizeMax: 5, cadence: 'weekly', sessionMinutes: 60 }, circles: [{ topicName: x.name, facilitatorId: null, weekday: 2, minuteOfDay: 900, fit: 0.7, members: [{ id: x.partner, fit: 0.7, reasons: [x.note] }] }], unplaced: [{ id: x.id, reason: 'no_common_time' }], totalFit: 3.2, upperBound: 4 }));
          add('circle new times', buildNewTimes({ circle: circleFacts, misfits: [x.partner], choices: [{ circleId: 4, weekday: 3, minuteOfDay: 900, time: '15:00' }], zone: x.word }));
          add('circle new times (none)', buildNewTimes({ circle: circleFacts, misfits: [x.partner], choices: [], zone: x.word }));
          add('circle moved', timeMoved(circleFacts, x.id));
          add('circle form', buildCircleModal({ programId: 2, programName: x.word, zone: 'Europe/London', settings: { style: 'facilitated', sizeMin: 3, sizeMax: 8, cadence: 'monthly', sessionMinutes: 90 }, taxonomy, topics: [] }), false);
          for (const text of [unplacedMessage('too_few', x.word), buildCalendarNote(circleFacts), ...Object.entries(CIRCLE_WORDS).filter(([k]) => k !== 'notInProgram').map(([, w]) => (typeof w === 'function' ? (w as (c: typeof circleFacts, n: number) => string)(circleFacts, 2) : w))]) add('circle words', { text });
          add('circle not in program', { text: CIRCLE_WORDS.notInProgram(x.word) });
          add('exclusions', { text: [EXCLUSION_WORDS.kept(x.id, x.partner), EXCLUSION_WORDS.already(x.id, x.partner), EXCLUSION_WORDS.removed(x.id, x.partner, 1), reasonLine(x.note)].join('\n') });
          add('manual pair', { text: `${paired({ giverId: x.id, receiverId: x.partner, kind: 'reverse', roundId: 3, overridden: ['seniority'] })}\n${softNeedsReason(['recent_pairing', 'no_common_ground'])}` });
          add('manual pair form', buildPairModal({ programId: 2, programName: x.name, kinds: ['mentoring', 'peer'] }), false);
          add('rematch offered', { text: rematchOfferedNote({ menteeId: x.id, formerId: x.partner, giverIds: [x.partner, x.id] }) });
          // Re-matching while a mentorship is open: goals and reasons are people's words, skill names the taxonomy file's.
          // (A fresh-start request is the ordinary request above, for the mentor who answers it.)
          add('fresh-start offer', buildSuggestions([{ giverId: x.id, kind: 'peer', score: 0.6, reasons: x.reasons, facts: x.facts, replaces: 1, via: 'asked' }], quietOfferLead({ mentorId: x.partner, weeksQuiet: 6 })));
          const none = { reason: 'no_common_ground' as const, skills: x.gaps };
          for (const offered of [{ giverIds: [x.id, x.partner] }, { giverIds: [], none }]) add('stalled flag', buildStalledFlag({ matchId: 1, mentorId: x.id, menteeId: x.partner, weeksSilent: 6, lastSignOfLife: closeAt, offered }));
          for (const text of [
            askedOfferLead({ mentorId: x.id, kind: 'reverse' }),
            askedNobody({ mentorId: x.id, why: none }),
            askedOthersNote({ menteeId: x.id, kind: 'mentoring', giverIds: [x.partner] }),
            askedOthersNote({ menteeId: x.id, kind: 'peer', giverIds: [], none }),
            rematchRequestSent({ giverId: x.id, formerId: x.partner }),
            askStillOpen({ giverId: x.id, until: closeAt, same: false }),
            nextFreshStartLead(declinedForMentee(x.id, x.note), x.partner),
            noNextFreshStart(declinedForMentee(x.id, x.note), x.partner),
            startedAfreshForFormer(x.id),
            startedAfreshForMentee({ formerId: x.id, newId: x.partner }),
          ]) add('fresh-start words', { text });
          add('rating thanks', buildRatingThanks({ partnerId: x.partner, updated: false, sessionId: 1, seeOthers: 'mentoring' }));
          add('busy form', buildBusyModal('2027-01-01', '2026-12-01'), false);
          add('busy words', { text: BUSY_WORDS.saved('2027-01-01') });
          add('own exclusions form', buildOwnExclusionsModal([x.id]), false);
          add('keep apart form', buildCoordinatorExclusionModal([{ firstId: x.id, secondId: x.partner, recordedBy: null, reason: x.note, recordedAt: new Date(0) }]), false);
          add('circle topics form', buildCurriculumModal({ circleId: 4, topicName: x.name, curriculum: [x.note, x.facts], nextSeq: 2 }), false);
          for (const text of [
            baselineSaved(cp, true),
            ...(['going_well', 'could_be_better', 'need_help'] as const).map((a) => pulseThanks(cp, a)),
            continueAnswered({ program: cp, partnerId: x.partner, yes: true }),
            pairContinues(cp, x.partner),
            pairEndsWithCohort(cp, x.partner),
            requestEndsWithCohort(cp, x.partner, true),
            surveyThanks(cp, false),
            mentorNextConfirmed(cp),
            ...Object.values(COHORT_REFUSALS).map((refusal) => (typeof refusal === 'function' ? refusal(cp) : refusal)),
          ]) add('cohort words', { text });
          // Circles after their sessions: the topic is a coordinator's taxonomy name, a session's topic their curriculum line, a comment a member's.
          const circle = { topicName: x.name };
          const concerns: CircleConcern[] = [
            { kind: 'attendance_falling', attended: 1, answered: 4, earlierRate: 0.75 },
            { kind: 'not_meeting', days: 14, held: 2 },
          ];
          add('circle attendance', buildAttendancePrompt({ sessionId: 1, circle, startsAt: closeAt, sessionTopic: x.facts }));
          for (const rated of [false, true]) for (const again of [false, true]) add('circle there', attendedAnswer({ sessionId: 1, circle, rated, again }));
          for (const again of [false, true]) add('circle missed', missedAnswer({ circle, next: closeAt, again }));
          add('circle rating form', buildCircleRatingModal({ sessionId: 1, circle, startsAt: closeAt, existing: { usefulness: 4, clarity: 4, applicability: 4, comment: x.comment } }), false);
          add('circle flag', buildCircleFlag({ circleId: 1, circle, channelId: 'C0CIRCLE01', style: 'facilitated', facilitatorId: x.id, concerns }, CIRCLE_FLAG_WORDS.nudged(circle, 'facilitator', [x.id], closeAt)));
          add('peer circle flag', buildCircleFlag({ circleId: 1, circle, channelId: null, style: 'peer', facilitatorId: null, concerns: [] }, CIRCLE_FLAG_WORDS.newTimeAsked(circle, 'member', [x.id, x.partner], closeAt)));
          for (const role of ['facilitator', 'host', 'member'] as const) add('circle nudge', buildCircleNudge({ circle, channelId: 'C0CIRCLE01', role, concerns, next: closeAt }));
          add('circle new time', buildNewTimeRequest({ circleId: 1, circle, channelId: 'C0CIRCLE01' }));
          for (const text of [
            circleRatingThanks({ circle, updated: false }),
            circleRatingThanks({ circle, updated: true }),
            ...Object.values(CIRCLE_FEEDBACK_WORDS).map((w) => (typeof w === 'function' ? w(circle) : w)),
            CIRCLE_FLAG_WORDS.nobodyToNudge(circle),
            CIRCLE_FLAG_WORDS.closed(circle, 3),
            CIRCLE_FLAG_WORDS.nudged(circle, 'host', [x.id], closeAt),
          ]) add('circle words', { text });
          const circlesDigest = digestWith({ comments: x.comments, reach: x.reach, gaps: x.gaps, roles: x.roles });
          add(
            'digest with circles',
            buildDigest(
              {
                ...circlesDigest,
                circles: {
                  active: 2,
                  seats: { filled: 9, of: 12 },
                  attendance: { sessions: 2, answered: 8, attended: 5, rate: 5 / 8 },
                  rating: { value: 4.1, n: 3 },
                  commentCount: x.comments.length,
                  comments: x.comments,
                  needingAttention: [{ circleId: 1, topic: x.name, channelId: 'C0CIRCLE01', facilitatorId: x.id, concerns }],
                  reach: { people: 9, ...circlesDigest.reach },
                },
              },
              { timeZone: 'UTC', weekLabel: '23 Nov – 29 Nov 2026', programName: x.name },
            ),
          );
          expect(leaksIn(mine)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});
