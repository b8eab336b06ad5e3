import { pgKit, sqliteKit } from './kits.js';
import { defineSchema } from './tables.js';

/*
 * The tables every other file imports, built from one definition
 * (src/db/tables.ts) for each dialect. They start as the SQLite tables;
 * useEngine('pg') swaps every binding for the PostgreSQL ones before a
 * PostgreSQL database is opened. Their types are SQLite's either way (see
 * src/db/kits.ts). drizzle-kit's SQLite config reads these exports.
 */

const sqliteTables = defineSchema(sqliteKit);
const pgTables = defineSchema(pgKit);

export let {
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
} = sqliteTables;

/** Points every table at one engine's build; src/db/database.ts calls it when a database opens, and refuses a second engine while the first has one open. */
export function useEngine(engine: 'sqlite' | 'pg'): void {
  ({
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
  } = engine === 'pg' ? pgTables : sqliteTables);
}

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

