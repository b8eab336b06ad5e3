import { sql } from 'drizzle-orm';
import { type AnySQLiteColumn, check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import type { Role } from '../domain/intake.js';
import type { StoredReason } from '../domain/matching/reasons.js';
import { MATCH_STATUSES, OPEN_MATCH_STATUSES, PAIR_KINDS, type PairKind } from '../domain/mentorship.js';
import { PARTICIPATION_STATUSES } from '../domain/participation.js';
import {
  ENROLLMENT_POLICIES,
  ENROLLMENT_STATUSES,
  GOAL_OUTCOMES,
  MATCHING_MODES,
  PROGRAM_STATUSES,
  PULSE_ANSWERS,
  type AutoRoundSchedule,
  type CadenceOverrides,
  type Eligibility,
} from '../domain/programs.js';
import { DISABILITY_ANSWERS, type DemographicQuestion } from '../domain/selfDescription.js';
import { CIRCLE_CADENCES, CIRCLE_MEMBER_STATUSES, CIRCLE_SESSION_STATUSES, CIRCLE_STATUSES, CIRCLE_STYLES, type CircleSettings } from '../domain/circleRules.js';

/*
 * The whole mentoring domain in one place. Instants are stored as epoch
 * milliseconds (UTC); local wall-clock values (working hours, availability) are
 * stored as minutes from local midnight together with the person's IANA zone,
 * because a UTC instant cannot express "09:00 wherever I am, across DST".
 */

/** `status IN ('a', 'b')` for a partial index, written out from the domain's list (drizzle would bind parameters, which an index cannot hold). */
const statusIn = (statuses: readonly string[]) => sql.raw(`status IN (${statuses.map((s) => `'${s}'`).join(', ')})`);

const createdAt = () =>
  integer('created_at', { mode: 'timestamp_ms' })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/** Everyone the program knows about: from intake, from a roster import, or both. */
export const people = sqliteTable(
  'people',
  {
    id: text('id').primaryKey(), // Slack user ID
    email: text('email'),
    displayName: text('display_name'),
    timeZone: text('time_zone'), // IANA name; null until known
    department: text('department'),
    level: integer('level'),
    managerId: text('manager_id'),
    location: text('location'),
    /** Set when the HR roster last provided department, level, manager and location. */
    rosterImportedAt: integer('roster_imported_at', { mode: 'timestamp_ms' }),
    /** 'active' | 'paused' | 'left' */
    status: text('status', { enum: PARTICIPATION_STATUSES }).notNull().default('active'),
    pausedUntil: integer('paused_until', { mode: 'timestamp_ms' }),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('people_email_idx').on(t.email), index('people_manager_idx').on(t.managerId)],
);

/**
 * A mentoring program: its purpose, who may join and how, its coordinators
 * and channel, its rhythm and its matching. Program 1 is the default the
 * first release's data moved into; its empty settings fall back to the
 * workspace configuration, so a workspace with one program runs as before.
 */
export const programs = sqliteTable(
  'programs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    /** The name folded for comparison: two programs cannot differ only in case or spacing. */
    nameKey: text('name_key').notNull(),
    purpose: text('purpose').notNull().default(''),
    modes: text('modes', { mode: 'json' }).$type<PairKind[]>().notNull(),
    /** Taxonomy cluster ids the program focuses on; its baseline and outcomes are rated on these. */
    tracks: text('tracks', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    enrollment: text('enrollment', { enum: ENROLLMENT_POLICIES }).notNull().default('open'),
    eligibility: text('eligibility', { mode: 'json' }).$type<Eligibility>().notNull().default(sql`'{}'`),
    /** Null: the workspace's COORDINATOR_CHANNEL_ID (the default program) or none. */
    channelId: text('channel_id'),
    /** Null: DIGEST_TIMEZONE. Cohort dates, the digest and automatic rounds are in this zone. */
    timeZone: text('time_zone'),
    cadence: text('cadence', { mode: 'json' }).$type<CadenceOverrides>().notNull().default(sql`'{}'`),
    /** Places for people who come to learn; past it, they wait in line. Null: no limit. */
    seats: integer('seats'),
    maxMenteesPerMentor: integer('max_mentees_per_mentor'),
    maxHoursPerMonth: integer('max_hours_per_month'),
    /** The lowest fit (0–100) a proposed pair may have here; null: only the default quality floor (a shared wanted skill or goal). */
    minFit: integer('min_fit'),
    /** Points (1–50) no department, level or location may fall below the round's overall match rate; null: no target. */
    fairnessTarget: integer('fairness_target'),
    /** The self-described demographics its members are asked for, for its bias audit; empty: none. */
    demographics: text('demographics', { mode: 'json' }).$type<DemographicQuestion[]>().notNull().default(sql`'[]'`),
    matchingMode: text('matching_mode', { enum: MATCHING_MODES }).notNull().default('self_serve'),
    autoRound: text('auto_round', { mode: 'json' }).$type<AutoRoundSchedule>(),
    /** How the program runs group circles; null: it offers none. */
    circleSettings: text('circle_settings', { mode: 'json' }).$type<CircleSettings>(),
    /** A cohort runs from its start to its end date (YYYY-MM-DD, in the program's zone); both null: ongoing. */
    startsOn: text('starts_on'),
    endsOn: text('ends_on'),
    status: text('status', { enum: PROGRAM_STATUSES }).notNull().default('active'),
    createdBy: text('created_by'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
    closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('programs_name_key').on(t.nameKey),
    check('programs_dates', sql`(${t.startsOn} IS NULL) = (${t.endsOn} IS NULL) AND (${t.startsOn} IS NULL OR ${t.startsOn} < ${t.endsOn})`),
  ],
);

/** A program's own coordinators; workspace admins (COORDINATOR_USER_IDS) coordinate every program. */
export const programCoordinators = sqliteTable(
  'program_coordinators',
  {
    programId: integer('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: text('person_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.programId, t.personId] }), index('program_coordinators_person_idx').on(t.personId)],
);

