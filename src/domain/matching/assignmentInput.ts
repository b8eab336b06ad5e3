import { z } from 'zod';
import type { AssignmentInput } from './assignment.js';
import { MAX_CAPACITY } from './assignmentInputCheck.js';

/**
 * The JSON a caller hands the solver. Every problem becomes one line that
 * names the exact entry (`scores[7].mentor "M9" is not in mentors`), so a
 * person fixing a generated file can go straight to it. Shape problems are
 * listed first; names and repeated pairs are only checked once the shape is
 * right, since they need the lists to be lists of the right things.
 */

export { MAX_CAPACITY };
/** Enough to see the pattern; a file broken throughout would otherwise flood the terminal. */
export const MAX_PROBLEMS_SHOWN = 20;

export type AssignmentInputResult = { ok: true; input: AssignmentInput } | { ok: false; problems: string[] };

const id = z.string({ error: 'must be a non-empty string' }).min(1, 'must be a non-empty string');
const capacityMessage = `must be a whole number from 0 to ${MAX_CAPACITY}`;

export const zAssignmentInput = z.object(
  {
    mentors: z.array(
      z.object(
        {
          id,
          capacity: z.number({ error: capacityMessage }).refine((n) => Number.isInteger(n) && n >= 0 && n <= MAX_CAPACITY, capacityMessage),
        },
        { error: 'must be an object with id and capacity' },
      ),
      { error: 'must be an array' },
    ),
    mentees: z.array(z.object({ id }, { error: 'must be an object with an id' }), { error: 'must be an array' }),
    scores: z.array(
      z.object(
        // zod rejects Infinity (which JSON can produce, from 1e999) as not a number.
        { mentee: id, mentor: id, score: z.number({ error: 'must be a finite number' }) },
        { error: 'must be an object with mentee, mentor and score' },
      ),
      { error: 'must be an array' },
    ),
  },
  { error: 'input must be an object with mentors, mentees and scores arrays' },
);

export function parseAssignmentInput(text: string): AssignmentInputResult {
  const json = text.replace(/^\uFEFF/, '');
  if (json.trim() === '') return failure(['input is empty; expected JSON with mentors, mentees and scores arrays']);
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch (error) {
    return failure([`input is not valid JSON: ${(error as Error).message.replace(/\s+/g, ' ')}`]);
  }
  const parsed = zAssignmentInput.safeParse(data);
  if (!parsed.success) return failure(parsed.error.issues.map((issue) => (issue.path.length === 0 ? issue.message : `${where(issue.path)} ${issue.message}`)));
  const problems = [...duplicateIds(parsed.data.mentors, 'mentors'), ...duplicateIds(parsed.data.mentees, 'mentees'), ...scoreReferences(parsed.data)];
  return problems.length > 0 ? failure(problems) : { ok: true, input: parsed.data };
}

function failure(problems: string[]): AssignmentInputResult {
  if (problems.length <= MAX_PROBLEMS_SHOWN) return { ok: false, problems };
  const more = problems.length - MAX_PROBLEMS_SHOWN;
  return { ok: false, problems: [...problems.slice(0, MAX_PROBLEMS_SHOWN), `… and ${more} more problem${more === 1 ? '' : 's'}`] };
}

/** `['scores', 7, 'mentor']` → `scores[7].mentor`. */
function where(path: PropertyKey[]): string {
  return path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '');
}

/** An id as it appears inside a message: escaped, so a stray newline cannot split the line. */
const shown = (value: string) => JSON.stringify(value).slice(1, -1);

function duplicateIds(people: readonly { id: string }[], list: string): string[] {
  const places = new Map<string, number[]>();
  people.forEach((person, i) => {
    const at = places.get(person.id);
    if (at) at.push(i);
    else places.set(person.id, [i]);
  });
  return [...places.values()]
    .filter((at) => at.length > 1)
    .map(([first, ...rest]) => `${list}[${first}].id is duplicated (also ${rest.map((i) => `${list}[${i}]`).join(', ')})`);
}

function scoreReferences(input: AssignmentInput): string[] {
  const mentors = new Set(input.mentors.map((m) => m.id));
  const mentees = new Set(input.mentees.map((m) => m.id));
  // Per mentee, per mentor, where the pair was first seen: no joined keys, so no id can collide.
  const firstSeen = new Map<string, Map<string, number>>();
  const problems: string[] = [];
  for (let k = 0; k < input.scores.length; k++) {
    const { mentee, mentor } = input.scores[k]!;
    if (!mentees.has(mentee)) problems.push(`scores[${k}].mentee "${shown(mentee)}" is not in mentees`);
    if (!mentors.has(mentor)) problems.push(`scores[${k}].mentor "${shown(mentor)}" is not in mentors`);
    let seen = firstSeen.get(mentee);
    if (!seen) firstSeen.set(mentee, (seen = new Map()));
    const first = seen.get(mentor);
    if (first === undefined) seen.set(mentor, k);
    else problems.push(`scores[${k}] repeats the pair ${shown(mentee)}/${shown(mentor)} (first at scores[${first}])`);
  }
  return problems;
}
