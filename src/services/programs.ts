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

export async function programById(deps: Deps, id: number): Promise<ProgramSettings | undefined> {
  const program = await findProgram(deps.db, id);
  return program && settingsOf(deps, program);
}

/** The program the first release's data lives in; the migration guarantees it. */
export async function defaultProgram(deps: Deps): Promise<ProgramSettings> {
  return await programById(deps, DEFAULT_PROGRAM_ID) as ProgramSettings;
}

export async function everyProgram(deps: Deps, options: { open?: boolean } = {}): Promise<ProgramSettings[]> {
  return (await allPrograms(deps.db, options)).map((p) => settingsOf(deps, p));
}

export async function programByName(deps: Deps, name: string): Promise<ProgramSettings | undefined> {
  const program = await programNamed(deps.db, name);
  return program && settingsOf(deps, program);
}

/** A workspace that never created a second program sees no program anywhere: no question, no label. */
export async function isSingleProgram(deps: Deps): Promise<boolean> {
  return await programCount(deps.db) <= 1;
}

export function isWorkspaceAdmin(deps: Deps, userId: string): boolean {
  return deps.config.coordinatorUserIds.includes(userId);
}

export async function coordinates(deps: Deps, userId: string, programId: number): Promise<boolean> {
  return isWorkspaceAdmin(deps, userId) || (await coordinatorsOf(deps.db, programId)).includes(userId);
}

/** Anyone who coordinates at least one program: who sees coordinator commands and Home's coordinator section. */
export async function isCoordinator(deps: Deps, userId: string): Promise<boolean> {
  return isWorkspaceAdmin(deps, userId) || (await programIdsCoordinatedBy(deps.db, userId)).length > 0;
}

export async function programsCoordinatedBy(deps: Deps, userId: string): Promise<ProgramSettings[]> {
  if (isWorkspaceAdmin(deps, userId)) return everyProgram(deps);
  const ids = new Set(await programIdsCoordinatedBy(deps.db, userId));
  return (await everyProgram(deps)).filter((p) => ids.has(p.id));
}

/** Who to name when someone needs a coordinator of this program: its own, then the workspace's. */
export async function coordinatorsFor(deps: Deps, programId: number): Promise<string[]> {
  return [...new Set([...await coordinatorsOf(deps.db, programId), ...deps.config.coordinatorUserIds])];
}

/** Every program's settings by id, for jobs that walk pairs of every program at once. */
export async function programsById(deps: Deps): Promise<Map<number, ProgramSettings>> {
  return new Map((await everyProgram(deps)).map((p) => [p.id, p]));
}

export type CoordinatedChoice = { ok: true; program: ProgramSettings } | { ok: false; reason: 'unknown' | 'not_yours' | 'which'; choices: ProgramSettings[] };

/**
 * Which program a coordinator command acts on: the one named (which they
 * must coordinate), or the only open one they coordinate. A workspace with
 * one program never asks.
 */
export async function programToCoordinate(deps: Deps, userId: string, name: string): Promise<CoordinatedChoice> {
  const theirs = (await programsCoordinatedBy(deps, userId)).filter((p) => p.status !== 'closed');
  if (name) {
    const named = await programByName(deps, name);
    if (!named) return { ok: false, reason: 'unknown', choices: theirs };
    return await coordinates(deps, userId, named.id) ? { ok: true, program: named } : { ok: false, reason: 'not_yours', choices: theirs };
  }
  if (await isSingleProgram(deps)) return { ok: true, program: await defaultProgram(deps) };
  if (theirs.length === 1) return { ok: true, program: theirs[0] as ProgramSettings };
  return { ok: false, reason: 'which', choices: theirs };
}