/**
 * A person in a program: their roles, capacity and goals there. The profile
 * (skills, time zone, hours) is shared by all of a person's enrollments.
 */
export const enrollments = sqliteTable(
  'enrollments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programId: integer('program_id')
      .notNull()
      .references(() => programs.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ENROLLMENT_STATUSES }).notNull(),
    roles: text('roles', { mode: 'json' }).$type<Role[]>().notNull(),
    capacityMentees: integer('capacity_mentees'),
    capacityHoursPerMonth: integer('capacity_hours_per_month'),
    appliedAt: integer('applied_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    decidedBy: text('decided_by'),
    /** The coordinator's note with an approval or a decline; the person sees it. */
    decisionNote: text('decision_note'),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    /** The cohort's midpoint pulse, and its closing survey's rating of the program (1–5) and comment. */
    pulse: text('pulse', { enum: PULSE_ANSWERS }),
    closingRating: integer('closing_rating'),
    closingComment: text('closing_comment'),
    closingAnsweredAt: integer('closing_answered_at', { mode: 'timestamp_ms' }),
    /** A mentee who said yes to mentoring in the next cohort. */
    mentorNextCohort: integer('mentor_next_cohort', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    uniqueIndex('enrollments_once').on(t.programId, t.personId),
    index('enrollments_person_idx').on(t.personId),
    check('enrollments_capacity_range', sql`${t.capacityMentees} IS NULL OR ${t.capacityMentees} BETWEEN 1 AND 5`),
    check('enrollments_closing_rating', sql`${t.closingRating} IS NULL OR ${t.closingRating} BETWEEN 1 AND 5`),
  ],
);

/**
 * How a person rates themselves (1–5) on each of a program's tracks when
 * they join a cohort and again at its close. Reports show only the change
 * averaged over enough people, never one person's numbers.
 */
