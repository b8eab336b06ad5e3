import type { ViewOutput } from '@slack/bolt';
import { visibleLength } from '../domain/text.js';
import { formReader } from '../views/formState.js';

export type NoteResult = { ok: true; note: string | null } | { ok: false; errors: Record<string, string> };

/**
 * An optional free-text note from a modal: trimmed, empty means none, and
 * too long is refused with a message rather than cut.
 */
export function readNote(view: ViewOutput, block: string, max: number): NoteResult {
  const note = (formReader(view.state.values).text(block) ?? '').trim();
  if (visibleLength(note) > max) return { ok: false, errors: { [block]: `Please keep the note under ${max} characters (nothing was cut).` } };
  return { ok: true, note: note || null };
}
