import type { Deps } from '../deps.js';
import { isMember } from '../domain/mentorship.js';
import { CURRENT_ENROLLMENT_STATUSES, type ProgramSettings } from '../domain/programs.js';
import { type DemographicQuestion, questionsFor, type RawSelfDescription, type SelfDescriptionField, validateSelfDescription } from '../domain/selfDescription.js';
import { enrollmentsOf } from '../repos/enrollments.js';
import { findPerson } from '../repos/profiles.js';
import { answersOf, findSelfDescription, removeSelfDescription, saveSelfDescription } from '../repos/selfDescriptions.js';
import type { SelfDescriptionModalData } from '../views/selfDescriptionModal.js';
import { programById } from './programs.js';

/**
 * `/mentor about-me`: self-described demographics, offered only to people
 * in a program that asks for them, saved only with their own consent, and
 * removable at any time. Nothing here is ever shown to anyone but the
 * person; the bias audit reads only totals.
 */

/** The running programs a person is in (or waiting for) that ask for self-described demographics. */
export async function programsAsking(deps: Deps, userId: string): Promise<ProgramSettings[]> {
  const asking: ProgramSettings[] = [];
  for (const e of await enrollmentsOf(deps.db, userId)) {
    if (!(CURRENT_ENROLLMENT_STATUSES as readonly string[]).includes(e.status)) continue;
    const p = await programById(deps, e.programId);
    if (p !== undefined && p.status !== 'closed' && p.demographics.length > 0) asking.push(p);
  }
  return asking.sort((a, b) => a.id - b.id);
}

export type AboutMeForm = { ok: true; modal: SelfDescriptionModalData } | { ok: false; message: string };

export async function aboutMeForm(deps: Deps, userId: string): Promise<AboutMeForm> {
  const person = await findPerson(deps.db, userId);
  if (!isMember(person)) return { ok: false, message: 'These questions are for members of a program that asks them. Join with `/mentor join` first.' };
  const programs = await programsAsking(deps, userId);
  const row = await findSelfDescription(deps.db, userId);
  if (programs.length === 0) {
    return { ok: false, message: row ? 'None of your programs asks about you any more. To remove the answers you gave, run `/mentor about-me remove`.' : 'None of your programs asks these questions, so there is nothing to fill in.' };
  }
  return { ok: true, modal: { asked: questionsFor(programs), current: row ? answersOf(row) : undefined, programNames: programs.map((p) => p.name) } };
}

export type AboutMeOutcome = { ok: true; text: string } | { ok: false; errors: Partial<Record<SelfDescriptionField, string>> };

export const ABOUT_ME_WORDS = {
  saved: 'Thank you: your answers are saved. They are counted only in anonymous totals over groups large enough that nobody can be picked out, and never shown with your name. `/mentor about-me` changes or removes them.',
  removed: 'Your answers are deleted and no audit from now on counts them. Like everyone, you are still counted by department, level and location; audits already sent stay as they were.',
  nothingToRemove: 'You have no answers stored, so there is nothing to remove.',
} as const;

export async function saveAboutMe(deps: Deps, userId: string, raw: RawSelfDescription): Promise<AboutMeOutcome> {
  const programs = await programsAsking(deps, userId);
  const asked: DemographicQuestion[] = questionsFor(programs);
  // A form left open while its program stopped asking must not read as "every answer emptied".
  if (asked.length === 0 && !raw.remove) return { ok: false, errors: { consent: 'None of your programs asks these questions any more, so nothing was changed. To remove your answers, tick "Remove all my answers".' } };
  const checked = validateSelfDescription(raw, asked);
  if (!checked.ok) return checked;
  if (checked.action === 'remove') return { ok: true, text: await removeSelfDescription(deps.db, userId) ? ABOUT_ME_WORDS.removed : ABOUT_ME_WORDS.nothingToRemove };
  await saveSelfDescription(deps.db, userId, checked.answers, asked, deps.clock());
  return { ok: true, text: ABOUT_ME_WORDS.saved };
}

/** `/mentor about-me remove`: the answers go, whatever the person's programs ask now. */
export async function removeAboutMe(deps: Deps, userId: string): Promise<string> {
  return await removeSelfDescription(deps.db, userId) ? ABOUT_ME_WORDS.removed : ABOUT_ME_WORDS.nothingToRemove;
}