export const selfRatings = sqliteTable(
  'self_ratings',
  {
    enrollmentId: integer('enrollment_id')
      .notNull()
      .references(() => enrollments.id, { onDelete: 'cascade' }),
    track: text('track').notNull(),
    phase: text('phase', { enum: ['baseline', 'close'] }).notNull(),
    level: integer('level').notNull(),
    ratedAt: integer('rated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.enrollmentId, t.track, t.phase] }), check('self_ratings_scale', sql`${t.level} BETWEEN 1 AND 5`)],
);

/** A person's intake answers that hold in every program: format, capacity, working hours, consent. */
export const profiles = sqliteTable(
  'profiles',
  {
    personId: text('person_id')
      .primaryKey()
      .references(() => people.id, { onDelete: 'cascade' }),
    format: text('format', { enum: ['video', 'in_person', 'async', 'group'] }),
    /** How often the person would like to meet: their learning pace, a soft factor in matching; null: no preference given. */
    pace: text('pace', { enum: ['weekly', 'fortnightly', 'monthly'] }),
    /** How many people the person mentors at once across all their programs: no program may book them beyond it. */
    capacityMentees: integer('capacity_mentees'),
    capacityHoursPerMonth: integer('capacity_hours_per_month'),
    /** Local working days, ISO weekday numbers (1 = Monday … 7 = Sunday). */
    workDays: text('work_days', { mode: 'json' }).$type<number[]>().notNull().default(sql`'[1,2,3,4,5]'`),
    /** Local working hours, minutes after local midnight. */
    workStartMinute: integer('work_start_minute').notNull().default(540),
    workEndMinute: integer('work_end_minute').notNull().default(1020),
    /** A mentor busy until this local date (a launch, a leave) is offered to nobody before it; null: available. */
    busyUntil: text('busy_until'),
    consentedAt: integer('consented_at', { mode: 'timestamp_ms' }).notNull(),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    check('profiles_capacity_range', sql`${t.capacityMentees} IS NULL OR ${t.capacityMentees} BETWEEN 1 AND 5`),
    check('profiles_work_hours', sql`${t.workStartMinute} < ${t.workEndMinute}`),
  ],
);

/**
 * A person's self-described demographics, asked only by programs that
 * collect them, under a consent of its own (separate from the intake's).
 * Every answer is optional; bias audits count them only over groups of at
 * least FAIRNESS_MIN_GROUP_SIZE people and never show them with a name.
 * The row goes with the person, and "remove my answers" deletes it.
 */
export const selfDescriptions = sqliteTable('self_descriptions', {
  personId: text('person_id')
    .primaryKey()
    .references(() => people.id, { onDelete: 'cascade' }),
  consentedAt: integer('consented_at', { mode: 'timestamp_ms' }).notNull(),
  genderIdentity: text('gender_identity'),
  ethnicity: text('ethnicity'),
  disability: text('disability', { enum: DISABILITY_ANSWERS }),
  inOwnWords: text('in_own_words'),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** The skill taxonomy, synchronised from the coordinators' taxonomy file. */
export const skills = sqliteTable('skills', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  cluster: text('cluster').notNull(),
});

export const personSkills = sqliteTable(
  'person_skills',
  {
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    skillId: text('skill_id')
      .notNull()
      .references(() => skills.id),
    direction: text('direction', { enum: ['offered', 'wanted'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.skillId, t.direction] })],
);

export const goals = sqliteTable(
  'goals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** Goals belong to a person's enrollment: each program has its own. */
    programId: integer('program_id')
      .notNull()
      .default(1)
      .references(() => programs.id),
    position: integer('position').notNull(),
    aim: text('aim').notNull(),
    measure: text('measure').notNull(),
    dueOn: text('due_on').notNull(), // YYYY-MM-DD
    /** The closing survey's answer for this goal. */
    outcome: text('outcome', { enum: GOAL_OUTCOMES }),
  },
  (t) => [uniqueIndex('goals_person_program_position').on(t.personId, t.programId, t.position)],
);

/** Weekly availability windows in the person's own zone. */
export const availability = sqliteTable(
  'availability',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    weekday: integer('weekday').notNull(), // 1 = Monday … 7 = Sunday (ISO)
    startMinute: integer('start_minute').notNull(),
    endMinute: integer('end_minute').notNull(),
  },
  (t) => [
    index('availability_person_idx').on(t.personId),
    check('availability_weekday', sql`${t.weekday} BETWEEN 1 AND 7`),
    check('availability_window', sql`${t.startMinute} >= 0 AND ${t.startMinute} < ${t.endMinute} AND ${t.endMinute} <= 1440`),
  ],
);

/**
 * A pairing, from request to end. Only one open match may exist per pair: the
 * partial unique index is what stops a double click from creating two.
 */
export const matches = sqliteTable(
  'matches',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programId: integer('program_id')
      .notNull()
      .default(1)
      .references(() => programs.id),
    // Nullable: when a person deletes their data, their past matches stay as
    // anonymous rows so program totals still add up.
    mentorId: text('mentor_id').references(() => people.id, { onDelete: 'set null' }),
    menteeId: text('mentee_id').references(() => people.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: PAIR_KINDS }).notNull(),
    status: text('status', { enum: MATCH_STATUSES }).notNull(),
    source: text('source', { enum: ['self_serve', 'round'] }).notNull(),
    roundId: integer('round_id'),
    score: real('score'),
    reasons: text('reasons', { mode: 'json' }).$type<StoredReason[]>(),
    conversationId: text('conversation_id'),
    requestedAt: integer('requested_at', { mode: 'timestamp_ms' }).notNull(),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    endReason: text('end_reason'),
    /** When a paused pair started again: check-in cadence and silence count from here. */
    resumedAt: integer('resumed_at', { mode: 'timestamp_ms' }),
    /** The optional note a mentor gives when declining; the mentee's side sees it. */
    declineNote: text('decline_note'),
    /** Each side's answer to "keep going after the cohort?": the pair outlives its cohort only if both said yes. */
    mentorContinues: integer('mentor_continues', { mode: 'boolean' }),
    menteeContinues: integer('mentee_continues', { mode: 'boolean' }),
    /**
     * A fresh-start request: the open mentorship this one takes over from if
     * the new mentor accepts (which ends that one in the same transaction).
     * Set null if that row is ever deleted: the request stays an ordinary one.
     */
    replacesMatchId: integer('replaces_match_id').references((): AnySQLiteColumn => matches.id, { onDelete: 'set null' }),
    /** Why the fresh start was offered: the pair went quiet, or the mentee asked to see others. */
    rematchVia: text('rematch_via', { enum: ['quiet', 'asked'] }),
  },
  (t) => [
    uniqueIndex('matches_one_open_per_pair')
      .on(t.mentorId, t.menteeId)
      .where(statusIn(OPEN_MATCH_STATUSES)),
    // One open request or mentorship per mentee, kind and program: a second click, a
    // second tab or a round racing a self-serve request cannot double-book.
    // A leader may have several reverse mentors, so reverse pairs are exempt. So is a
    // pending fresh-start request: the mentorship it would replace holds the place
    // until the new mentor accepts, and accepting ends that one before this one opens.
    uniqueIndex('matches_one_open_per_mentee_kind_program')
      .on(t.programId, t.menteeId, t.kind)
      .where(sql`${statusIn(OPEN_MATCH_STATUSES)} AND kind <> 'reverse' AND NOT (status = 'requested' AND replaces_match_id IS NOT NULL)`),
    // One pending fresh-start request per mentorship at a time, as for any request:
    // two clicks or two replicas cannot ask two new mentors at once.
    uniqueIndex('matches_one_fresh_start_per_match')
      .on(t.replacesMatchId)
      .where(sql`status = 'requested' AND replaces_match_id IS NOT NULL`),
    index('matches_mentee_idx').on(t.menteeId),
    index('matches_program_idx').on(t.programId),
    index('matches_status_idx').on(t.status),
    check('matches_not_self', sql`${t.mentorId} <> ${t.menteeId}`),
  ],
);

