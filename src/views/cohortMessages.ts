import type { KnownBlock, ModalView } from '@slack/types';
import { formatInTimeZone } from 'date-fns-tz';
import { formatMinutes, type Role } from '../domain/intake.js';
import type { CohortOutcomes, TrackOutcome } from '../domain/outcomes.js';
import { type AutoRoundSchedule, GOAL_OUTCOMES, type GoalOutcome, type MatchingMode, PULSE_ANSWERS, type PulseAnswer } from '../domain/programs.js';
import { actions, bounded, button, clip, context, divider, escape, header, type Message, mention, message, mrkdwn, option, plain, section } from './blocks.js';
import { WEEKDAYS } from './intakeModal.js';
import { programName } from './programWords.js';
import { SELF_RATING_PRIVACY, type TrackToRate, trackInputs } from './selfRatingModal.js';
import { zId } from './values.js';

/*
 * A cohort's life as people and coordinators see it: the baseline prompt
 * and the kickoff, the midpoint pulse, "keep going after the cohort?", the
 * close (pairs, the survey, recognition, the invitation to mentor next
 * time) and the coordinators' closing note and report. Everything a person
 * or a coordinator typed is escaped; every text is clipped to its field.
 */

export const SELF_RATE_ACTION = 'cohort_self_rate';
export const PULSE_ACTIONS: Record<PulseAnswer, string> = {
  going_well: 'cohort_pulse_going_well',
  could_be_better: 'cohort_pulse_could_be_better',
  need_help: 'cohort_pulse_need_help',
};
export const CONTINUE_ACTIONS = { yes: 'cohort_continue_yes', no: 'cohort_continue_no' } as const;
export const SURVEY_ACTION = 'cohort_survey';
export const SURVEY_CALLBACK = 'cohort_closing_survey';
export const MENTOR_NEXT_ACTION = 'cohort_mentor_next';
/** Rate yourself, the pulse buttons, the survey and "mentor next time" carry the enrollment id; keep going carries the match id. */
export const zEnrollmentValue = zId;
export const zContinueValue = zId;
/** Block ids double as action ids, so an error lands on its input. */
export const SURVEY_BLOCKS = { rating: 'closing_rating', comment: 'closing_comment' } as const;
export const GOAL_BLOCK_PREFIX = 'goal:';
export const goalBlockId = (goalId: number): string => `${GOAL_BLOCK_PREFIX}${goalId}`;
export const CLOSING_COMMENT_MAX = 1000;

export interface CohortProgram {
  id: number;
  name: string;
  purpose: string;
  matchingMode: MatchingMode;
  zone: string;
  /** When automatic rounds run; the kickoff says so. */
  autoRound?: Pick<AutoRoundSchedule, 'weekday' | 'minuteOfDay'> | null;
}

const PURPOSE_SHOWN = 1200;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
/** A cohort milestone's local date in the program's zone: "Monday 29 March 2027". */
export const cohortDay = (at: Date, zone: string): string => formatInTimeZone(at, zone, 'EEEE d MMMM yyyy');
const trackList = (names: readonly string[]) => bounded(names.map(escape), 8).join(', ');

const RECEIVING: readonly Role[] = ['mentee', 'reverse_mentee', 'peer'];
const GIVING: readonly Role[] = ['mentor', 'reverse_mentor', 'peer'];

// ── Joining: the baseline and the kickoff ──────────────────────────────────

export function buildBaselinePrompt(d: { enrollmentId: number; program: CohortProgram; trackNames: readonly string[]; minRaters: number }): Message {
  const text = `Rate yourself on ${escape(d.program.name)}'s tracks: it takes a minute.`;
  return message(clip(text, 300), [
    section(
      `:bar_chart: *Where do you stand today?* ${programName(d.program)} focuses on ${trackList(d.trackNames)}. Rate yourself 1–5 on each now; at the close you'll rate yourself again, so you can see how far you came.`,
    ),
    actions(`cohort_baseline_${d.enrollmentId}`, [button(SELF_RATE_ACTION, 'Rate yourself', { style: 'primary', value: d.enrollmentId })]),
    context(SELF_RATING_PRIVACY(d.minRaters)),
  ]);
}

