/** The emulated workspace: who is in it and everything the app has shown them. */

export interface EmulatedUser {
  id: string;
  name: string;
  realName: string;
  email?: string;
  /** IANA time zone, as Slack reports it in `users.info`. */
  tz: string;
  isBot?: boolean;
  deleted?: boolean;
}

export interface EmulatedChannel {
  id: string;
  name: string;
  kind: 'channel' | 'im' | 'mpim';
  members: string[];
}

export interface StoredMessage {
  channel: string;
  ts: string;
  text: string;
  blocks?: unknown[];
  files?: StoredFile[];
  /** Message metadata as chat.postMessage received it ({ event_type, event_payload }). */
  metadata?: Record<string, unknown>;
  /** Set for ephemeral messages: only this user sees them. */
  visibleTo?: string;
  deleted?: boolean;
}

export interface StoredFile {
  id: string;
  name: string;
  title?: string;
  content: Buffer;
}

export interface StoredView {
  id: string;
  hash: string;
  userId: string;
  externalId?: string;
  view: Record<string, unknown>;
}

export interface RecordedCall {
  method: string;
  args: Record<string, unknown>;
  ok: boolean;
  error?: string;
  status: number;
  at: number;
}

/** Something a person or a channel can see, in the order it appeared. */
export type VisibleEvent =
  | { kind: 'message'; channel: string; audience: string[]; message: StoredMessage; edit?: boolean }
  | { kind: 'ephemeral'; userId: string; message: StoredMessage }
  | { kind: 'modal'; userId: string; action: 'open' | 'push' | 'update' | 'errors' | 'close'; view: StoredView; errors?: Record<string, string> }
  | { kind: 'home'; userId: string; view: StoredView };

export type Fault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 };

export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}
