import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { deliver, enqueueReply } from '../outbox/outbox.js';
import { readValue } from '../views/values.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

export const STALE_BUTTON = 'That button is out of date or was damaged on the way, so nothing was changed. `/mentor help` lists what you can do.';

export interface Answer {
  text: string;
  blocks?: KnownBlock[];
  /** Replace the message the button was on (a question now answered), rather than reply under it. */
  replace?: boolean;
}

/**
 * Answers the person who clicked, only them: under the message they clicked,
 * or, for a button on the Home tab (which has no message to answer under),
 * in their DM through the outbox.
 */
export async function tellClicker(args: Pick<ButtonArgs, 'body' | 'respond' | 'client'>, deps: Deps, answer: Answer): Promise<void> {
  if (args.body.response_url) {
    const shape = answer.replace ? { replace_original: true } : { response_type: 'ephemeral' as const, replace_original: false };
    await args.respond({ ...shape, text: answer.text, ...(answer.blocks ? { blocks: answer.blocks } : {}) });
    return;
  }
  const now = deps.clock();
  await enqueueReply(deps.db, { key: `reply:${args.body.user.id}:${now.getTime()}:${randomUUID().slice(0, 8)}`, recipient: args.body.user.id, text: answer.text, ...(answer.blocks ? { blocks: answer.blocks } : {}), now });
  await deliver(deps, args.client, now);
}

/**
 * The button's value, parsed by the schema of the view that wrote it. A
 * value that does not parse gets a polite reply and a log line, and the
 * listener goes no further: nothing is written from it.
 */
export async function readButton<T>(args: ButtonArgs, deps: Deps, schema: z.ZodType<T>, options: { json?: boolean } = {}): Promise<T | undefined> {
  const read = readValue(schema, args.action.value, options);
  if (read.ok) return read.value;
  deps.logger.warn(`refused ${args.action.action_id} from ${args.body.user.id}: its value ${JSON.stringify(args.action.value?.slice(0, 200) ?? null)} does not parse (${read.problem})`);
  await tellClicker(args, deps, { text: STALE_BUTTON });
  return undefined;
}

/**
 * A button listener: acknowledges at once, reads the value with the schema
 * of the view that wrote it (a stale or damaged one is answered and goes no
 * further), runs the handler and tells the clicker what it returns, if anything.
 */
export function onButton<T>(deps: Deps, schema: z.ZodType<T>, handle: (args: ButtonArgs, value: T) => Promise<Answer | undefined | void>, options: { json?: boolean } = {}) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const value = await readButton(args, deps, schema, options);
    if (value === undefined) return;
    const answer = await handle(args, value);
    if (answer) await tellClicker(args, deps, answer);
  };
}