export const baselineSaved = (program: Pick<CohortProgram, 'name'>, updated: boolean): string =>
  updated
    ? `Your starting point in ${programName(program)} is updated.`
    : `Thanks! Your starting point in ${programName(program)} is saved. At the close you'll rate yourself again; only the average change across the cohort is ever shown.`;


function matchingStep(program: Pick<CohortProgram, 'matchingMode' | 'autoRound' | 'zone'>, roles: readonly Role[]): string {
  const mode = program.matchingMode;
  const receives = roles.some((r) => RECEIVING.includes(r));
  const gives = roles.some((r) => GIVING.includes(r));
  if (mode === 'self_serve') {
    const steps = [
      ...(receives ? ['• *Find your match:* `/mentor match` suggests people who fit your goals; send a request to the one you like.'] : []),
      ...(gives ? ['• *Requests come to you here:* accept the ones you have room for, or decline kindly.'] : []),
    ];
    return steps.length ? steps.join('\n') : '• *Matching is self-serve:* `/mentor match` suggests people who fit.';
  }
  const schedule = mode === 'automatic' ? program.autoRound : undefined;
  const how = schedule
    ? `a round pairs people automatically every ${WEEKDAYS[schedule.weekday - 1] ?? 'week'} at ${formatMinutes(schedule.minuteOfDay)} (${program.zone} time), and the coordinators look over each one before it goes out`
    : 'the coordinators pair people in rounds';
  return `• *Matching:* ${how}. You don't need to do anything: you'll hear here as soon as you're matched.`;
}

export function buildKickoff(d: {
  enrollmentId: number;
  program: CohortProgram;
  roles: readonly Role[];
  closeAt: Date;
  midpointAt: Date;
  /** Tracks left to rate: a Rate yourself button when there are some. */
  unratedTracks: readonly string[];
  late: boolean;
}): Message {
  const p = d.program;
  const lead = d.late ? `Welcome to ${escape(p.name)}: the cohort is under way.` : `${escape(p.name)} starts today!`;
  const purpose = p.purpose.trim() ? escape(clip(p.purpose.trim(), PURPOSE_SHOWN)) : '_No purpose written yet._';
  const halfway = d.late ? '' : ` Halfway through, on ${cohortDay(d.midpointAt, p.zone)}, I'll ask how it's going.`;
  const blocks: KnownBlock[] = [
    header(d.late ? `Welcome to ${p.name}` : `${p.name} starts today`),
    section(`${d.late ? ':wave:' : ':rocket:'} ${programName(p)}\n${purpose}`),
    section(
      `*First steps*\n${matchingStep(p, d.roles)}\n• *Meet:* once you're matched, \`/mentor schedule\` finds a time that suits you both.\n• *Your goals:* \`/mentor profile\` shows them; bring them to your first session.`,
    ),
  ];
  if (d.unratedTracks.length > 0) {
    blocks.push(
      section(`*Your starting point:* you haven't rated yourself on ${trackList(d.unratedTracks)} yet.`, {
        accessory: button(SELF_RATE_ACTION, 'Rate yourself', { value: d.enrollmentId }),
      }),
    );
  }
  blocks.push(context(`The cohort runs until ${cohortDay(d.closeAt, p.zone)}.${halfway}`));
  return message(clip(lead, 300), blocks);
}

// ── The midpoint pulse ─────────────────────────────────────────────────────

const PULSE_LABELS: Record<PulseAnswer, string> = { going_well: 'Going well', could_be_better: 'Could be better', need_help: 'I need help' };

