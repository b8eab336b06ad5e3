/*
 * A stored JSON document (a circle formation's proposal) and the people it
 * names, without knowing its exact shape: what export-my-data shows a person
 * of it, and what delete-my-data leaves of it. An entry names a person when
 * one of its own fields is their ID (`id`, `personId`, `facilitatorId`…) or
 * a list of IDs holding theirs (`memberIds`).
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Fields that say who an entry is: an entry so identified is the person's own and goes as a whole. */
const IDENTITY_FIELDS = ['id', 'personId', 'userId'];

function namesDirectly(o: Record<string, unknown>, personId: string): boolean {
  return Object.values(o).some((v) => v === personId || (Array.isArray(v) && v.includes(personId)));
}

/** Its scalar fields and lists of scalars: the entry itself, without the entries nested in it (those are others'). */
function shallow(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => !isObject(v) && !(Array.isArray(v) && v.some((x) => typeof x === 'object' && x !== null))));
}

/**
 * Every entry of the document that names the person, shallow, with the
 * entry it sits in (shallow too) when that is not the document itself: their
 * place in a proposed circle comes with the circle's topic and time.
 */
export function entriesNaming(doc: unknown, personId: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const walk = (node: unknown, parent: Record<string, unknown> | undefined): void => {
    if (Array.isArray(node)) return node.forEach((item) => walk(item, parent));
    if (!isObject(node)) return;
    if (namesDirectly(node, personId)) out.push({ ...shallow(node), ...(parent && parent !== doc ? { in: shallow(parent) } : {}) });
    for (const value of Object.values(node)) walk(value, node);
  };
  walk(doc, undefined);
  return out;
}

/**
 * The document without the person: their own entries (identified by them)
 * leave the lists they were in, their ID leaves lists of IDs, a field that
 * pointed at them (a facilitator) becomes null, and text that quoted their
 * ID no longer does. Everything else stays as it was.
 */
export function withoutPerson(doc: unknown, personId: string): Json {
  const strip = (node: unknown): Json => {
    if (typeof node === 'string') return node.split(personId).join('');
    if (Array.isArray(node)) {
      return node.filter((item) => item !== personId && !(isObject(item) && IDENTITY_FIELDS.some((f) => item[f] === personId))).map(strip);
    }
    if (isObject(node)) return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, v === personId ? null : strip(v)]));
    return node as Json;
  };
  return strip(doc);
}

/** Whether the document names the person anywhere at all. */
export const mentionsPerson = (doc: unknown, personId: string): boolean => JSON.stringify(doc ?? null).includes(personId);