/**
 * Each spell a pair spent paused by its own choice (a check-in's "Pause for
 * a while"): quiet by agreement, so not a stall in the bias audit. A pause
 * the bot makes after three unanswered check-ins has none. The spell of a
 * pair still paused has no end yet; it ends when the pair resumes or ends.
 */
export const matchPauses = sqliteTable(
  'match_pauses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    matchId: integer('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    pausedAt: integer('paused_at', { mode: 'timestamp_ms' }).notNull(),
    /** The pair resumed, or its mentorship ended while paused. */
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('match_pauses_match_idx').on(t.matchId)],
);

/**
 * A person's own pause (`/mentor pause`), kept as a spell: while it lasts
 * the bot asks nothing of them, so their pairs' quiet time leaves it out.
 * Deleted with the person.
 */
export const personPauses = sqliteTable(
  'person_pauses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    pausedAt: integer('paused_at', { mode: 'timestamp_ms' }).notNull(),
    /** The date the person gave: the pause ends by itself then. Null: until they resume. */
    until: integer('until', { mode: 'timestamp_ms' }),
    /** They resumed, paused again with another date, or left, before `until`. */
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('person_pauses_person_idx').on(t.personId)],
);

/** A whole-program round: previewed first, then published or cancelled. */
export const matchRounds = sqliteTable('match_rounds', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  programId: integer('program_id')
    .notNull()
    .default(1)
    .references(() => programs.id),
  /** A coordinator's user id, or 'schedule' for an automatic round. */
  createdBy: text('created_by').notNull(),
  /** An automatic round publishes itself then, unless a coordinator cancels it first. */
  publishAt: integer('publish_at', { mode: 'timestamp_ms' }),
  status: text('status', { enum: ['preview', 'published', 'cancelled'] }).notNull(),
  /** The proposal as previewed: pairs with scores and reasons, and the unmatched with why. */
  proposal: text('proposal', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  channelId: text('channel_id'),
  messageTs: text('message_ts'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  decidedBy: text('decided_by'),
});

/** Up to three times offered by one person to their partner; the partner picks one, or none. */
export const sessionProposals = sqliteTable(
  'session_proposals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    matchId: integer('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    proposedBy: text('proposed_by'),
    proposedTo: text('proposed_to'),
    reason: text('reason', { enum: ['requested', 'reverse_monthly', 'office_hours'] }).notNull(),
    slots: text('slots', { mode: 'json' }).$type<{ start: number; end: number }[]>().notNull(),
    status: text('status', { enum: ['open', 'accepted', 'declined', 'expired'] }).notNull(),
    /** Set when the offer moves a booked session: picking a time keeps that session (and its calendar entry). */
    sessionId: integer('session_id'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('session_proposals_match_idx').on(t.matchId)],
);

export const sessions = sqliteTable(
  'sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    matchId: integer('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    /** The proposal it was booked from: one session per proposal, however often "pick" is clicked. */
    proposalId: integer('proposal_id').references(() => sessionProposals.id, { onDelete: 'set null' }),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    status: text('status', { enum: ['proposed', 'booked', 'cancelled', 'held'] }).notNull(),
    /** Calendar files carry it, so a changed or cancelled session updates the same entry. */
    sequence: integer('sequence').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_match_idx').on(t.matchId), index('sessions_starts_idx').on(t.startsAt), uniqueIndex('sessions_one_per_proposal').on(t.proposalId)],
);

export const checkIns = sqliteTable(
  'check_ins',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    matchId: integer('match_id')
      .notNull()
      .references(() => matches.id, { onDelete: 'cascade' }),
    personId: text('person_id').references(() => people.id, { onDelete: 'set null' }),
    kind: text('kind', { enum: ['mentor', 'mentee_goals'] }).notNull(),
    dueAt: integer('due_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the check-in was queued to the person; an unanswered streak counts only these. */
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    answer: text('answer'),
    note: text('note'),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('check_ins_once').on(t.matchId, t.kind, t.dueAt)],
);

/**
 * One rating per rater per session. The rater is kept only to enforce that
 * and to allow edits; reports never read it. Deleting a person nulls it,
 * leaving an anonymous aggregate behind.
 */
export const ratings = sqliteTable(
  'ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => sessions.id, { onDelete: 'cascade' }),
    raterId: text('rater_id').references(() => people.id, { onDelete: 'set null' }),
    happened: integer('happened', { mode: 'boolean' }).notNull(),
    usefulness: integer('usefulness'),
    clarity: integer('clarity'),
    applicability: integer('applicability'),
    comment: text('comment'),
    createdAt: createdAt(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
  },
  (t) => [
    uniqueIndex('ratings_once_per_rater').on(t.sessionId, t.raterId),
    check(
      'ratings_scale',
      sql`(${t.usefulness} IS NULL OR ${t.usefulness} BETWEEN 1 AND 5) AND (${t.clarity} IS NULL OR ${t.clarity} BETWEEN 1 AND 5) AND (${t.applicability} IS NULL OR ${t.applicability} BETWEEN 1 AND 5)`,
    ),
  ],
);

/** One row per scheduled run of a job, so a double tick or restart runs it once. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    job: text('job').notNull(),
    slot: text('slot').notNull(),
    startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
    finishedAt: integer('finished_at', { mode: 'timestamp_ms' }),
    error: text('error'),
  },
  (t) => [uniqueIndex('job_runs_once').on(t.job, t.slot)],
);

/**
 * Every message the bot sends on its own initiative goes through here. The
 * idempotency key makes enqueueing the same message twice a no-op.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    idempotencyKey: text('idempotency_key').notNull().unique(),
    recipient: text('recipient').notNull(), // user or channel ID
    payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
    /** pending → sending (claimed) → sent | failed; a crash leaves 'sending', which recovery resolves. */
    status: text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull().default('pending'),
    /** When the current run of failed attempts began (the job's clock); past the horizon the message is given up. */
    failingSince: integer('failing_since', { mode: 'timestamp_ms' }),
    /** The last attempt may have reached Slack (a 5xx or timeout): look for it before sending again. */
    uncertain: integer('uncertain', { mode: 'boolean' }).notNull().default(false),
    /** Who holds the claim, and until when in real time: only the holder may send or record the send. */
    leaseToken: text('lease_token'),
    leaseUntil: integer('lease_until'),
    /** For a file: the id Slack gave the upload, so a retry can find the share it may already have made. */
    fileId: text('file_id'),
    notBefore: integer('not_before', { mode: 'timestamp_ms' }).notNull(),
    /** A message not sent by then is dropped (a reminder after its session has started). */
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }),
    /** False for messages a person is waiting for right now; true waits for their working hours. */
    workingHoursOnly: integer('working_hours_only', { mode: 'boolean' }).notNull().default(true),
    /** The conversation the message went to (a DM's D… ID for a user), for crash recovery. */
    channelId: text('channel_id'),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    sentTs: text('sent_ts'),
    createdAt: createdAt(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('outbox_due_idx').on(t.status, t.notBefore)],
);

