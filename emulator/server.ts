import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { type SlackUser, type SuggestedOption, UserActor } from './actors.js';
import { validateBlocks } from './blockKit.js';
import { type BotIdentity, DEFAULT_BOT, DEFAULT_TEAM, type TeamIdentity } from './identity.js';
import { SocketModeGateway } from './socketMode.js';
import {
  ApiError,
  type ChannelState,
  type EmulatedChannel,
  type EmulatedUser,
  type Fault,
  type FaultPolicy,
  type RecordedCall,
  type StoredMessage,
  type VisibleEvent,
} from './state.js';
import { Workspace } from './webApi.js';

export interface EmulatorOptions {
  botToken: string;
  signingSecret: string;
  /**
   * The app-level token (xapp-…) of an app with Socket Mode turned on. Then
   * apps.connections.open takes it, and every slash command, interaction and
   * event goes to the app as an envelope over its WebSocket instead of as a
   * signed request to appUrl. Unset: the app is reached over HTTP.
   */
  appToken?: string;
  users?: EmulatedUser[];
  /**
   * Public or private channels. The bot is a member unless `botIsMember` is
   * false; a private channel it is not in is invisible to it (channel_not_found).
   */
  channels?: { id: string; name: string; members?: string[]; botIsMember?: boolean; isPrivate?: boolean; archived?: boolean }[];
  /** The emulator's clock in epoch ms; tests move it to expire triggers or age signatures. */
  now?: () => number;
  /**
   * Enforce Slack's posting limit: about one chat.postMessage per second per
   * conversation. A faster post gets 429 with Retry-After. Off unless set.
   */
  postMessagePerChannelMs?: number;
  /** The workspace the app is installed in; DEFAULT_TEAM unless set. */
  team?: TeamIdentity;
  /** The app's bot user; DEFAULT_BOT unless set. */
  bot?: BotIdentity;
  /**
   * The scopes the bot token was granted, which Slack reports on every call
   * in the x-oauth-scopes header: what the app under test was installed
   * with (none unless set, as for an app whose manifest asks for nothing).
   */
  botScopes?: readonly string[];
}

interface ResponseUrl {
  userId: string;
  channel: string;
  /** The message the interaction came from, for replace_original. */
  messageTs?: string;
  uses: number;
  issuedAt: number;
}

const RESPONSE_URL_TTL_MS = 30 * 60_000;
const RESPONSE_URL_MAX_USES = 5;

/**
 * A local stand-in for Slack, on loopback: the Web API the app calls, and the
 * users who send it slash commands, clicks, submissions and events.
 */
export class SlackEmulator extends EventEmitter<{ visible: [VisibleEvent]; call: [RecordedCall] }> {
  readonly calls: RecordedCall[] = [];
  readonly visible: VisibleEvent[] = [];
  readonly workspace: Workspace;
  /** Slack's end of Socket Mode: the app's WebSocket connections and the envelopes waiting for their ack. */
  readonly socketMode: SocketModeGateway;
  /** Where the app listens for Slack's requests, e.g. http://127.0.0.1:3000/slack/events. */
  appUrl = '';
  readonly now: () => number;
  readonly team: TeamIdentity;
  readonly bot: BotIdentity;
  private server: Server | undefined;
  private readonly faults = new Map<string, Fault[]>();
  private readonly rateLimitedUntil = new Map<string, number>();
  private readonly lastPostTo = new Map<string, number>();
  private readonly responseUrls = new Map<string, ResponseUrl>();
  private readonly policies = new Map<string, FaultPolicy>();
  private readonly callCounts = new Map<string, number>();
  private readonly hangs = new Set<NodeJS.Timeout>();
  /** Per person, per action_id: the options the app served to their external selects. */
  private readonly served = new Map<string, Map<string, Map<string, SuggestedOption>>>();

  /** What the bot token may do, as Slack lists it on every answer. */
  readonly grantedScopes: readonly string[];

  constructor(readonly options: EmulatorOptions) {
    super();
    this.grantedScopes = options.botScopes ?? [];
    this.now = options.now ?? Date.now;
    this.team = options.team ?? DEFAULT_TEAM;
    this.bot = options.bot ?? DEFAULT_BOT;
    this.workspace = new Workspace(this.now, (event) => this.show(event), () => `${this.baseUrl}/upload/`, this.team, this.bot);
    this.socketMode = new SocketModeGateway(this.bot.appId);
    for (const user of options.users ?? []) this.addUser(user);
    for (const channel of options.channels ?? []) {
      const members = (channel.members ?? []).filter((m) => m !== this.bot.userId);
      this.workspace.channels.set(channel.id, {
        id: channel.id,
        name: channel.name,
        kind: 'channel',
        members: channel.botIsMember === false ? members : [...members, this.bot.userId],
        ...(channel.isPrivate ? { isPrivate: true } : {}),
        ...(channel.archived ? { archived: true } : {}),
      });
    }
  }