export function buildPulse(d: { enrollmentId: number; program: CohortProgram }): Message {
  return message(clip(`Halfway through ${escape(d.program.name)}: how is it going?`, 300), [
    section(`:compass: Halfway through ${programName(d.program)}: *how is it going?* One click; if you need help, a coordinator will reach out to you, privately.`),
    actions(
      `cohort_pulse_${d.enrollmentId}`,
      PULSE_ANSWERS.map((a) => button(PULSE_ACTIONS[a], PULSE_LABELS[a], { value: d.enrollmentId, ...(a === 'going_well' ? { style: 'primary' as const } : {}) })),
    ),
  ]);
}

export function pulseThanks(program: Pick<CohortProgram, 'name'>, answer: PulseAnswer): string {
  switch (answer) {
    case 'going_well':
      return `Glad to hear ${programName(program)} is going well! :tada: Thanks for letting us know.`;
    case 'could_be_better':
      return `Thanks for being honest about ${programName(program)}. If something specific would help, \`/mentor help\` lists what you can do, and the coordinators are there too.`;
    default:
      return `Thanks for telling us. A coordinator of ${programName(program)} will reach out to you privately soon.`;
  }
}

export const buildNeedHelpAlert = (d: { personId: string; program: Pick<CohortProgram, 'name'> }): Message =>
  message(clip(`Someone in ${escape(d.program.name)} asked for help at the midpoint.`, 300), [
    section(`:sos: ${mention(d.personId)} answered the midpoint pulse of ${programName(d.program)} with *I need help*. Please reach out to them directly.`),
    context('Only the program’s coordinators get this message.'),
  ]);

// ── Keep going after the cohort? ──────────────────────────────────────────

export function buildContinueQuestion(d: { matchId: number; program: CohortProgram; partnerId: string; closeAt: Date }): Message {
  return message(clip(`Keep going after ${escape(d.program.name)}?`, 300), [
    section(
      `:seedling: *Keep going after the cohort?* ${programName(d.program)} ends on ${cohortDay(d.closeAt, d.program.zone)}. Would you like your mentorship with ${mention(d.partnerId)} to carry on after that? It continues only if you both say yes; otherwise it ends kindly with the cohort.`,
    ),
    actions(`cohort_continue_${d.matchId}`, [
      button(CONTINUE_ACTIONS.yes, 'Yes, keep going', { style: 'primary', value: d.matchId }),
      button(CONTINUE_ACTIONS.no, 'No, wrap up', { value: d.matchId }),
    ]),
    context('Your partner is not told your answer; at the close you both hear what happens.'),
  ]);
}

export const continueAnswered = (d: { program: Pick<CohortProgram, 'name'>; partnerId: string | null; yes: boolean }): string =>
  d.yes
    ? `Noted: you'd like to keep going with ${mention(d.partnerId)} after ${programName(d.program)}. If they say yes too, your mentorship carries on; you'll both hear at the close. You can change your answer until then.`
    : `Noted: your mentorship with ${mention(d.partnerId)} wraps up with ${programName(d.program)}. You can change your answer until the close.`;

export const pairContinues = (program: Pick<CohortProgram, 'name'>, partnerId: string | null): string =>
  `${programName(program)} has ended, and you and ${mention(partnerId)} both chose to keep going: :handshake: your mentorship carries on. Check-ins and \`/mentor schedule\` work as before.`;

export const pairEndsWithCohort = (program: Pick<CohortProgram, 'name'>, partnerId: string | null): string =>
  `${programName(program)} has ended, and your mentorship with ${mention(partnerId)} ends with it. Thank you for the time and care you gave each other. :pray: You're welcome to stay in touch, and \`/mentor programs\` shows what's next.`;

export const requestEndsWithCohort = (program: Pick<CohortProgram, 'name'>, partnerId: string | null, asker: boolean): string =>
  asker
    ? `${programName(program)} has ended, so your request to ${mention(partnerId)} there is closed. \`/mentor programs\` shows what's next.`
    : `${programName(program)} has ended, so the request from ${mention(partnerId)} there is closed; nothing more to do.`;

// ── The closing survey ─────────────────────────────────────────────────────