/**
 * Whose data each outbox message carries (its recipients, the people it
 * mentions or quotes): what export-my-data lists and delete-my-data erases,
 * in the database and in Slack.
 */
export const outboxSubjects = sqliteTable(
  'outbox_subjects',
  {
    outboxId: integer('outbox_id')
      .notNull()
      .references(() => outbox.id, { onDelete: 'cascade' }),
    personId: text('person_id').notNull(),
  },
  (t) => [primaryKey({ columns: [t.outboxId, t.personId] }), index('outbox_subjects_person_idx').on(t.personId)],
);

/**
 * A button pressed or a command run that must not repeat its work within a
 * short window (a double click on Nudge, Schedule pressed three times).
 */
export const actionClaims = sqliteTable(
  'action_claims',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    actorId: text('actor_id').notNull(),
    intent: text('intent').notNull(),
    target: text('target').notNull(),
    claimedAt: integer('claimed_at', { mode: 'timestamp_ms' }).notNull(),
    /** What the first press did, for the answer to the repeats. */
    outcome: text('outcome'),
  },
  (t) => [index('action_claims_lookup_idx').on(t.actorId, t.intent, t.target, t.claimedAt)],
);

/**
 * Someone a person should never be matched with. A person's own entries are
 * private to them (no reason); a coordinator's carry a reason only
 * coordinators see. Either way it is a hard rule in every kind of matching.
 */
