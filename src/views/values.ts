import { z } from 'zod';

/*
 * Button values and private_metadata are written by the views and come back
 * from Slack as strings anyone could have altered. Each view module keeps the
 * schema of what it writes next to the builder; listeners read through
 * `readValue`, and anything that does not parse is refused, never used.
 */

/** A row id written as a button value: a positive whole number. */
export const zId = z.coerce.number().int().positive();

export type ValueResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parses a value the bot wrote, as text (`json: false`) or as JSON. */
export function readValue<T>(schema: z.ZodType<T>, raw: string | undefined | null, options: { json?: boolean } = {}): ValueResult<T> {
  if (raw === undefined || raw === null || raw === '') return { ok: false, problem: 'empty' };
  let input: unknown = raw;
  if (options.json) {
    try {
      input = JSON.parse(raw);
    } catch {
      return { ok: false, problem: 'not JSON' };
    }
  }
  const parsed = schema.safeParse(input);
  return parsed.success ? { ok: true, value: parsed.data } : { ok: false, problem: parsed.error.issues.map((i) => `${i.path.join('.') || 'value'}: ${i.message}`).join('; ') };
}