export function buildSurveyPrompt(d: { enrollmentId: number; program: CohortProgram; until: Date; hasTracks: boolean; hasGoals: boolean }): Message {
  const asks = [d.hasGoals ? 'how your goals went' : null, 'how you’d rate the program', d.hasTracks ? 'where you stand on its tracks now' : null].filter(Boolean).join(', ');
  return message(clip(`${escape(d.program.name)} has come to a close: a two-minute survey.`, 300), [
    section(`:checkered_flag: *${escape(clip(d.program.name, 200))} has come to a close.* Thank you for taking part! A two-minute survey: ${asks}.`),
    actions(`cohort_survey_${d.enrollmentId}`, [button(SURVEY_ACTION, 'Take the survey', { style: 'primary', value: d.enrollmentId })]),
    context(`Open until ${cohortDay(d.until, d.program.zone)}. Coordinators see only totals and averages over several people, never your own answers.`),
  ]);
}

const OUTCOME_LABELS: Record<GoalOutcome, string> = { achieved: 'Achieved', partly: 'Partly', not_yet: 'Not yet' };
const OUTCOME_OPTIONS = GOAL_OUTCOMES.map((o) => option(OUTCOME_LABELS[o], o));
const RATING_OPTIONS = [option('1 – poor', '1'), option('2', '2'), option('3', '3'), option('4', '4'), option('5 – excellent', '5')];

export interface SurveyModalData {
  enrollmentId: number;
  programName: string;
  goals: readonly { id: number; aim: string; outcome: GoalOutcome | null }[];
  tracks: readonly TrackToRate[];
  rating: number | null;
  comment: string | null;
  minRaters: number;
  updating: boolean;
}

export function buildSurveyModal(d: SurveyModalData): ModalView {
  const goals: KnownBlock[] = d.goals.slice(0, 10).map((g, i) => {
    const initial = OUTCOME_OPTIONS.find((o) => o.value === g.outcome);
    return {
      type: 'input',
      block_id: goalBlockId(g.id),
      label: plain(`Goal ${i + 1}: ${g.aim}`, 2000),
      element: { type: 'radio_buttons', action_id: goalBlockId(g.id), options: OUTCOME_OPTIONS, ...(initial ? { initial_option: initial } : {}) },
    };
  });
  const rating = RATING_OPTIONS.find((o) => o.value === String(d.rating));
  return {
    type: 'modal',
    callback_id: SURVEY_CALLBACK,
    private_metadata: String(d.enrollmentId),
    title: plain('Closing survey', 24),
    submit: plain(d.updating ? 'Update' : 'Send', 24),
    close: plain('Cancel', 24),
    blocks: [
      { type: 'section', text: mrkdwn(clip(`*${escape(d.programName)}*: thank you for taking part.${d.updating ? ' You answered already; change anything below.' : ''}`, 3000)) },
      ...(goals.length ? [{ type: 'header' as const, text: plain('Your goals', 150) }, ...goals] : []),
      {
        type: 'input',
        block_id: SURVEY_BLOCKS.rating,
        label: plain(`How would you rate ${d.programName}?`, 2000),
        element: { type: 'static_select', action_id: SURVEY_BLOCKS.rating, placeholder: plain('1 to 5', 150), options: RATING_OPTIONS, ...(rating ? { initial_option: rating } : {}) },
      },
      {
        type: 'input',
        block_id: SURVEY_BLOCKS.comment,
        optional: true,
        label: plain('Anything you would like the coordinators to know?', 2000),
        hint: plain(`Shown to coordinators without your name, and only together with those of at least ${d.minRaters - 1} others.`, 2000),
        element: { type: 'plain_text_input', action_id: SURVEY_BLOCKS.comment, multiline: true, max_length: CLOSING_COMMENT_MAX, ...(d.comment ? { initial_value: d.comment } : {}) },
      },
      ...(d.tracks.length ? [{ type: 'header' as const, text: plain('Where you stand now', 150) }, ...trackInputs(d.tracks)] : []),
      { type: 'context', elements: [mrkdwn(clip(`Coordinators see only totals and averages over ${d.minRaters} or more people, never your own answers.`, 3000))] },
    ],
  };
}