export const matchExclusions = sqliteTable(
  'match_exclusions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    excludedId: text('excluded_id').notNull(),
    /** Who added it: the person themselves, or a coordinator. */
    addedBy: text('added_by').notNull(),
    /** Only for a coordinator's exclusion, and only coordinators read it. */
    reason: text('reason'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('match_exclusions_once').on(t.personId, t.excludedId, t.addedBy), index('match_exclusions_excluded_idx').on(t.excludedId)],
);

/**
 * A group circle: a topic, a facilitator or a rotating host, members, and a
 * recurring slot (a local weekday and time in `zone`, the program's zone,
 * so it keeps its wall-clock time across DST) with its own private channel.
 */
export const circles = sqliteTable(
  'circles',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    programId: integer('program_id')
      .notNull()
      .references(() => programs.id),
    /** Taxonomy cluster id. */
    topic: text('topic').notNull(),
    /** One line: what members should come away with. */
    intent: text('intent').notNull().default(''),
    style: text('style', { enum: CIRCLE_STYLES }).notNull(),
    facilitatorId: text('facilitator_id'),
    sizeMin: integer('size_min').notNull(),
    sizeMax: integer('size_max').notNull(),
    cadence: text('cadence', { enum: CIRCLE_CADENCES }).notNull(),
    sessionMinutes: integer('session_minutes').notNull(),
    /** ISO weekday 1–7 and minutes from local midnight, in `zone`. */
    slotWeekday: integer('slot_weekday').notNull(),
    slotMinute: integer('slot_minute').notNull(),
    zone: text('zone').notNull(),
    /** The first session's local date (YYYY-MM-DD); sessions follow every cadence until `endsOn`, if any. */
    startsOn: text('starts_on').notNull(),
    /** The position of the session on `startsOn`: 0, or after a move the first session at the new time. */
    firstSeq: integer('first_seq').notNull().default(0),
    endsOn: text('ends_on'),
    /** A session topic per line, in order; coordinators edit it. */
    curriculum: text('curriculum', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    status: text('status', { enum: CIRCLE_STATUSES }).notNull().default('active'),
    channelName: text('channel_name').notNull(),
    /** Set once Slack created the channel; the circle's messages wait for it. */
    channelId: text('channel_id'),
    /** Set once the ended circle's channel is archived, after its closing message went out. */
    channelArchivedAt: integer('channel_archived_at', { mode: 'timestamp_ms' }),
    formationId: integer('formation_id'),
    createdBy: text('created_by').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    endedAt: integer('ended_at', { mode: 'timestamp_ms' }),
    endReason: text('end_reason'),
  },
  (t) => [
    index('circles_program_idx').on(t.programId, t.status),
    index('circles_facilitator_idx').on(t.facilitatorId),
    uniqueIndex('circles_channel_name').on(t.channelName),
    check('circles_size', sql`${t.sizeMin} >= 3 AND ${t.sizeMax} <= 8 AND ${t.sizeMin} <= ${t.sizeMax}`),
  ],
);

