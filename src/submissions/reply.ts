import { randomUUID } from 'node:crypto';
import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { z } from 'zod';
import type { Deps } from '../deps.js';
import { deliver, enqueueReply } from '../outbox/outbox.js';
import { readValue } from '../views/values.js';

export type SubmitArgs = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** After a form closes, the answer goes to the person's DM: through the outbox, at once, even while paused. */
export async function replyInDm(deps: Deps, args: Pick<SubmitArgs, 'body' | 'client'>, message: { text: string; blocks?: KnownBlock[] }): Promise<void> {
  const now = deps.clock();
  await enqueueReply(deps.db, { key: `reply:${args.body.view.id}:${randomUUID().slice(0, 8)}`, recipient: args.body.user.id, ...message, now });
  await deliver(deps, args.client, now);
}

/**
 * The form's private_metadata, parsed by the schema of the view that wrote
 * it. Anything else closes the form with a polite line and a log entry; no
 * answer is stored from it.
 */
export async function readMetadata<T>(args: SubmitArgs, deps: Deps, schema: z.ZodType<T>, options: { json?: boolean } = {}): Promise<T | undefined> {
  const read = readValue(schema, args.view.private_metadata, options);
  if (read.ok) return read.value;
  deps.logger.warn(`refused the ${args.view.callback_id} form from ${args.body.user.id}: its metadata does not parse (${read.problem})`);
  await args.ack({ response_action: 'errors', errors: { [firstInput(args)]: 'This form is out of date or was damaged on the way, so nothing was saved. Close it and start again from the message.' } });
  return undefined;
}

function firstInput(args: SubmitArgs): string {
  return Object.keys(args.view.state.values)[0] ?? 'note';
}