export function buildRecognition(d: { program: Pick<CohortProgram, 'name'>; sessions: number }): Message {
  const text = `Congratulations on completing ${escape(d.program.name)}!`;
  return message(clip(text, 300), [
    section(
      `:trophy: Congratulations on completing ${programName(d.program)}! ${plural(d.sessions, 'session')} held, and a cohort seen through to the end: that takes commitment. Thank you for your survey answers, too.`,
    ),
  ]);
}

export const surveyThanks = (program: Pick<CohortProgram, 'name'>, updated: boolean): string =>
  updated ? `Your survey answers for ${programName(program)} are updated. Thank you!` : `Thank you for your survey answers for ${programName(program)}! :pray:`;

export function buildMentorNextInvite(d: { enrollmentId: number; program: Pick<CohortProgram, 'name'> }): Message {
  return message(clip(`Would you mentor in the next cohort of ${escape(d.program.name)}?`, 300), [
    section(`:sparkles: *Would you mentor someone in the next cohort?* You've just been through ${programName(d.program)} as a mentee; what you learned could help the next group. Saying yes commits you to nothing yet: the coordinators will reach out when it opens.`),
    actions(`cohort_mentor_next_${d.enrollmentId}`, [button(MENTOR_NEXT_ACTION, 'Yes, I’d mentor next time', { style: 'primary', value: d.enrollmentId })]),
  ]);
}

export const mentorNextConfirmed = (program: Pick<CohortProgram, 'name'>): string =>
  `Wonderful, thank you! :raised_hands: The coordinators of ${programName(program)} will reach out when the next cohort opens.`;

// ── Refusals ───────────────────────────────────────────────────────────────

export const COHORT_REFUSALS = {
  notYours: 'That button is not yours, or is out of date, so nothing was changed.',
  baselineClosed: (p: Pick<CohortProgram, 'name'>) => `${programName(p)} has closed, so the starting point can no longer change. The closing survey asks where you stand now.`,
  notTakingPart: (p: Pick<CohortProgram, 'name'>) => `You are not taking part in ${programName(p)} right now, so there is nothing to answer.`,
  pulseClosed: (p: Pick<CohortProgram, 'name'>) => `${programName(p)} has closed; the closing survey is the place for your thoughts now.`,
  continueClosed: (p: Pick<CohortProgram, 'name'>) => `${programName(p)} has already closed, so this can no longer change.`,
  pairEnded: 'That mentorship has already ended, so there is nothing to carry on.',
  surveyNotForYou: (p: Pick<CohortProgram, 'name'>) => `The closing survey is for people who took part in ${programName(p)} until its close.`,
  surveyClosed: (p: Pick<CohortProgram, 'name'>) => `The survey for ${programName(p)} has closed. Thank you for taking part!`,
} as const;

// ── For the coordinators ───────────────────────────────────────────────────

export interface CohortCloseFacts {
  completed: number;
  continuing: number;
  ended: number;
  reportAt: Date;
}

export function buildCohortClosedNote(program: CohortProgram, f: CohortCloseFacts): Message {
  const pairs = f.continuing + f.ended === 0 ? 'There were no open pairs.' : `${plural(f.continuing, 'pair')} chose to keep going; ${plural(f.ended, 'pair')} ended with the cohort, and each person was told.`;
  return message(clip(`${escape(program.name)} has closed.`, 300), [
    section(`:checkered_flag: ${programName(program)} closed today. ${plural(f.completed, 'person', 'people')} completed it. ${pairs}`),
    context(`Everyone who completed it got the closing survey. The cohort report follows here on ${cohortDay(f.reportAt, program.zone)}, when the survey closes.`),
  ]);
}

const signed = (x: number) => (x === 0 ? '±0.0' : `${x > 0 ? '▲' : '▼'} ${Math.abs(x).toFixed(1)}`);

