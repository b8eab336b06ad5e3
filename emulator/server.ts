import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { UserActor } from './actors.js';
import { validateBlocks } from './blockKit.js';
import { ApiError, type EmulatedUser, type Fault, type RecordedCall, type StoredMessage, type VisibleEvent } from './state.js';
import { BOT, Workspace } from './webApi.js';

export interface EmulatorOptions {
  botToken: string;
  signingSecret: string;
  users?: EmulatedUser[];
  /** Public or private channels the bot is a member of. */
  channels?: { id: string; name: string; members?: string[] }[];
  /** The emulator's clock in epoch ms; tests move it to expire triggers or age signatures. */
  now?: () => number;
  /**
   * Enforce Slack's posting limit: about one chat.postMessage per second per
   * conversation. A faster post gets 429 with Retry-After. Off unless set.
   */
  postMessagePerChannelMs?: number;
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
  /** Where the app listens for Slack's requests, e.g. http://127.0.0.1:3000/slack/events. */
  appUrl = '';
  readonly now: () => number;
  private server: Server | undefined;
  private readonly faults = new Map<string, Fault[]>();
  private readonly rateLimitedUntil = new Map<string, number>();
  private readonly lastPostTo = new Map<string, number>();
  private readonly responseUrls = new Map<string, ResponseUrl>();

  constructor(readonly options: EmulatorOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.workspace = new Workspace(this.now, (event) => this.show(event), () => `${this.baseUrl}/upload/`);
    for (const user of options.users ?? []) this.addUser(user);
    for (const channel of options.channels ?? []) {
      this.workspace.channels.set(channel.id, {
        id: channel.id,
        name: channel.name,
        kind: 'channel',
        members: [...(channel.members ?? []), BOT.userId],
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

  async start(port = 0): Promise<this> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    this.server = undefined;
  }

  addUser(user: EmulatedUser): void {
    this.workspace.users.set(user.id, user);
  }

  user(id: string): UserActor {
    this.workspace.requireUser(id);
    return new UserActor(this, id);
  }

  /** The next `times` calls to `method` fail with the given HTTP fault. */
  injectFault(method: string, fault: Fault, times = 1): void {
    const queue = this.faults.get(method) ?? [];
    for (let i = 0; i < times; i += 1) queue.push(fault);
    this.faults.set(method, queue);
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

  channelMessages(channelId: string): StoredMessage[] {
    return this.workspace.messages.filter((m) => m.channel === channelId && !m.visibleTo && !m.deleted);
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
    const record = (status: number, ok: boolean, error?: string) => {
      const call: RecordedCall = { method, args, ok, error, status, at: this.now() };
      this.calls.push(call);
      this.emit('call', call);
    };
    // Like Slack, a rate-limited method stays limited until Retry-After has
    // passed: a client that retries early is refused again.
    const blockedFor = (this.rateLimitedUntil.get(method) ?? 0) - this.now();
    const fault: Fault | undefined = blockedFor > 0 ? { status: 429, retryAfter: Math.ceil(blockedFor / 1000) } : this.faults.get(method)?.shift();
    if (fault?.status === 429 && blockedFor <= 0) this.rateLimitedUntil.set(method, this.now() + fault.retryAfter * 1000);
    const pace = this.options.postMessagePerChannelMs;
    if (!fault && pace && method === 'chat.postMessage' && typeof args.channel === 'string') {
      const last = this.lastPostTo.get(args.channel);
      if (last !== undefined && this.now() - last < pace) {
        const retryAfter = Math.max(1, Math.ceil((pace - (this.now() - last)) / 1000));
        record(429, false, 'ratelimited');
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(retryAfter) }).end(JSON.stringify({ ok: false, error: 'ratelimited' }));
        return;
      }
      this.lastPostTo.set(args.channel, this.now());
    }
    if (fault) {
      record(fault.status, false, fault.status === 429 ? 'ratelimited' : 'internal_error');
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (fault.status === 429) headers['retry-after'] = String(fault.retryAfter);
      res.writeHead(fault.status, headers).end(JSON.stringify({ ok: false, error: fault.status === 429 ? 'ratelimited' : 'internal_error' }));
      return;
    }
    const reply = (status: number, payload: Record<string, unknown>) => {
      record(status, payload.ok === true, typeof payload.error === 'string' ? payload.error : undefined);
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(payload));
    };
    const token = (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '') || (typeof args.token === 'string' ? args.token : '');
    if (!token) return reply(200, { ok: false, error: 'not_authed' });
    if (token !== this.options.botToken) return reply(200, { ok: false, error: 'invalid_auth' });
    const handler = this.workspace.methods[method];
    if (!handler) return reply(404, { ok: false, error: 'unknown_method' });
    try {
      reply(200, { ok: true, ...handler(args) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const detail = Array.isArray(error.extra.errors) ? { errors: error.extra.errors, response_metadata: { messages: error.extra.errors } } : {};
      reply(200, { ok: false, error: error.code, ...detail });
    }
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
      original.deleted = true;
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
