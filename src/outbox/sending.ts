import { ErrorCode, LogLevel, WebClient } from '@slack/web-api';
import type { OutboxRow } from '../db/schema.js';
import type { SlackBlock } from '../views/blocks.js';
import { recipientPeople } from './recipients.js';

/*
 * The Slack side of the outbox: one attempt at one row. Every outcome says
 * whether the message may have reached Slack although the answer was lost
 * (a 5xx, a timeout, a dropped connection, an error Slack says may follow
 * partial work): such a row is looked up in the conversation before it is
 * sent again.
 */

export const METADATA_EVENT = 'mentoring_outbox';

export type Payload =
  /** `reply`: the answer to something the person just did, which reaches them even while paused. */
  | { kind?: 'message'; text: string; blocks?: SlackBlock[]; reply?: true }
  /** A view rendered when it is sent (views/deferred.ts), with its notification text. */
  | { kind: 'view'; view: string; input: unknown; text: string; reply?: true }
  | { kind: 'file'; filename: string; title: string; content: string; comment?: string; reply?: true }
  /** Takes back a message the bot posted (its subject deleted their data). */
  | { kind: 'delete'; channel: string; ts: string }
  | { kind: 'redact'; channel: string; ts: string; text: string; blocks?: SlackBlock[] }
  | { kind: 'file_delete'; fileId: string }
  /** What is left of a row whose subject deleted their data. */
  | { kind: 'erased' };

export type Attempt =
  | { kind: 'sent'; ts: string | null; channel: string | null }
  /** Our claim lapsed and another drain holds the row now: it decides. */
  | { kind: 'lost' }
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  /** `unrenderable`: the bot could not write the message out; Slack was never asked. */
  | { kind: 'failed'; error: string; permanent: boolean; ambiguous: boolean; unrenderable?: true };

/** Answers that will not change by trying again. */
const PERMANENT = new Set([
  'channel_not_found',
  'user_not_found',
  'invalid_blocks',
  'not_in_channel',
  'is_archived',
  'msg_too_long',
  'no_text',
  'cannot_dm_bot',
  'user_disabled',
  'invalid_arguments',
]);
/**
 * Answers with which Slack says part of the work may have been done: a post
 * answered so may be in the conversation already.
 */
const MAYBE_DONE = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** Taking back something that is already gone is done. */
const ALREADY_GONE = new Set(['message_not_found', 'file_not_found', 'file_deleted']);

export function classify(error: unknown): Attempt {
  const e = error as { code?: string; retryAfter?: number; data?: { error?: string }; statusCode?: number; message?: string };
  if (e.code === ErrorCode.RateLimitedError) return { kind: 'rate_limited', retryAfterSeconds: Math.max(1, e.retryAfter ?? 1) };
  if (e.code === ErrorCode.PlatformError) {
    const code = e.data?.error ?? 'unknown_error';
    return { kind: 'failed', error: code, permanent: PERMANENT.has(code), ambiguous: MAYBE_DONE.has(code) };
  }
  if (e.code === ErrorCode.HTTPError) return { kind: 'failed', error: `HTTP ${e.statusCode ?? '?'}`, permanent: false, ambiguous: (e.statusCode ?? 500) >= 500 };
  // A request error (timeout, reset) may have been received and acted on.
  return { kind: 'failed', error: e.message ?? String(error), permanent: false, ambiguous: true };
}

/**
 * The outbox's own client: no silent retries (a retried post after a lost
 * answer is exactly how a message goes out twice), rate limits handed back
 * to the drain, and a timeout so a hung Slack cannot hold a drain forever.
 */
const ownClients = new WeakMap<WebClient, Map<number, WebClient>>();
export function outboxClient(client: WebClient, timeoutMs = OUTBOX_TIMEOUT_MS): WebClient {
  const byTimeout = ownClients.get(client) ?? new Map<number, WebClient>();
  ownClients.set(client, byTimeout);
  let own = byTimeout.get(timeoutMs);
  if (!own) {
    // Its failures are the drain's to report, once, in its own words.
    own = new WebClient(client.token, { slackApiUrl: client.slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: timeoutMs, logLevel: LogLevel.ERROR });
    byTimeout.set(timeoutMs, own);
  }
  return own;
}
export const OUTBOX_TIMEOUT_MS = 10_000;

export class Conversations {
  private readonly known = new Map<string, string>();
  constructor(private readonly client: WebClient) {}

  /** The conversation a recipient means: a user's DM, a group DM of several, or the channel itself. */
  async of(recipient: string): Promise<string> {
    const cached = this.known.get(recipient);
    if (cached) return cached;
    const users = recipientPeople(recipient);
    const channel = users.length === 0 ? recipient : (await this.client.conversations.open({ users: users.join(',') })).channel?.id;
    if (!channel) throw new Error(`conversations.open gave no channel for ${recipient}`);
    this.known.set(recipient, channel);
    return channel;
  }
}