  get baseUrl(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('emulator is not running');
    return `http://127.0.0.1:${address.port}`;
  }

  /** The value for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.baseUrl}/api/`;
  }

  /** Whether the app receives over Socket Mode (an app token was given) rather than at appUrl. */
  get socketModeEnabled(): boolean {
    return Boolean(this.options.appToken);
  }

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
    this.server.on('upgrade', (req, socket, head) => this.socketMode.handleUpgrade(req, socket, head));
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    for (const hang of this.hangs) clearTimeout(hang);
    this.hangs.clear();
    // Upgraded sockets are no longer the HTTP server's to close.
    await this.socketMode.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  addUser(user: EmulatedUser): void {
    // A copy: deactivating someone here must not reach the caller's object, nor the next emulator built from it.
    this.workspace.users.set(user.id, { ...user });
  }

  /** A person already in the workspace, to act as them. */
  user(id: string): SlackUser {
    this.workspace.requireUser(id);
    return new UserActor(this, id);
  }

  /** The next `times` calls to `method` fail with the given HTTP fault. */
  injectFault(method: string, fault: Fault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
  }

  /**
   * Consults `policy` for every call to `method` (before injectFault's queue)
   * until cleared with undefined, e.g. an outage: `() => ({ status: 503 })`.
   */
  setFaultPolicy(method: string, policy: FaultPolicy | undefined): void {
    if (policy) this.policies.set(method, policy);
    else this.policies.delete(method);
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** What a user currently sees in their DM with the bot, oldest first, ephemerals included. */
  messagesFor(userId: string): StoredMessage[] {
    const dm = this.workspace.imFor(userId).id;
    return this.workspace.messages.filter(
      (m) => !m.deleted && (m.visibleTo === userId || (m.channel === dm && !m.visibleTo)),
    );
  }

  /**
   * A conversation's state (name, privacy, archived, members, topic, purpose),
   * e.g. a circle's channel the app created; undefined when there is none.
   */
  channel(id: string): ChannelState | undefined {
    const channel = this.workspace.channels.get(id);
    return channel && this.channelState(channel);
  }

  /** The channel (public or private, archived or not) with this name, if any; names are unique among channels. */
  channelNamed(name: string): ChannelState | undefined {
    const channel = [...this.workspace.channels.values()].find((c) => c.kind === 'channel' && c.name === name);
    return channel && this.channelState(channel);
  }

  channelMessages(channelId: string): StoredMessage[] {
    return this.workspace.messages.filter((m) => m.channel === channelId && !m.visibleTo && !m.deleted);
  }

  /** A conversation's messages, oldest first, without ephemerals; deleted ones too when asked. */
  messagesIn(channelId: string, options: { includeDeleted?: boolean } = {}): StoredMessage[] {
    return this.workspace.messages.filter((m) => m.channel === channelId && !m.visibleTo && (options.includeDeleted || !m.deleted));
  }

  /** The options the app has served this person's external select with this action_id (via SlackUser.suggest). */
  optionsServed(userId: string, actionId: string): SuggestedOption[] {
    return [...(this.served.get(userId)?.get(actionId)?.values() ?? [])];
  }

  /** Remembers options the app served, so a later submit() can pick only those. */
  rememberServed(userId: string, actionId: string, options: SuggestedOption[]): void {
    const byAction = this.served.get(userId) ?? new Map<string, Map<string, SuggestedOption>>();
    const known = byAction.get(actionId) ?? new Map<string, SuggestedOption>();
    for (const option of options) known.set(option.value, option);
    byAction.set(actionId, known);
    this.served.set(userId, byAction);
  }

  issueResponseUrl(userId: string, channel: string, messageTs?: string): string {
    const id = randomUUID();
    this.responseUrls.set(id, { userId, channel, messageTs, uses: 0, issuedAt: this.now() });
    return `${this.baseUrl}/response/${id}`;
  }

  show(event: VisibleEvent): void {
    this.visible.push(event);
    this.emit('visible', event);
  }

  private channelState(channel: EmulatedChannel): ChannelState {
    return {
      id: channel.id,
      name: channel.name,
      kind: channel.kind,
      isPrivate: channel.kind !== 'channel' || Boolean(channel.isPrivate),
      archived: Boolean(channel.archived),
      members: channel.members.filter((m) => m !== this.bot.userId),
      botIsMember: channel.members.includes(this.bot.userId),
      topic: channel.topic?.value ?? '',
      purpose: channel.purpose?.value ?? '',
      ...(channel.created === undefined ? {} : { created: channel.created }),
      ...(channel.creator === undefined ? {} : { creator: channel.creator }),
    };
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const body = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) return this.handleApi(url.pathname.slice(5), req, body, res);
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) return this.handleResponseUrl(url.pathname.slice(10), body, res);
    if (req.method === 'POST' && url.pathname.startsWith('/upload/')) {
      const accepted = this.workspace.acceptUpload(url.pathname.slice(8), extractUpload(req, body));
      res.writeHead(accepted ? 200 : 404, { 'content-type': 'text/plain' }).end(accepted ? 'OK' : 'file_not_found');
      return;
    }
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: false, error: 'unknown_method' }));
  }

  private handleApi(method: string, req: IncomingMessage, body: Buffer, res: ServerResponse): void {
    const args = parseArgs(req, body);
    const index = this.callCounts.get(method) ?? 0;
    this.callCounts.set(method, index + 1);
    const record = (status: number, ok: boolean, error?: string, extra: Partial<RecordedCall> = {}): RecordedCall => {
      const call: RecordedCall = { method, args, ok, error, status, at: this.now(), ...extra };
      this.calls.push(call);
      this.emit('call', call);
      return call;
    };
    const send = (status: number, payload: Record<string, unknown>, headers: Record<string, string> = {}): void => {
      if (res.destroyed || res.writableEnded) return;
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(payload));
    };
    // Like Slack, a rate-limited method stays limited until Retry-After has
    // passed: a client that retries early is refused again.
    const blockedFor = (this.rateLimitedUntil.get(method) ?? 0) - this.now();
    const policyFault = this.policies.get(method)?.({ args, index });
    const fault: Fault | undefined =
      blockedFor > 0 ? { status: 429, retryAfter: Math.ceil(blockedFor / 1000) } : (policyFault ?? this.faults.get(method)?.shift());
    if (fault?.status === 429 && blockedFor <= 0) this.rateLimitedUntil.set(method, this.now() + fault.retryAfter * 1000);
    // An afterCommit fault lets the call reach the method, so it is paced like any other.
    const commits = fault === undefined || ('afterCommit' in fault && fault.afterCommit === true);
    const pace = this.options.postMessagePerChannelMs;
    if (commits && pace && method === 'chat.postMessage' && typeof args.channel === 'string') {
      const last = this.lastPostTo.get(args.channel);
      if (last !== undefined && this.now() - last < pace) {
        const retryAfter = Math.max(1, Math.ceil((pace - (this.now() - last)) / 1000));
        record(429, false, 'ratelimited');
        send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
        return;
      }
      this.lastPostTo.set(args.channel, this.now());
    }
    if (fault && !commits) {
      if (fault.status === 'timeout') {
        const call = record(504, false, 'request_timeout', { fault });
        this.hang(fault.ms, res, call, () => send(504, { ok: false, error: 'request_timeout' }));
        return;
      }
      const error = fault.status === 429 ? 'ratelimited' : fault.status === 200 ? fault.error : 'internal_error';
      record(fault.status, false, error, { fault });
      send(fault.status, { ok: false, error }, fault.status === 429 ? { 'retry-after': String(fault.retryAfter) } : {});
      return;
    }
    const { status, payload } = this.invoke(method, req, args);
    const ok = payload.ok === true;
    const error = typeof payload.error === 'string' ? payload.error : undefined;
    if (!fault) {
      record(status, ok, error);
      send(status, payload, ok ? { 'x-oauth-scopes': this.grantedScopes.join(',') } : {});
    } else if (fault.status === 'timeout') {
      // The work is done; the answer comes only after the hang.
      const call = record(status, ok, error, { fault, committed: ok });
      this.hang(fault.ms, res, call, () => send(status, payload));
    } else {
      // The work is done, and the answer is lost.
      const lost = fault.status === 200 ? fault.error : 'internal_error';
      record(fault.status, false, lost, { fault, committed: ok });
      send(fault.status, { ok: false, error: lost });
    }
  }

  /** Authenticates and runs the method: the answer Slack would give when nothing goes wrong in transit. */
  private invoke(method: string, req: IncomingMessage, args: Record<string, unknown>): { status: number; payload: Record<string, unknown> } {
    const bearer = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '');
    if (method === 'apps.connections.open') return this.openConnection(bearer);
    const token = bearer || (typeof args.token === 'string' ? args.token : '');
    if (!token) return { status: 200, payload: { ok: false, error: 'not_authed' } };
    // An app-level token opens Socket Mode connections and nothing else.
    if (this.options.appToken && token === this.options.appToken) return { status: 200, payload: { ok: false, error: 'not_allowed_token_type' } };
    if (token !== this.options.botToken) return { status: 200, payload: { ok: false, error: 'invalid_auth' } };
    const handler = this.workspace.methods[method];
    if (!handler) return { status: 404, payload: { ok: false, error: 'unknown_method' } };
    try {
      return { status: 200, payload: { ok: true, ...handler(args) } };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const detail = Array.isArray(error.extra.errors) ? { errors: error.extra.errors, response_metadata: { messages: error.extra.errors } } : {};
      return { status: 200, payload: { ok: false, error: error.code, ...detail, ...error.extra.body } };
    }
  }

  /**
   * apps.connections.open: only the app-level token, and only in the
   * Authorization header, as Slack documents; a bot token is the wrong kind.
   */
  private openConnection(token: string): { status: number; payload: Record<string, unknown> } {
    if (!token) return { status: 200, payload: { ok: false, error: 'not_authed' } };
    if (token === this.options.botToken) return { status: 200, payload: { ok: false, error: 'not_allowed_token_type' } };
    if (!this.options.appToken || token !== this.options.appToken) return { status: 200, payload: { ok: false, error: 'invalid_auth' } };
    return { status: 200, payload: { ok: true, url: this.socketMode.issueUrl(this.baseUrl) } };
  }

  /** Holds the answer for `ms` of real time; a client that gives up first is noted, not an error. */
  private hang(ms: number, res: ServerResponse, call: RecordedCall, answer: () => void): void {
    res.once('close', () => {
      if (!res.writableFinished) call.clientGone = true;
    });
    const timer = setTimeout(() => {
      this.hangs.delete(timer);
      if (res.destroyed || res.writableEnded) {
        call.clientGone = true;
        return;
      }
      answer();
    }, ms);
    this.hangs.add(timer);
  }

  /** response_url: ephemeral by default, replace_original edits the source message. */
  private handleResponseUrl(id: string, body: Buffer, res: ServerResponse): void {
    const entry = this.responseUrls.get(id);
    const fail = (status: number, error: string): void => void res.writeHead(status, { 'content-type': 'text/plain' }).end(error);
    if (!entry) return fail(404, 'no_such_url');
    if (this.now() - entry.issuedAt > RESPONSE_URL_TTL_MS || entry.uses >= RESPONSE_URL_MAX_USES) return fail(404, 'expired_url');
    entry.uses += 1;
    let payload: { text?: string; blocks?: unknown[]; response_type?: string; replace_original?: boolean; delete_original?: boolean };
    try {
      payload = JSON.parse(body.toString('utf8')) as typeof payload;
    } catch {
      return fail(400, 'invalid_payload');
    }
    const original = entry.messageTs
      ? this.workspace.messages.find((m) => m.channel === entry.channel && m.ts === entry.messageTs)
      : undefined;
    if (payload.delete_original && original) {
      if (!original.deleted) {
        original.deleted = true;
        const channel = this.workspace.channels.get(original.channel);
        const audience = original.visibleTo ? [original.visibleTo] : channel ? this.workspace.audience(channel) : [];
        this.show({ kind: 'delete', channel: original.channel, audience, message: original });
      }
      return void res.writeHead(200).end('ok');
    }
    if (payload.replace_original && original?.visibleTo) {
      // Ephemeral messages can only be replaced through their response_url.
      const errors = payload.blocks ? validateBlocks(payload.blocks) : [];
      if (errors.length) return fail(400, 'invalid_blocks');
      original.text = payload.text ?? '';
      original.blocks = payload.blocks;
      this.show({ kind: 'ephemeral', userId: original.visibleTo, message: original });
      return void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    }
    const method = payload.replace_original && original ? 'chat.update' : payload.response_type === 'in_channel' ? 'chat.postMessage' : 'chat.postEphemeral';
    try {
      const args = { channel: entry.channel, user: entry.userId, ts: original?.ts, text: payload.text, blocks: payload.blocks };
      (this.workspace.methods[method] as (a: Record<string, unknown>) => unknown)(args);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      fail(400, error.code);
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseArgs(req: IncomingMessage, body: Buffer): Record<string, unknown> {
  const type = req.headers['content-type'] ?? '';
  const text = body.toString('utf8');
  if (type.includes('application/json')) return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  return Object.fromEntries(new URLSearchParams(text));
}

/** The upload URL takes the raw bytes, or a multipart body with one file part. */
function extractUpload(req: IncomingMessage, body: Buffer): Buffer {
  const type = req.headers['content-type'] ?? '';
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  if (!type.startsWith('multipart/') || !boundary) return body;
  const marker = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const start = body.indexOf(marker);
  const headerEnd = body.indexOf('\r\n\r\n', start);
  const end = body.indexOf(marker, headerEnd);
  if (start < 0 || headerEnd < 0 || end < 0) return body;
  return body.subarray(headerEnd + 4, end - 2);
}