function trackLine(t: TrackOutcome, minRaters: number): string {
  const name = escape(clip(t.name, 80));
  if (t.change !== null && t.baseline !== null && t.close !== null) return `• ${name}: ${t.baseline.toFixed(1)} → ${t.close.toFixed(1)} (${signed(t.change)}, ${plural(t.n, 'person', 'people')})`;
  if (t.n > 0) return `• ${name}: — (${plural(t.n, 'person', 'people')} rated both; shown from ${minRaters})`;
  return `• ${name}: ${plural(t.baselineRaters, 'person', 'people')} rated themselves at the start`;
}

/** The outcome figures as lines, already under the anonymity threshold; shared by the cohort report and the weekly digest. */
export function outcomeBlocks(o: CohortOutcomes, title: string, options: { footnote?: boolean } = {}): KnownBlock[] {
  const lines: string[] = [`*${title}*`];
  if (o.tracks.length) lines.push('_Self-rating by track (1–5, start → close)_', ...bounded(o.tracks.map((t) => trackLine(t, o.minRaters)), 20));
  const g = o.goals;
  if (g.counts) lines.push(`_Goals:_ ${g.counts.achieved} achieved · ${g.counts.partly} partly · ${g.counts.not_yet} not yet (${plural(g.people, 'person', 'people')})`);
  else if (g.people > 0) lines.push(`_Goals:_ — (${plural(g.people, 'person', 'people')} answered; shown from ${o.minRaters})`);
  const r = o.closingRating;
  if (r.value !== null) lines.push(`_Program rating:_ ${r.value.toFixed(1)} / 5 (${plural(r.n, 'person', 'people')})`);
  else if (r.n > 0) lines.push(`_Program rating:_ — (${plural(r.n, 'person', 'people')}; shown from ${o.minRaters})`);
  if (o.pulse.counts) lines.push(`_Midpoint pulse:_ ${o.pulse.counts.going_well} going well · ${o.pulse.counts.could_be_better} could be better · ${o.pulse.counts.need_help} need help`);
  else if (o.pulse.n > 0) lines.push(`_Midpoint pulse:_ ${plural(o.pulse.n, 'answer')}; shown from ${o.minRaters}`);
  if (o.surveyed > 0) lines.push(`_Closing survey:_ ${plural(o.surveyed, 'person', 'people')} answered`);
  // Only mentees of 1:1 mentoring are asked; in a program without them a "0" would read as a refusal.
  if (o.mentorsNextCohort > 0) lines.push(`_Mentoring next cohort:_ ${o.mentorsNextCohort === 1 ? '1 mentee said yes' : `${o.mentorsNextCohort} mentees said yes`}`);
  const blocks: KnownBlock[] = [section(lines.join('\n'))];
  if (o.comments.texts.length > 0) {
    const quoted = o.comments.texts.slice(0, 10).map((c) => `> ${escape(clip(c.replace(/\s+/g, ' '), 280))}`);
    blocks.push(section(`*${plural(o.comments.count, 'comment')}*\n${quoted.join('\n')}${o.comments.texts.length > 10 ? `\n…and ${o.comments.texts.length - 10} more` : ''}`));
  } else if (o.comments.count > 0) {
    blocks.push(context(`${plural(o.comments.count, 'comment')}; shown once ${o.minRaters} or more people have written one.`));
  }
  if (options.footnote !== false) blocks.push(context(`Averages and answer counts need ${o.minRaters} or more different people; nobody's own answers are ever shown.`));
  return blocks;
}

export interface CohortReportFacts {
  completed: number;
  withSessions: number;
  continuing: number;
}

export function buildCohortReport(program: CohortProgram, o: CohortOutcomes, f: CohortReportFacts): Message {
  return message(clip(`${escape(program.name)}: the cohort report`, 300), [
    header(`${program.name}: cohort report`),
    section(
      `${programName(program)} is complete. ${plural(f.completed, 'person', 'people')} saw it through, ${f.withSessions} of them with at least one session held; ${plural(f.continuing, 'pair')} kept going after the close.`,
    ),
    divider,
    ...outcomeBlocks(o, 'Outcomes'),
  ]);
}
