import { sql } from 'drizzle-orm';
import type { AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
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
import type { Kit } from './kits.js';

/*
 * The whole mentoring domain in one place. Instants are stored as epoch
 * milliseconds (UTC); local wall-clock values (working hours, availability) are
 * stored as minutes from local midnight together with the person's IANA zone,
 * because a UTC instant cannot express "09:00 wherever I am, across DST".
 *
 * Written once with a Kit (src/db/kits.ts) and built for each dialect by
 * src/db/schema.ts; import tables from there, not from here.
 */

/** `status IN ('a', 'b')` for a partial index, written out from the domain's list (drizzle would bind parameters, which an index cannot hold). */
const statusIn = (statuses: readonly string[]) => sql.raw(`status IN (${statuses.map((s) => `'${s}'`).join(', ')})`);

export function defineSchema(k: Kit) {
  const createdAt = () => k.instant('created_at').notNull().default(k.nowMs);

  /** Everyone the program knows about: from intake, from a roster import, or both. */
  const people = k.table(
    'people',
    {
      id: k.text('id').primaryKey(), // Slack user ID
      email: k.text('email'),
      displayName: k.text('display_name'),
      timeZone: k.text('time_zone'), // IANA name; null until known
      department: k.text('department'),
      level: k.integer('level'),
      managerId: k.text('manager_id'),
      location: k.text('location'),
      /** Set when the HR roster last provided department, level, manager and location. */
      rosterImportedAt: k.instant('roster_imported_at'),
      /** 'active' | 'paused' | 'left' */
      status: k.text('status', { enum: PARTICIPATION_STATUSES }).notNull().default('active'),
      pausedUntil: k.instant('paused_until'),
      joinedAt: k.instant('joined_at'),
      createdAt: createdAt(),
      updatedAt: k.instant('updated_at'),
    },
    (t) => [k.index('people_email_idx').on(t.email), k.index('people_manager_idx').on(t.managerId)],
  );

  /**
   * A mentoring program: its purpose, who may join and how, its coordinators
   * and channel, its rhythm and its matching. Program 1 is the default the
   * first release's data moved into; its empty settings fall back to the
   * workspace configuration, so a workspace with one program runs as before.
   */
  const programs = k.table(
    'programs',
    {
      id: k.id('id'),
      name: k.text('name').notNull(),
      /** The name folded for comparison: two programs cannot differ only in case or spacing. */
      nameKey: k.text('name_key').notNull(),
      purpose: k.text('purpose').notNull().default(''),
      modes: k.json('modes').$type<PairKind[]>().notNull(),
      /** Taxonomy cluster ids the program focuses on; its baseline and outcomes are rated on these. */
      tracks: k.json('tracks').$type<string[]>().notNull().default(sql`'[]'`),
      enrollment: k.text('enrollment', { enum: ENROLLMENT_POLICIES }).notNull().default('open'),
      eligibility: k.json('eligibility').$type<Eligibility>().notNull().default(sql`'{}'`),
      /** Null: the workspace's COORDINATOR_CHANNEL_ID (the default program) or none. */
      channelId: k.text('channel_id'),
      /** Null: DIGEST_TIMEZONE. Cohort dates, the digest and automatic rounds are in this zone. */
      timeZone: k.text('time_zone'),
      cadence: k.json('cadence').$type<CadenceOverrides>().notNull().default(sql`'{}'`),
      /** Places for people who come to learn; past it, they wait in line. Null: no limit. */
      seats: k.integer('seats'),
      maxMenteesPerMentor: k.integer('max_mentees_per_mentor'),
      maxHoursPerMonth: k.integer('max_hours_per_month'),
      /** The lowest fit (0–100) a proposed pair may have here; null: only the default quality floor (a shared wanted skill or goal). */
      minFit: k.integer('min_fit'),
      /** Points (1–50) no department, level or location may fall below the round's overall match rate; null: no target. */
      fairnessTarget: k.integer('fairness_target'),
      /** The self-described demographics its members are asked for, for its bias audit; empty: none. */
      demographics: k.json('demographics').$type<DemographicQuestion[]>().notNull().default(sql`'[]'`),
      matchingMode: k.text('matching_mode', { enum: MATCHING_MODES }).notNull().default('self_serve'),
      autoRound: k.json('auto_round').$type<AutoRoundSchedule>(),
      /** How the program runs group circles; null: it offers none. */
      circleSettings: k.json('circle_settings').$type<CircleSettings>(),
      /** A cohort runs from its start to its end date (YYYY-MM-DD, in the program's zone); both null: ongoing. */
      startsOn: k.text('starts_on'),
      endsOn: k.text('ends_on'),
      status: k.text('status', { enum: PROGRAM_STATUSES }).notNull().default('active'),
      createdBy: k.text('created_by'),
      createdAt: createdAt(),
      updatedAt: k.instant('updated_at'),
      closedAt: k.instant('closed_at'),
    },
    (t) => [
      k.uniqueIndex('programs_name_key').on(t.nameKey),
      k.check('programs_dates', sql`(${t.startsOn} IS NULL) = (${t.endsOn} IS NULL) AND (${t.startsOn} IS NULL OR ${t.startsOn} < ${t.endsOn})`),
    ],
  );

  /** A program's own coordinators; workspace admins (COORDINATOR_USER_IDS) coordinate every program. */
  const programCoordinators = k.table(
    'program_coordinators',
    {
      programId: k.integer('program_id')
        .notNull()
        .references(() => programs.id, { onDelete: 'cascade' }),
      personId: k.text('person_id').notNull(),
    },
    (t) => [k.primaryKey({ columns: [t.programId, t.personId] }), k.index('program_coordinators_person_idx').on(t.personId)],
  );

  /**
   * A person in a program: their roles, capacity and goals there. The profile
   * (skills, time zone, hours) is shared by all of a person's enrollments.
   */
  const enrollments = k.table(
    'enrollments',
    {
      id: k.id('id'),
      programId: k.integer('program_id')
        .notNull()
        .references(() => programs.id, { onDelete: 'cascade' }),
      personId: k.text('person_id')
        .notNull()
        .references(() => people.id, { onDelete: 'cascade' }),
      status: k.text('status', { enum: ENROLLMENT_STATUSES }).notNull(),
      roles: k.json('roles').$type<Role[]>().notNull(),
      capacityMentees: k.integer('capacity_mentees'),
      capacityHoursPerMonth: k.integer('capacity_hours_per_month'),
      appliedAt: k.instant('applied_at').notNull(),
      decidedAt: k.instant('decided_at'),
      decidedBy: k.text('decided_by'),
      /** The coordinator's note with an approval or a decline; the person sees it. */
      decisionNote: k.text('decision_note'),
      joinedAt: k.instant('joined_at'),
      endedAt: k.instant('ended_at'),
      /** The cohort's midpoint pulse, and its closing survey's rating of the program (1–5) and comment. */
      pulse: k.text('pulse', { enum: PULSE_ANSWERS }),
      closingRating: k.integer('closing_rating'),
      closingComment: k.text('closing_comment'),
      closingAnsweredAt: k.instant('closing_answered_at'),
      /** A mentee who said yes to mentoring in the next cohort. */
      mentorNextCohort: k.bool('mentor_next_cohort').notNull().default(false),
    },
    (t) => [
      k.uniqueIndex('enrollments_once').on(t.programId, t.personId),
      k.index('enrollments_person_idx').on(t.personId),
      k.check('enrollments_capacity_range', sql`${t.capacityMentees} IS NULL OR ${t.capacityMentees} BETWEEN 1 AND 5`),
      k.check('enrollments_closing_rating', sql`${t.closingRating} IS NULL OR ${t.closingRating} BETWEEN 1 AND 5`),
    ],
  );

  /**
   * How a person rates themselves (1–5) on each of a program's tracks when
   * they join a cohort and again at its close. Reports show only the change
   * averaged over enough people, never one person's numbers.
   */
  const selfRatings = k.table(
    'self_ratings',
    {
      enrollmentId: k.integer('enrollment_id')
        .notNull()
        .references(() => enrollments.id, { onDelete: 'cascade' }),
      track: k.text('track').notNull(),
      phase: k.text('phase', { enum: ['baseline', 'close'] }).notNull(),
      level: k.integer('level').notNull(),
      ratedAt: k.instant('rated_at').notNull(),
    },
    (t) => [k.primaryKey({ columns: [t.enrollmentId, t.track, t.phase] }), k.check('self_ratings_scale', sql`${t.level} BETWEEN 1 AND 5`)],
  );

  /** A person's intake answers that hold in every program: format, capacity, working hours, consent. */
  const profiles = k.table(
    'profiles',
    {
      personId: k.text('person_id')
        .primaryKey()
        .references(() => people.id, { onDelete: 'cascade' }),
      format: k.text('format', { enum: ['video', 'in_person', 'async', 'group'] }),
      /** How often the person would like to meet: their learning pace, a soft factor in matching; null: no preference given. */
      pace: k.text('pace', { enum: ['weekly', 'fortnightly', 'monthly'] }),
      /** How many people the person mentors at once across all their programs: no program may book them beyond it. */
      capacityMentees: k.integer('capacity_mentees'),
      capacityHoursPerMonth: k.integer('capacity_hours_per_month'),
      /** Local working days, ISO weekday numbers (1 = Monday … 7 = Sunday). */
      workDays: k.json('work_days').$type<number[]>().notNull().default(sql`'[1,2,3,4,5]'`),
      /** Local working hours, minutes after local midnight. */
      workStartMinute: k.integer('work_start_minute').notNull().default(540),
      workEndMinute: k.integer('work_end_minute').notNull().default(1020),
      /** A mentor busy until this local date (a launch, a leave) is offered to nobody before it; null: available. */
      busyUntil: k.text('busy_until'),
      consentedAt: k.instant('consented_at').notNull(),
      createdAt: createdAt(),
      updatedAt: k.instant('updated_at'),
    },
    (t) => [
      k.check('profiles_capacity_range', sql`${t.capacityMentees} IS NULL OR ${t.capacityMentees} BETWEEN 1 AND 5`),
      k.check('profiles_work_hours', sql`${t.workStartMinute} < ${t.workEndMinute}`),
    ],
  );

  /**
   * A person's self-described demographics, asked only by programs that
   * collect them, under a consent of its own (separate from the intake's).
   * Every answer is optional; bias audits count them only over groups of at
   * least FAIRNESS_MIN_GROUP_SIZE people and never show them with a name.
   * The row goes with the person, and "remove my answers" deletes it.
   */
  const selfDescriptions = k.table('self_descriptions', {
    personId: k.text('person_id')
      .primaryKey()
      .references(() => people.id, { onDelete: 'cascade' }),
    consentedAt: k.instant('consented_at').notNull(),
    genderIdentity: k.text('gender_identity'),
    ethnicity: k.text('ethnicity'),
    disability: k.text('disability', { enum: DISABILITY_ANSWERS }),
    inOwnWords: k.text('in_own_words'),
    updatedAt: k.instant('updated_at').notNull(),
  });

  /** The skill taxonomy, synchronised from the coordinators' taxonomy file. */
  const skills = k.table('skills', {
    id: k.text('id').primaryKey(),
    name: k.text('name').notNull(),
    cluster: k.text('cluster').notNull(),
  });

  const personSkills = k.table(
    'person_skills',
    {
      personId: k.text('person_id')
        .notNull()
        .references(() => people.id, { onDelete: 'cascade' }),
      skillId: k.text('skill_id')
        .notNull()
        .references(() => skills.id),
      direction: k.text('direction', { enum: ['offered', 'wanted'] }).notNull(),
    },
    (t) => [k.primaryKey({ columns: [t.personId, t.skillId, t.direction] })],
  );

  const goals = k.table(
    'goals',
    {
      id: k.id('id'),
      personId: k.text('person_id')
        .notNull()
        .references(() => people.id, { onDelete: 'cascade' }),
      /** Goals belong to a person's enrollment: each program has its own. */
      programId: k.integer('program_id')
        .notNull()
        .default(1)
        .references(() => programs.id),
      position: k.integer('position').notNull(),
      aim: k.text('aim').notNull(),
      measure: k.text('measure').notNull(),
      dueOn: k.text('due_on').notNull(), // YYYY-MM-DD
      /** The closing survey's answer for this goal. */
      outcome: k.text('outcome', { enum: GOAL_OUTCOMES }),
    },
    (t) => [k.uniqueIndex('goals_person_program_position').on(t.personId, t.programId, t.position)],
  );

  /** Weekly availability windows in the person's own zone. */
  const availability = k.table(
    'availability',
    {
      id: k.id('id'),
      personId: k.text('person_id')
        .notNull()
        .references(() => people.id, { onDelete: 'cascade' }),
      weekday: k.integer('weekday').notNull(), // 1 = Monday … 7 = Sunday (ISO)
      startMinute: k.integer('start_minute').notNull(),
      endMinute: k.integer('end_minute').notNull(),
    },
    (t) => [
      k.index('availability_person_idx').on(t.personId),
      k.check('availability_weekday', sql`${t.weekday} BETWEEN 1 AND 7`),
      k.check('availability_window', sql`${t.startMinute} >= 0 AND ${t.startMinute} < ${t.endMinute} AND ${t.endMinute} <= 1440`),
    ],
  );

  /**
   * A pairing, from request to end. Only one open match may exist per pair: the
   * partial unique index is what stops a double click from creating two.
   */
  const matches = k.table(
    'matches',
    {
      id: k.id('id'),
      programId: k.integer('program_id')
        .notNull()
        .default(1)
        .references(() => programs.id),
      // Nullable: when a person deletes their data, their past matches stay as
      // anonymous rows so program totals still add up.
      mentorId: k.text('mentor_id').references(() => people.id, { onDelete: 'set null' }),
      menteeId: k.text('mentee_id').references(() => people.id, { onDelete: 'set null' }),
      kind: k.text('kind', { enum: PAIR_KINDS }).notNull(),
      status: k.text('status', { enum: MATCH_STATUSES }).notNull(),
      source: k.text('source', { enum: ['self_serve', 'round'] }).notNull(),
      roundId: k.integer('round_id'),
      score: k.real('score'),
      reasons: k.json('reasons').$type<StoredReason[]>(),
      conversationId: k.text('conversation_id'),
      requestedAt: k.instant('requested_at').notNull(),
      decidedAt: k.instant('decided_at'),
      endedAt: k.instant('ended_at'),
      endReason: k.text('end_reason'),
      /** When a paused pair started again: check-in cadence and silence count from here. */
      resumedAt: k.instant('resumed_at'),
      /** The optional note a mentor gives when declining; the mentee's side sees it. */
      declineNote: k.text('decline_note'),
      /** Each side's answer to "keep going after the cohort?": the pair outlives its cohort only if both said yes. */
      mentorContinues: k.bool('mentor_continues'),
      menteeContinues: k.bool('mentee_continues'),
      /**
       * A fresh-start request: the open mentorship this one takes over from if
       * the new mentor accepts (which ends that one in the same transaction).
       * Set null if that row is ever deleted: the request stays an ordinary one.
       */
      replacesMatchId: k.integer('replaces_match_id').references((): AnySQLiteColumn => matches.id, { onDelete: 'set null' }),
      /** Why the fresh start was offered: the pair went quiet, or the mentee asked to see others. */
      rematchVia: k.text('rematch_via', { enum: ['quiet', 'asked'] }),
    },
    (t) => [
      k.uniqueIndex('matches_one_open_per_pair')
        .on(t.mentorId, t.menteeId)
        .where(statusIn(OPEN_MATCH_STATUSES)),
      // One open request or mentorship per mentee, kind and program: a second click, a
      // second tab or a round racing a self-serve request cannot double-book.
      // A leader may have several reverse mentors, so reverse pairs are exempt. So is a
      // pending fresh-start request: the mentorship it would replace holds the place
      // until the new mentor accepts, and accepting ends that one before this one opens.
      k.uniqueIndex('matches_one_open_per_mentee_kind_program')
        .on(t.programId, t.menteeId, t.kind)
        .where(sql`${statusIn(OPEN_MATCH_STATUSES)} AND kind <> 'reverse' AND NOT (status = 'requested' AND replaces_match_id IS NOT NULL)`),
      // One pending fresh-start request per mentorship at a time, as for any request:
      // two clicks or two replicas cannot ask two new mentors at once.
      k.uniqueIndex('matches_one_fresh_start_per_match')
        .on(t.replacesMatchId)
        .where(sql`status = 'requested' AND replaces_match_id IS NOT NULL`),
      k.index('matches_mentee_idx').on(t.menteeId),
      k.index('matches_program_idx').on(t.programId),
      k.index('matches_status_idx').on(t.status),
      k.check('matches_not_self', sql`${t.mentorId} <> ${t.menteeId}`),
    ],
  );

  /**
   * Each spell a pair spent paused by its own choice (a check-in's "Pause for
   * a while"): quiet by agreement, so not a stall in the bias audit. A pause
   * the bot makes after three unanswered check-ins has none. The spell of a
   * pair still paused has no end yet; it ends when the pair resumes or ends.
   */
  const matchPauses = k.table(
    'match_pauses',
    {
      id: k.id('id'),
      matchId: k.integer('match_id')
        .notNull()
        .references(() => matches.id, { onDelete: 'cascade' }),
      pausedAt: k.instant('paused_at').notNull(),
      /** The pair resumed, or its mentorship ended while paused. */
      endedAt: k.instant('ended_at'),
    },
    (t) => [k.index('match_pauses_match_idx').on(t.matchId)],
  );

  /**
   * A person's own pause (`/mentor pause`), kept as a spell: while it lasts
   * the bot asks nothing of them, so their pairs' quiet time leaves it out.
   * Deleted with the person.
   */
  const personPauses = k.table(
    'person_pauses',
    {
      id: k.id('id'),
      personId: k.text('person_id')
        .notNull()
        .references(() => people.id, { onDelete: 'cascade' }),
      pausedAt: k.instant('paused_at').notNull(),
      /** The date the person gave: the pause ends by itself then. Null: until they resume. */
      until: k.instant('until'),
      /** They resumed, paused again with another date, or left, before `until`. */
      endedAt: k.instant('ended_at'),
    },
    (t) => [k.index('person_pauses_person_idx').on(t.personId)],
  );

  /** A whole-program round: previewed first, then published or cancelled. */
  const matchRounds = k.table('match_rounds', {
    id: k.id('id'),
    programId: k.integer('program_id')
      .notNull()
      .default(1)
      .references(() => programs.id),
    /** A coordinator's user id, or 'schedule' for an automatic round. */
    createdBy: k.text('created_by').notNull(),
    /** An automatic round publishes itself then, unless a coordinator cancels it first. */
    publishAt: k.instant('publish_at'),
    status: k.text('status', { enum: ['preview', 'published', 'cancelled'] }).notNull(),
    /** The proposal as previewed: pairs with scores and reasons, and the unmatched with why. */
    proposal: k.json('proposal').$type<Record<string, unknown>>().notNull(),
    channelId: k.text('channel_id'),
    messageTs: k.text('message_ts'),
    createdAt: k.instant('created_at').notNull(),
    decidedAt: k.instant('decided_at'),
    decidedBy: k.text('decided_by'),
  });

  /** Up to three times offered by one person to their partner; the partner picks one, or none. */
  const sessionProposals = k.table(
    'session_proposals',
    {
      id: k.id('id'),
      matchId: k.integer('match_id')
        .notNull()
        .references(() => matches.id, { onDelete: 'cascade' }),
      proposedBy: k.text('proposed_by'),
      proposedTo: k.text('proposed_to'),
      reason: k.text('reason', { enum: ['requested', 'reverse_monthly', 'office_hours'] }).notNull(),
      slots: k.json('slots').$type<{ start: number; end: number }[]>().notNull(),
      status: k.text('status', { enum: ['open', 'accepted', 'declined', 'expired'] }).notNull(),
      /** Set when the offer moves a booked session: picking a time keeps that session (and its calendar entry). */
      sessionId: k.integer('session_id'),
      createdAt: k.instant('created_at').notNull(),
    },
    (t) => [k.index('session_proposals_match_idx').on(t.matchId)],
  );

  const sessions = k.table(
    'sessions',
    {
      id: k.id('id'),
      matchId: k.integer('match_id')
        .notNull()
        .references(() => matches.id, { onDelete: 'cascade' }),
      /** The proposal it was booked from: one session per proposal, however often "pick" is clicked. */
      proposalId: k.integer('proposal_id').references(() => sessionProposals.id, { onDelete: 'set null' }),
      startsAt: k.instant('starts_at').notNull(),
      endsAt: k.instant('ends_at').notNull(),
      status: k.text('status', { enum: ['proposed', 'booked', 'cancelled', 'held'] }).notNull(),
      /** Calendar files carry it, so a changed or cancelled session updates the same entry. */
      sequence: k.integer('sequence').notNull().default(0),
      createdAt: createdAt(),
    },
    (t) => [k.index('sessions_match_idx').on(t.matchId), k.index('sessions_starts_idx').on(t.startsAt), k.uniqueIndex('sessions_one_per_proposal').on(t.proposalId)],
  );

  const checkIns = k.table(
    'check_ins',
    {
      id: k.id('id'),
      matchId: k.integer('match_id')
        .notNull()
        .references(() => matches.id, { onDelete: 'cascade' }),
      personId: k.text('person_id').references(() => people.id, { onDelete: 'set null' }),
      kind: k.text('kind', { enum: ['mentor', 'mentee_goals'] }).notNull(),
      dueAt: k.instant('due_at').notNull(),
      /** When the check-in was queued to the person; an unanswered streak counts only these. */
      sentAt: k.instant('sent_at'),
      answer: k.text('answer'),
      note: k.text('note'),
      answeredAt: k.instant('answered_at'),
    },
    (t) => [k.uniqueIndex('check_ins_once').on(t.matchId, t.kind, t.dueAt)],
  );

  /**
   * One rating per rater per session. The rater is kept only to enforce that
   * and to allow edits; reports never read it. Deleting a person nulls it,
   * leaving an anonymous aggregate behind.
   */
  const ratings = k.table(
    'ratings',
    {
      id: k.id('id'),
      sessionId: k.integer('session_id')
        .notNull()
        .references(() => sessions.id, { onDelete: 'cascade' }),
      raterId: k.text('rater_id').references(() => people.id, { onDelete: 'set null' }),
      happened: k.bool('happened').notNull(),
      usefulness: k.integer('usefulness'),
      clarity: k.integer('clarity'),
      applicability: k.integer('applicability'),
      comment: k.text('comment'),
      createdAt: createdAt(),
      updatedAt: k.instant('updated_at'),
    },
    (t) => [
      k.uniqueIndex('ratings_once_per_rater').on(t.sessionId, t.raterId),
      k.check(
        'ratings_scale',
        sql`(${t.usefulness} IS NULL OR ${t.usefulness} BETWEEN 1 AND 5) AND (${t.clarity} IS NULL OR ${t.clarity} BETWEEN 1 AND 5) AND (${t.applicability} IS NULL OR ${t.applicability} BETWEEN 1 AND 5)`,
      ),
    ],
  );

  /** One row per scheduled run of a job, so a double tick or restart runs it once. */
  const jobRuns = k.table(
    'job_runs',
    {
      id: k.id('id'),
      job: k.text('job').notNull(),
      slot: k.text('slot').notNull(),
      startedAt: k.instant('started_at').notNull(),
      finishedAt: k.instant('finished_at'),
      error: k.text('error'),
    },
    (t) => [k.uniqueIndex('job_runs_once').on(t.job, t.slot)],
  );

  /**
   * Every message the bot sends on its own initiative goes through here. The
   * idempotency key makes enqueueing the same message twice a no-op.
   */
  const outbox = k.table(
    'outbox',
    {
      id: k.id('id'),
      idempotencyKey: k.text('idempotency_key').notNull().unique(),
      recipient: k.text('recipient').notNull(), // user or channel ID
      payload: k.json('payload').$type<Record<string, unknown>>().notNull(),
      /** pending → sending (claimed) → sent | failed; a crash leaves 'sending', which recovery resolves. */
      status: k.text('status', { enum: ['pending', 'sending', 'sent', 'failed'] }).notNull().default('pending'),
      /** When the current run of failed attempts began (the job's clock); past the horizon the message is given up. */
      failingSince: k.instant('failing_since'),
      /** The last attempt may have reached Slack (a 5xx or timeout): look for it before sending again. */
      uncertain: k.bool('uncertain').notNull().default(false),
      /** Who holds the claim, and until when in real time: only the holder may send or record the send. */
      leaseToken: k.text('lease_token'),
      leaseUntil: k.integer('lease_until'),
      /** For a file: the id Slack gave the upload, so a retry can find the share it may already have made. */
      fileId: k.text('file_id'),
      notBefore: k.instant('not_before').notNull(),
      /** A message not sent by then is dropped (a reminder after its session has started). */
      expiresAt: k.instant('expires_at'),
      /** False for messages a person is waiting for right now; true waits for their working hours. */
      workingHoursOnly: k.bool('working_hours_only').notNull().default(true),
      /** The conversation the message went to (a DM's D… ID for a user), for crash recovery. */
      channelId: k.text('channel_id'),
      claimedAt: k.instant('claimed_at'),
      attempts: k.integer('attempts').notNull().default(0),
      lastError: k.text('last_error'),
      sentTs: k.text('sent_ts'),
      createdAt: createdAt(),
      sentAt: k.instant('sent_at'),
    },
    (t) => [k.index('outbox_due_idx').on(t.status, t.notBefore)],
  );

  /**
   * Whose data each outbox message carries (its recipients, the people it
   * mentions or quotes): what export-my-data lists and delete-my-data erases,
   * in the database and in Slack.
   */
  const outboxSubjects = k.table(
    'outbox_subjects',
    {
      outboxId: k.integer('outbox_id')
        .notNull()
        .references(() => outbox.id, { onDelete: 'cascade' }),
      personId: k.text('person_id').notNull(),
    },
    (t) => [k.primaryKey({ columns: [t.outboxId, t.personId] }), k.index('outbox_subjects_person_idx').on(t.personId)],
  );

  /**
   * A button pressed or a command run that must not repeat its work within a
   * short window (a double click on Nudge, Schedule pressed three times).
   */
  const actionClaims = k.table(
    'action_claims',
    {
      id: k.id('id'),
      actorId: k.text('actor_id').notNull(),
      intent: k.text('intent').notNull(),
      target: k.text('target').notNull(),
      claimedAt: k.instant('claimed_at').notNull(),
      /** What the first press did, for the answer to the repeats. */
      outcome: k.text('outcome'),
    },
    (t) => [k.index('action_claims_lookup_idx').on(t.actorId, t.intent, t.target, t.claimedAt)],
  );

  /**
   * Someone a person should never be matched with. A person's own entries are
   * private to them (no reason); a coordinator's carry a reason only
   * coordinators see. Either way it is a hard rule in every kind of matching.
   */
  const matchExclusions = k.table(
    'match_exclusions',
    {
      id: k.id('id'),
      personId: k.text('person_id')
        .notNull()
        .references(() => people.id, { onDelete: 'cascade' }),
      excludedId: k.text('excluded_id').notNull(),
      /** Who added it: the person themselves, or a coordinator. */
      addedBy: k.text('added_by').notNull(),
      /** Only for a coordinator's exclusion, and only coordinators read it. */
      reason: k.text('reason'),
      createdAt: k.instant('created_at').notNull(),
    },
    (t) => [k.uniqueIndex('match_exclusions_once').on(t.personId, t.excludedId, t.addedBy), k.index('match_exclusions_excluded_idx').on(t.excludedId)],
  );

  /**
   * A group circle: a topic, a facilitator or a rotating host, members, and a
   * recurring slot (a local weekday and time in `zone`, the program's zone,
   * so it keeps its wall-clock time across DST) with its own private channel.
   */
  const circles = k.table(
    'circles',
    {
      id: k.id('id'),
      programId: k.integer('program_id')
        .notNull()
        .references(() => programs.id),
      /** Taxonomy cluster id. */
      topic: k.text('topic').notNull(),
      /** One line: what members should come away with. */
      intent: k.text('intent').notNull().default(''),
      style: k.text('style', { enum: CIRCLE_STYLES }).notNull(),
      facilitatorId: k.text('facilitator_id'),
      sizeMin: k.integer('size_min').notNull(),
      sizeMax: k.integer('size_max').notNull(),
      cadence: k.text('cadence', { enum: CIRCLE_CADENCES }).notNull(),
      sessionMinutes: k.integer('session_minutes').notNull(),
      /** ISO weekday 1–7 and minutes from local midnight, in `zone`. */
      slotWeekday: k.integer('slot_weekday').notNull(),
      slotMinute: k.integer('slot_minute').notNull(),
      zone: k.text('zone').notNull(),
      /** The first session's local date (YYYY-MM-DD); sessions follow every cadence until `endsOn`, if any. */
      startsOn: k.text('starts_on').notNull(),
      /** The position of the session on `startsOn`: 0, or after a move the first session at the new time. */
      firstSeq: k.integer('first_seq').notNull().default(0),
      endsOn: k.text('ends_on'),
      /** A session topic per line, in order; coordinators edit it. */
      curriculum: k.json('curriculum').$type<string[]>().notNull().default(sql`'[]'`),
      status: k.text('status', { enum: CIRCLE_STATUSES }).notNull().default('active'),
      channelName: k.text('channel_name').notNull(),
      /** Set once Slack created the channel; the circle's messages wait for it. */
      channelId: k.text('channel_id'),
      /** Set once the ended circle's channel is archived, after its closing message went out. */
      channelArchivedAt: k.instant('channel_archived_at'),
      formationId: k.integer('formation_id'),
      createdBy: k.text('created_by').notNull(),
      createdAt: k.instant('created_at').notNull(),
      endedAt: k.instant('ended_at'),
      endReason: k.text('end_reason'),
    },
    (t) => [
      k.index('circles_program_idx').on(t.programId, t.status),
      k.index('circles_facilitator_idx').on(t.facilitatorId),
      k.uniqueIndex('circles_channel_name').on(t.channelName),
      k.check('circles_size', sql`${t.sizeMin} >= 3 AND ${t.sizeMax} <= 8 AND ${t.sizeMin} <= ${t.sizeMax}`),
    ],
  );

  /** A person's seat in a circle, or their place in its waitlist (in the order they asked). */
  const circleMembers = k.table(
    'circle_members',
    {
      id: k.id('id'),
      circleId: k.integer('circle_id')
        .notNull()
        .references(() => circles.id, { onDelete: 'cascade' }),
      personId: k.text('person_id')
        .notNull()
        .references(() => people.id, { onDelete: 'cascade' }),
      status: k.text('status', { enum: CIRCLE_MEMBER_STATUSES }).notNull(),
      /** Why the person is in this circle, as the welcome says it. */
      reasons: k.json('reasons').$type<string[]>().notNull().default(sql`'[]'`),
      askedAt: k.instant('asked_at').notNull(),
      joinedAt: k.instant('joined_at'),
      leftAt: k.instant('left_at'),
    },
    (t) => [k.uniqueIndex('circle_members_once').on(t.circleId, t.personId), k.index('circle_members_person_idx').on(t.personId, t.status)],
  );

  /**
   * The calendar file each person holds for a circle: which rhythm, how far
   * it reaches and at which SEQUENCE, so a move or an end cancels exactly
   * what they were sent, and a file running out is extended in place.
   */
  const circleCalendars = k.table(
    'circle_calendars',
    {
      id: k.id('id'),
      circleId: k.integer('circle_id')
        .notNull()
        .references(() => circles.id, { onDelete: 'cascade' }),
      personId: k.text('person_id')
        .notNull()
        .references(() => people.id, { onDelete: 'cascade' }),
      /** `startsOn:weekday:minute` of the rhythm the file holds; its events' UIDs are made from it. */
      rhythm: k.text('rhythm').notNull(),
      sequence: k.integer('sequence').notNull(),
      coversUntil: k.instant('covers_until').notNull(),
      sentAt: k.instant('sent_at').notNull(),
      /** Set once a CANCEL took it off their calendar: kept, so coming back is sent at a higher SEQUENCE than the CANCEL. */
      cancelledAt: k.instant('cancelled_at'),
    },
    (t) => [k.uniqueIndex('circle_calendars_once').on(t.circleId, t.personId), k.index('circle_calendars_person_idx').on(t.personId)],
  );

  /** One meeting of a circle: its instant, topic and (in a peer circle) host. */
  const circleSessions = k.table(
    'circle_sessions',
    {
      id: k.id('id'),
      circleId: k.integer('circle_id')
        .notNull()
        .references(() => circles.id, { onDelete: 'cascade' }),
      /** 0-based position in the circle's rhythm. */
      seq: k.integer('seq').notNull(),
      startsAt: k.instant('starts_at').notNull(),
      endsAt: k.instant('ends_at').notNull(),
      topic: k.text('topic'),
      hostId: k.text('host_id'),
      status: k.text('status', { enum: CIRCLE_SESSION_STATUSES }).notNull().default('planned'),
    },
    (t) => [k.uniqueIndex('circle_sessions_seq').on(t.circleId, t.seq), k.index('circle_sessions_starts_idx').on(t.startsAt)],
  );

  /**
   * "I was there" or "I couldn't make it", once per member and session. The
   * answer outlives the person as an anonymous total: erasing them empties
   * `person_id` instead of deleting the row, so past attendance rates hold.
   */
  const circleAttendance = k.table(
    'circle_attendance',
    {
      id: k.id('id'),
      sessionId: k.integer('session_id')
        .notNull()
        .references(() => circleSessions.id, { onDelete: 'cascade' }),
      personId: k.text('person_id').references(() => people.id, { onDelete: 'set null' }),
      attended: k.bool('attended').notNull(),
      answeredAt: k.instant('answered_at').notNull(),
    },
    (t) => [k.uniqueIndex('circle_attendance_once').on(t.sessionId, t.personId)],
  );

  /** A member's anonymous rating of a circle session; only averages over enough raters are ever shown. */
  const circleRatings = k.table(
    'circle_ratings',
    {
      id: k.id('id'),
      sessionId: k.integer('session_id')
        .notNull()
        .references(() => circleSessions.id, { onDelete: 'cascade' }),
      raterId: k.text('rater_id').references(() => people.id, { onDelete: 'set null' }),
      usefulness: k.integer('usefulness').notNull(),
      clarity: k.integer('clarity').notNull(),
      applicability: k.integer('applicability').notNull(),
      comment: k.text('comment'),
      createdAt: k.instant('created_at').notNull(),
    },
    (t) => [
      k.uniqueIndex('circle_ratings_once').on(t.sessionId, t.raterId),
      k.check('circle_ratings_scale', sql`${t.usefulness} BETWEEN 1 AND 5 AND ${t.clarity} BETWEEN 1 AND 5 AND ${t.applicability} BETWEEN 1 AND 5`),
    ],
  );

  /** The engine's proposal of circles for a program, previewed in its channel and published like a matching round. */
  const circleFormations = k.table('circle_formations', {
    id: k.id('id'),
    programId: k.integer('program_id')
      .notNull()
      .references(() => programs.id),
    createdBy: k.text('created_by').notNull(),
    status: k.text('status', { enum: ['preview', 'published', 'cancelled'] }).notNull(),
    proposal: k.json('proposal').$type<Record<string, unknown>>().notNull(),
    channelId: k.text('channel_id'),
    messageTs: k.text('message_ts'),
    createdAt: k.instant('created_at').notNull(),
    decidedAt: k.instant('decided_at'),
    decidedBy: k.text('decided_by'),
  });

  return {
    people,
    programs,
    programCoordinators,
    enrollments,
    selfRatings,
    profiles,
    selfDescriptions,
    skills,
    personSkills,
    goals,
    availability,
    matches,
    matchPauses,
    personPauses,
    matchRounds,
    sessionProposals,
    sessions,
    checkIns,
    ratings,
    jobRuns,
    outbox,
    outboxSubjects,
    actionClaims,
    matchExclusions,
    circles,
    circleMembers,
    circleCalendars,
    circleSessions,
    circleAttendance,
    circleRatings,
    circleFormations,
  };
}

export type Tables = ReturnType<typeof defineSchema>;
