import type { Deps } from '../deps.js';
import type { Program } from '../db/schema.js';
import { DEFAULT_PROGRAM_ID, programSettings, type ProgramSettings, type WorkspaceDefaults } from '../domain/programs.js';
import { allPrograms, coordinatorsOf, findProgram, programCount, programIdsCoordinatedBy, programNamed } from '../repos/programs.js';

/**
 * Which program, with which settings, and who coordinates it. Workspace
 * admins (COORDINATOR_USER_IDS) coordinate every program; each program may
 * name its own coordinators besides.
 */

const defaultsOf = (deps: Deps): WorkspaceDefaults => ({
  coordinatorChannelId: deps.config.coordinatorChannelId,
  digestTimeZone: deps.config.digestTimeZone,
  checkInEveryDays: deps.config.checkInEveryDays,
  goalCheckInEveryDays: deps.config.goalCheckInEveryDays,
});

export const settingsOf = (deps: Deps, program: Program): ProgramSettings => programSettings(program, defaultsOf(deps));

export function programById(deps: Deps, id: number): ProgramSettings | undefined {
  const program = findProgram(deps.db, id);
  return program && settingsOf(deps, program);
}

/** The program the first release's data lives in; the migration guarantees it. */
export function defaultProgram(deps: Deps): ProgramSettings {
  return programById(deps, DEFAULT_PROGRAM_ID) as ProgramSettings;
}

export function everyProgram(deps: Deps, options: { open?: boolean } = {}): ProgramSettings[] {
  return allPrograms(deps.db, options).map((p) => settingsOf(deps, p));
}

export function programByName(deps: Deps, name: string): ProgramSettings | undefined {
  const program = programNamed(deps.db, name);
  return program && settingsOf(deps, program);
}

/** A workspace that never created a second program sees no program anywhere: no question, no label. */
export function isSingleProgram(deps: Deps): boolean {
  return programCount(deps.db) <= 1;
}

export function isWorkspaceAdmin(deps: Deps, userId: string): boolean {
  return deps.config.coordinatorUserIds.includes(userId);
}

export function coordinates(deps: Deps, userId: string, programId: number): boolean {
  return isWorkspaceAdmin(deps, userId) || coordinatorsOf(deps.db, programId).includes(userId);
}

/** Anyone who coordinates at least one program: who sees coordinator commands and Home's coordinator section. */
export function isCoordinator(deps: Deps, userId: string): boolean {
  return isWorkspaceAdmin(deps, userId) || programIdsCoordinatedBy(deps.db, userId).length > 0;
}

export function programsCoordinatedBy(deps: Deps, userId: string): ProgramSettings[] {
  if (isWorkspaceAdmin(deps, userId)) return everyProgram(deps);
  const ids = new Set(programIdsCoordinatedBy(deps.db, userId));
  return everyProgram(deps).filter((p) => ids.has(p.id));
}

/** Who to name when someone needs a coordinator of this program: its own, then the workspace's. */
export function coordinatorsFor(deps: Deps, programId: number): string[] {
  return [...new Set([...coordinatorsOf(deps.db, programId), ...deps.config.coordinatorUserIds])];
}

/** Every program's settings by id, for jobs that walk pairs of every program at once. */
export function programsById(deps: Deps): Map<number, ProgramSettings> {
  return new Map(everyProgram(deps).map((p) => [p.id, p]));
}

export type CoordinatedChoice = { ok: true; program: ProgramSettings } | { ok: false; reason: 'unknown' | 'not_yours' | 'which'; choices: ProgramSettings[] };

/**
 * Which program a coordinator command acts on: the one named (which they
 * must coordinate), or the only open one they coordinate. A workspace with
 * one program never asks.
 */
export function programToCoordinate(deps: Deps, userId: string, name: string): CoordinatedChoice {
  const theirs = programsCoordinatedBy(deps, userId).filter((p) => p.status !== 'closed');
  if (name) {
    const named = programByName(deps, name);
    if (!named) return { ok: false, reason: 'unknown', choices: theirs };
    return coordinates(deps, userId, named.id) ? { ok: true, program: named } : { ok: false, reason: 'not_yours', choices: theirs };
  }
  if (isSingleProgram(deps)) return { ok: true, program: defaultProgram(deps) };
  if (theirs.length === 1) return { ok: true, program: theirs[0] as ProgramSettings };
  return { ok: false, reason: 'which', choices: theirs };
}
