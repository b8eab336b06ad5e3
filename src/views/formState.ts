/*
 * Reading a submitted form back. Every form here gives each input the same
 * block id and action id, so an answer is found by one name; Slack leaves an
 * input out, or sends null, when nothing was given, and both read as
 * undefined.
 */

/** What Slack sends for one input: only the parts the forms read. */
export interface FormValue {
  type?: string;
  value?: string | null;
  selected_option?: { value?: string } | null;
  selected_options?: { value?: string }[];
  selected_user?: string | null;
  selected_users?: string[];
  selected_conversation?: string | null;
  selected_date?: string | null;
  selected_time?: string | null;
}

/** A view's `state.values`: block id, then action id. */
export type FormValues = Record<string, Record<string, FormValue>>;

export interface FormReader {
  /** Typed text. */
  text(id: string): string | undefined;
  /** The value of the one option picked from a menu or radio buttons. */
  picked(id: string): string | undefined;
  /** The values of the options ticked or picked from a multi-select; none is []. */
  ticked(id: string): string[];
  user(id: string): string | undefined;
  users(id: string): string[];
  date(id: string): string | undefined;
  /** Whichever single answer the input holds (text, option, date, time, person, channel), for forms read field by field. */
  answer(id: string): string | undefined;
}

export function formReader(values: FormValues): FormReader {
  const get = (id: string): FormValue | undefined => values[id]?.[id];
  const text = (id: string) => get(id)?.value ?? undefined;
  const picked = (id: string) => get(id)?.selected_option?.value ?? undefined;
  return {
    text,
    picked,
    ticked: (id) => (get(id)?.selected_options ?? []).map((o) => o.value ?? ''),
    user: (id) => get(id)?.selected_user ?? undefined,
    users: (id) => get(id)?.selected_users ?? [],
    date: (id) => get(id)?.selected_date ?? undefined,
    answer: (id) => {
      const v = get(id);
      return v?.value ?? v?.selected_option?.value ?? v?.selected_date ?? v?.selected_time ?? v?.selected_user ?? v?.selected_conversation ?? undefined;
    },
  };
}