/**
 * Whether an earlier attempt did reach Slack: a message by the key in its
 * metadata, a file share by the file's id. The newest messages, not a time
 * window, since our clock and Slack's need not agree.
 */
export async function findDelivered(client: WebClient, channel: string, row: Pick<OutboxRow, 'idempotencyKey' | 'fileId'>): Promise<{ ts: string | null } | undefined> {
  const history = await client.conversations.history({ channel, include_all_metadata: true, limit: 200 });
  const found = history.messages?.find((m) => {
    const metadata = (m as { metadata?: { event_type?: string; event_payload?: { key?: string } } }).metadata;
    if (metadata?.event_type === METADATA_EVENT && metadata.event_payload?.key === row.idempotencyKey) return true;
    return row.fileId !== null && (m.files ?? []).some((f) => f.id === row.fileId);
  });
  return found ? { ts: found.ts ?? null } : undefined;
}

export async function postMessage(client: WebClient, channel: string, key: string, payload: { text: string; blocks?: SlackBlock[] }): Promise<Attempt> {
  try {
    const sent = await client.chat.postMessage({
      channel,
      text: payload.text,
      ...(payload.blocks ? { blocks: payload.blocks } : {}),
      metadata: { event_type: METADATA_EVENT, event_payload: { key } },
    });
    return { kind: 'sent', ts: sent.ts ?? null, channel: sent.channel ?? channel };
  } catch (error) {
    return classify(error);
  }
}

/**
 * Slack's external upload: ask for a URL (which names the file id, kept
 * before anything is shared), send the bytes, then share it in the
 * conversation. Only the last step can leave a share behind a lost answer.
 */
export async function shareFile(
  client: WebClient,
  channel: string,
  file: Extract<Payload, { kind: 'file' }>,
  timeoutMs: number | undefined,
  remember: (fileId: string) => Promise<void>,
  /** Renews the claim before the share; false when another drain holds it now. */
  keep: () => Promise<boolean>,
): Promise<Attempt> {
  let fileId: string;
  try {
    const bytes = Buffer.from(file.content, 'utf8');
    const target = await client.files.getUploadURLExternal({ filename: file.filename, length: bytes.length });
    if (!target.upload_url || !target.file_id) return { kind: 'failed', error: 'no upload URL', permanent: false, ambiguous: false };
    fileId = target.file_id;
    await remember(fileId);
    const uploaded = await fetch(target.upload_url, { method: 'POST', body: bytes, signal: AbortSignal.timeout(timeoutMs ?? OUTBOX_TIMEOUT_MS) });
    if (!uploaded.ok) return { kind: 'failed', error: `upload answered HTTP ${uploaded.status}`, permanent: false, ambiguous: false };
  } catch (error) {
    const outcome = classify(error);
    return outcome.kind === 'failed' ? { ...outcome, ambiguous: false } : outcome;
  }
  // The upload took time; only a holder may share (an unshared upload reaches nobody).
  if (!await keep()) return { kind: 'lost' };
  try {
    await client.files.completeUploadExternal({ files: [{ id: fileId, title: file.title }], channel_id: channel, ...(file.comment ? { initial_comment: file.comment } : {}) });
  } catch (error) {
    return classify(error);
  }
  // Slack does not say which message shares the file; the ledger needs it, to delete the share with the file.
  try {
    const share = await findDelivered(client, channel, { idempotencyKey: '', fileId });
    return { kind: 'sent', ts: share?.ts ?? null, channel };
  } catch {
    return { kind: 'sent', ts: null, channel };
  }
}

/** Takes back (or rewrites) something the bot posted; already gone counts as done. */
export async function erase(client: WebClient, payload: Extract<Payload, { kind: 'delete' | 'redact' | 'file_delete' }>): Promise<Attempt> {
  try {
    if (payload.kind === 'delete') await client.chat.delete({ channel: payload.channel, ts: payload.ts });
    else if (payload.kind === 'redact') await client.chat.update({ channel: payload.channel, ts: payload.ts, text: payload.text, blocks: payload.blocks ?? [] });
    else await client.files.delete({ file: payload.fileId });
    return { kind: 'sent', ts: null, channel: null };
  } catch (error) {
    const outcome = classify(error);
    if (outcome.kind === 'failed' && ALREADY_GONE.has(outcome.error)) return { kind: 'sent', ts: null, channel: null };
    return outcome.kind === 'failed' ? { ...outcome, ambiguous: false } : outcome;
  }
}