/** A person's seat in a circle, or their place in its waitlist (in the order they asked). */
export const circleMembers = sqliteTable(
  'circle_members',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    status: text('status', { enum: CIRCLE_MEMBER_STATUSES }).notNull(),
    /** Why the person is in this circle, as the welcome says it. */
    reasons: text('reasons', { mode: 'json' }).$type<string[]>().notNull().default(sql`'[]'`),
    askedAt: integer('asked_at', { mode: 'timestamp_ms' }).notNull(),
    joinedAt: integer('joined_at', { mode: 'timestamp_ms' }),
    leftAt: integer('left_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('circle_members_once').on(t.circleId, t.personId), index('circle_members_person_idx').on(t.personId, t.status)],
);

/**
 * The calendar file each person holds for a circle: which rhythm, how far
 * it reaches and at which SEQUENCE, so a move or an end cancels exactly
 * what they were sent, and a file running out is extended in place.
 */
export const circleCalendars = sqliteTable(
  'circle_calendars',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    personId: text('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    /** `startsOn:weekday:minute` of the rhythm the file holds; its events' UIDs are made from it. */
    rhythm: text('rhythm').notNull(),
    sequence: integer('sequence').notNull(),
    coversUntil: integer('covers_until', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
    /** Set once a CANCEL took it off their calendar: kept, so coming back is sent at a higher SEQUENCE than the CANCEL. */
    cancelledAt: integer('cancelled_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('circle_calendars_once').on(t.circleId, t.personId), index('circle_calendars_person_idx').on(t.personId)],
);

/** One meeting of a circle: its instant, topic and (in a peer circle) host. */
export const circleSessions = sqliteTable(
  'circle_sessions',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    circleId: integer('circle_id')
      .notNull()
      .references(() => circles.id, { onDelete: 'cascade' }),
    /** 0-based position in the circle's rhythm. */
    seq: integer('seq').notNull(),
    startsAt: integer('starts_at', { mode: 'timestamp_ms' }).notNull(),
    endsAt: integer('ends_at', { mode: 'timestamp_ms' }).notNull(),
    topic: text('topic'),
    hostId: text('host_id'),
    status: text('status', { enum: CIRCLE_SESSION_STATUSES }).notNull().default('planned'),
  },
  (t) => [uniqueIndex('circle_sessions_seq').on(t.circleId, t.seq), index('circle_sessions_starts_idx').on(t.startsAt)],
);

/**
 * "I was there" or "I couldn't make it", once per member and session. The
 * answer outlives the person as an anonymous total: erasing them empties
 * `person_id` instead of deleting the row, so past attendance rates hold.
 */
export const circleAttendance = sqliteTable(
  'circle_attendance',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => circleSessions.id, { onDelete: 'cascade' }),
    personId: text('person_id').references(() => people.id, { onDelete: 'set null' }),
    attended: integer('attended', { mode: 'boolean' }).notNull(),
    answeredAt: integer('answered_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('circle_attendance_once').on(t.sessionId, t.personId)],
);

/** A member's anonymous rating of a circle session; only averages over enough raters are ever shown. */
export const circleRatings = sqliteTable(
  'circle_ratings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    sessionId: integer('session_id')
      .notNull()
      .references(() => circleSessions.id, { onDelete: 'cascade' }),
    raterId: text('rater_id').references(() => people.id, { onDelete: 'set null' }),
    usefulness: integer('usefulness').notNull(),
    clarity: integer('clarity').notNull(),
    applicability: integer('applicability').notNull(),
    comment: text('comment'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [
    uniqueIndex('circle_ratings_once').on(t.sessionId, t.raterId),
    check('circle_ratings_scale', sql`${t.usefulness} BETWEEN 1 AND 5 AND ${t.clarity} BETWEEN 1 AND 5 AND ${t.applicability} BETWEEN 1 AND 5`),
  ],
);

/** The engine's proposal of circles for a program, previewed in its channel and published like a matching round. */
export const circleFormations = sqliteTable('circle_formations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  programId: integer('program_id')
    .notNull()
    .references(() => programs.id),
  createdBy: text('created_by').notNull(),
  status: text('status', { enum: ['preview', 'published', 'cancelled'] }).notNull(),
  proposal: text('proposal', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  channelId: text('channel_id'),
  messageTs: text('message_ts'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
  decidedBy: text('decided_by'),
});

export type Person = typeof people.$inferSelect;
export type Profile = typeof profiles.$inferSelect;
export type Match = typeof matches.$inferSelect;
export type MatchRound = typeof matchRounds.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type OutboxRow = typeof outbox.$inferSelect;
export type SessionProposal = typeof sessionProposals.$inferSelect;
export type CheckIn = typeof checkIns.$inferSelect;
export type Rating = typeof ratings.$inferSelect;
export type Program = typeof programs.$inferSelect;
export type Enrollment = typeof enrollments.$inferSelect;
export type Circle = typeof circles.$inferSelect;
export type CircleMember = typeof circleMembers.$inferSelect;
export type CircleSession = typeof circleSessions.$inferSelect;
export type CircleFormation = typeof circleFormations.$inferSelect;
export type MatchExclusion = typeof matchExclusions.$inferSelect;
export type SelfDescription = typeof selfDescriptions.$inferSelect;
