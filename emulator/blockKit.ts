import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/*
 * Block Kit validation as Slack applies it before accepting a surface: the
 * published JSON Schema for shapes and lengths, plus the rules a schema cannot
 * express (uniqueness of IDs across a surface, block counts per surface kind,
 * modals with inputs needing a submit button).
 */

const schema = JSON.parse(readFileSync(new URL('./schema/slack-block-kit.schema.json', import.meta.url), 'utf8')) as {
  $defs: Record<string, unknown>;
};

const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
ajv.addSchema(schema, 'blockkit');
const compiled = new Map<string, ValidateFunction>();
function validatorFor(def: string): ValidateFunction | undefined {
  if (!(def in schema.$defs)) return undefined;
  let validate = compiled.get(def);
  if (!validate) {
    validate = ajv.compile({ $ref: `blockkit#/$defs/${def}` });
    compiled.set(def, validate);
  }
  return validate;
}

export const LIMITS = { messageBlocks: 50, viewBlocks: 100, messageText: 40_000 } as const;

/** Returns Slack-style error strings; an empty array means the blocks are accepted. */
export function validateBlocks(blocks: unknown, pointer = '/blocks', max: number = LIMITS.messageBlocks): string[] {
  if (!Array.isArray(blocks)) return [`must provide an array [json-pointer:${pointer}]`];
  const errors: string[] = [];
  if (blocks.length > max) errors.push(`no more than ${max} items allowed [json-pointer:${pointer}]`);
  blocks.forEach((block, i) => errors.push(...validateBlock(block, `${pointer}/${i}`)));
  errors.push(...uniqueIds(blocks, pointer));
  return [...new Set(errors)];
}

export function validateView(view: unknown, surface: 'modal' | 'home'): string[] {
  if (typeof view !== 'object' || view === null) return ['must provide an object [json-pointer:/view]'];
  const v = view as { type?: unknown; blocks?: unknown; submit?: unknown };
  if (v.type !== surface) return [`view type must be "${surface}" for this method [json-pointer:/view/type]`];
  if (!Array.isArray(v.blocks) || v.blocks.length === 0) return ['must provide at least one block [json-pointer:/view/blocks]'];
  // The surface's own fields (title, submit, private_metadata…) are checked
  // with a placeholder block list; the real blocks are checked one by one.
  const frame = validatorFor(`${surface}_view`) as ValidateFunction;
  const errors = frame({ ...v, blocks: [{ type: 'divider' }] }) ? [] : describe(frame.errors, '/view');
  errors.push(...validateBlocks(v.blocks, '/view/blocks', LIMITS.viewBlocks));
  const hasInput = v.blocks.some((b) => (b as { type?: unknown })?.type === 'input');
  if (surface === 'modal' && hasInput && v.submit === undefined) {
    errors.push('a modal containing input blocks must have a submit button [json-pointer:/view/submit]');
  }
  return [...new Set(errors)];
}

/**
 * Checks an app's answer to a block_suggestion as Slack does: `options` or
 * `option_groups`, at most 100 of either, each option plain_text with text at
 * most 75 characters and a value of 1 to 150.
 */
export function validateOptionsResponse(answer: unknown): string[] {
  if (typeof answer !== 'object' || answer === null) return ['must provide an object [json-pointer:/]'];
  const a = answer as { options?: unknown; option_groups?: unknown };
  if (a.options === undefined && a.option_groups === undefined) return ['must provide options or option_groups [json-pointer:/]'];
  if (a.options !== undefined && a.option_groups !== undefined) return ['must provide either options or option_groups, not both [json-pointer:/]'];
  const key = a.options !== undefined ? 'options' : 'option_groups';
  const list = a[key];
  if (!Array.isArray(list)) return [`must provide an array [json-pointer:/${key}]`];
  const errors: string[] = [];
  if (list.length > 100) errors.push(`no more than 100 items allowed [json-pointer:/${key}]`);
  const validate = validatorFor(key === 'options' ? 'option_object_plain_text' : 'option_group_object') as ValidateFunction;
  list.forEach((item, i) => {
    if (!validate(item)) errors.push(...describe(validate.errors, `/${key}/${i}`));
  });
  return [...new Set(errors)];
}

function validateBlock(block: unknown, pointer: string): string[] {
  const type = (block as { type?: unknown } | null)?.type;
  const validate = typeof type === 'string' ? validatorFor(`${type}_block`) : undefined;
  if (!validate) return [`unsupported block type ${JSON.stringify(type)} [json-pointer:${pointer}/type]`];
  return validate(block) ? [] : describe(validate.errors, pointer);
}

/** Slack requires block_id and action_id each to be unique within a surface. */
function uniqueIds(blocks: unknown[], pointer: string): string[] {
  const errors: string[] = [];
  const blockIds = new Set<string>();
  const actionIds = new Set<string>();
  blocks.forEach((block, i) => {
    const b = block as { block_id?: unknown; element?: unknown; accessory?: unknown; elements?: unknown };
    if (typeof b?.block_id === 'string') {
      if (blockIds.has(b.block_id)) errors.push(`duplicate block_id "${b.block_id}" [json-pointer:${pointer}/${i}/block_id]`);
      blockIds.add(b.block_id);
    }
    const elements = [b?.element, b?.accessory, ...(Array.isArray(b?.elements) ? b.elements : [])];
    for (const el of elements) {
      const actionId = (el as { action_id?: unknown } | undefined)?.action_id;
      if (typeof actionId !== 'string') continue;
      if (actionIds.has(actionId)) errors.push(`duplicate action_id "${actionId}" [json-pointer:${pointer}/${i}]`);
      actionIds.add(actionId);
    }
  });
  return errors;
}

/**
 * Inside a block, unions (text objects, element kinds) make ajv report every
 * branch that did not match. Where an object's `type` failed a branch's
 * constant, that branch's structural complaints are noise; the limits
 * (lengths, counts, ranges) are what Slack would name.
 */
function describe(errors: ErrorObject[] | null | undefined, prefix: string): string[] {
  if (!errors?.length) return [];
  const ambiguous = new Set(
    errors.filter((e) => e.keyword === 'const' && e.instancePath.endsWith('/type')).map((e) => e.instancePath.slice(0, -5)),
  );
  const limits = new Set(['maxLength', 'minLength', 'maxItems', 'minItems', 'pattern', 'maximum', 'minimum', 'enum', 'type']);
  const structural = new Set(['required', 'additionalProperties', 'const']);
  const relevant = errors.filter(
    (e) => limits.has(e.keyword) || (structural.has(e.keyword) && !ambiguous.has(e.instancePath)),
  );
  // A failed `type` constant is the fault only when no branch of the same
  // object got far enough to name something deeper.
  const isTypeConst = (e: ErrorObject) => e.keyword === 'const' && e.instancePath.endsWith('/type');
  const deeper = relevant.filter(
    (e) =>
      !isTypeConst(e) ||
      !relevant.some((o) => !isTypeConst(o) && o.instancePath.startsWith(`${e.instancePath.slice(0, -5)}/`)),
  );
  const chosen = deeper.length > 0 ? deeper : errors.slice(0, 1);
  return chosen.map((e) => {
    const detail = e.keyword === 'additionalProperties' ? ` (${String(e.params.additionalProperty)})` : '';
    return `${e.message ?? 'is invalid'}${detail} [json-pointer:${prefix}${e.instancePath}]`;
  });
}
