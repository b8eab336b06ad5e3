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
  /** Includes the bot's user ID when the bot is in the conversation. */
  members: string[];
  /** A private channel (kind 'channel'); DMs and group DMs are private by nature. */
  isPrivate?: boolean;
  /** Archived by conversations.archive: readable, but nobody posts, invites or sets anything in it. Its name stays taken. */
  archived?: boolean;
  /** When conversations.create made it (epoch seconds) and who did; absent for channels the emulator started with. */
  created?: number;
  creator?: string;
  topic?: ChannelText;
  purpose?: ChannelText;
}

/** A channel's topic or purpose, as conversations.setTopic / setPurpose left it. */
export interface ChannelText {
  value: string;
  /** The user ID that set it. */
  creator: string;
  /** Epoch seconds. */
  lastSet: number;
}

/** What a test reads about a channel through SlackEmulator.channel(id): a snapshot, not a live view. */
export interface ChannelState {
  id: string;
  name: string;
  kind: EmulatedChannel['kind'];
  /** A private channel, DM or group DM. */
  isPrivate: boolean;
  archived: boolean;
  /** The people in it, in the order they joined; the bot is left out (see botIsMember). */
  members: string[];
  botIsMember: boolean;
  /** The topic's and purpose's text; '' when never set. */
  topic: string;
  purpose: string;
  created?: number;
  creator?: string;
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
  /** Who posted it, when a person did (SlackUser.say); absent for the bot's own messages. */
  user?: string;
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
  /** The HTTP status the emulator answered (or, for a hang, answers once the hang is over). */
  status: number;
  at: number;
  /** The injected fault or policy fault this call met, if any. */
  fault?: Fault;
  /**
   * For a call that met an `afterCommit` fault: whether the method did its work
   * (e.g. the message is stored) although the client saw an error or nothing.
   */
  committed?: boolean;
  /** Set when the client had closed the connection before a hang ended. */
  clientGone?: boolean;
}

/** Something a person or a channel can see, in the order it appeared. */
export type VisibleEvent =
  | { kind: 'message'; channel: string; audience: string[]; message: StoredMessage; edit?: boolean }
  /** A message disappeared (chat.delete, or delete_original through a response_url). */
  | { kind: 'delete'; channel: string; audience: string[]; message: StoredMessage }
  | { kind: 'ephemeral'; userId: string; message: StoredMessage }
  | { kind: 'modal'; userId: string; action: 'open' | 'push' | 'update' | 'errors' | 'close'; view: StoredView; errors?: Record<string, string> }
  | { kind: 'home'; userId: string; view: StoredView };

/**
 * What a faulty Slack does to one call.
 * - 429: refused with Retry-After; the method stays limited until it has passed.
 * - 5xx: refused; with `afterCommit` the method first does its work (the post
 *   reached Slack, the answer was lost).
 * - 'timeout': no answer for `ms` of real time; with `afterCommit` the method
 *   does its work first and the real answer follows the hang, otherwise a 504
 *   follows it and nothing was done.
 */
export type Fault =
  | { status: 429; retryAfter: number }
  | { status: 500 | 502 | 503; afterCommit?: boolean }
  /** HTTP 200 with `ok: false`: how Slack answers when it may have done part of the work. */
  | { status: 200; error: 'internal_error' | 'fatal_error' | 'service_unavailable' | 'request_timeout'; afterCommit?: boolean }
  | { status: 'timeout'; ms: number; afterCommit?: boolean };

/** One call as a fault policy sees it; `index` counts calls to the method from 0 (its position in callsTo(method)). */
export interface FaultCall {
  args: Record<string, unknown>;
  index: number;
}

/** Consulted for every call to a method, before injectFault's queue; undefined lets the call through (or to the queue). */
export type FaultPolicy = (call: FaultCall) => Fault | undefined;

/**
 * A method's `ok: false` answer. `extra.errors` (strings) becomes `errors` and
 * `response_metadata.messages`, as invalid_blocks answers; `extra.body` is
 * merged into the answer as it is (e.g. conversations.invite's per-user `errors`).
 */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: { errors?: unknown; body?: Record<string, unknown>; [key: string]: unknown } = {},
  ) {
    super(code);
  }
}
