import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

/** Slack waits this long for an envelope's ack, then counts the delivery as failed. */
export const ACK_TIMEOUT_MS = 3_000;
/** Slack allows an app this many open Socket Mode connections at once. */
export const MAX_CONNECTIONS = 10;
/** How long stop() lets a connection finish its close handshake before cutting it. */
const CLOSE_GRACE_MS = 1_000;
const LINK_PATH = '/link/';
const HOST = 'applink-emulator';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/** What Slack sends the app over the WebSocket for each slash command, interaction or event. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  /** True when Slack reads the ack's payload: slash commands, view submissions, options requests. */
  accepts_response_payload: boolean;
  /** Events API envelopes only. */
  retry_attempt?: number;
  retry_reason?: string;
}

/** Why Slack sends `disconnect`: a connection about to be recycled, a refresh it asks for, or Socket Mode turned off. */
export type DisconnectReason = 'warning' | 'refresh_requested' | 'link_disabled';

/**
 * How one envelope went: acked (with the ack's payload when Slack reads it),
 * not acked within ACK_TIMEOUT_MS, or never sent because no connection was open.
 */
export type AckOutcome =
  | { kind: 'acked'; payload: Record<string, unknown> | undefined }
  | { kind: 'timeout' }
  | { kind: 'no_connection' };

/** A frame the app sent with an envelope_id, as the emulator took it. */
export interface ReceivedAck {
  envelopeId: string;
  payload: unknown;
  /** False when it came after the ack window, for an envelope the emulator never sent, or twice. */
  accepted: boolean;
  /** Which connection it came over, numbered from 1 in the order they opened: which app process answered. */
  connection: number;
}

interface Connection {
  socket: WebSocket;
  /** 1 for the first connection the gateway accepted, and so on. */
  number: number;
  /** Sent `disconnect`: no new envelopes go to it. */
  retiring: boolean;
}

interface Pending {
  accepts: boolean;
  timer: NodeJS.Timeout;
  settle: (outcome: AckOutcome) => void;
}

/**
 * Slack's side of Socket Mode: apps.connections.open hands out one-time
 * WebSocket URLs, each connection is greeted with `hello`, and envelopes go to
 * the open connections in turn and wait up to three seconds for their ack.
 */
export class SocketModeGateway {
  /** Every frame with an envelope_id the app sent, in order. */
  readonly acks: ReceivedAck[] = [];
  private readonly server = new WebSocketServer({ noServer: true, clientTracking: false });
  private readonly tickets = new Set<string>();
  private readonly connections: Connection[] = [];
  private readonly pending = new Map<string, Pending>();
  private turn = 0;
  private opened = 0;

  constructor(private readonly appId: string) {}

  /** apps.connections.open: a URL that admits one connection. */
  issueUrl(baseUrl: string): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `${baseUrl.replace(/^http/, 'ws')}${LINK_PATH}?ticket=${ticket}&app_id=${this.appId}`;
  }

  /** The open connections that still take envelopes. */
  get openConnections(): number {
    return this.live().length;
  }

  /** The HTTP server's `upgrade` handler. A URL not issued, or already used, is refused with 401. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== LINK_PATH) return refuse(socket, 404, 'Not Found');
    if (!this.tickets.delete(ticket)) return refuse(socket, 401, 'Unauthorized');
    if (this.connections.length >= MAX_CONNECTIONS) return refuse(socket, 429, 'Too Many Requests');
    this.server.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /**
   * Sends an envelope to the next open connection and resolves when it is
   * acked, or as a timeout after ACK_TIMEOUT_MS, as Slack counts it.
   */
  deliver(type: EnvelopeType, payload: Record<string, unknown>): Promise<AckOutcome> {
    const live = this.live();
    if (live.length === 0) return Promise.resolve({ kind: 'no_connection' });
    const connection = live[this.turn++ % live.length] as Connection;
    const envelope: Envelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: acceptsResponsePayload(type, payload),
      ...(type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {}),
    };
    return new Promise<AckOutcome>((resolve) => {
      const settle = (outcome: AckOutcome) => {
        clearTimeout(this.pending.get(envelope.envelope_id)?.timer);
        this.pending.delete(envelope.envelope_id);
        resolve(outcome);
      };
      const timer = setTimeout(() => settle({ kind: 'timeout' }), ACK_TIMEOUT_MS);
      this.pending.set(envelope.envelope_id, { accepts: envelope.accepts_response_payload, timer, settle });
      connection.socket.send(JSON.stringify(envelope));
    });
  }

  /** Sends `disconnect` to every connection, as Slack does before recycling them; they take no new envelopes. */
  disconnectAll(reason: DisconnectReason = 'refresh_requested'): void {
    for (const connection of this.live()) {
      connection.retiring = true;
      connection.socket.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: HOST } }));
    }
  }

  /**
   * Closes every connection (a close handshake, cut short after a second) and
   * answers every envelope still waiting as a timeout, so nothing hangs.
   */
  async close(): Promise<void> {
    this.tickets.clear();
    for (const [, pending] of this.pending) pending.settle({ kind: 'timeout' });
    await Promise.all(this.connections.map(({ socket }) => closeGracefully(socket)));
    this.connections.length = 0;
  }

  private live(): Connection[] {
    return this.connections.filter((c) => !c.retiring && c.socket.readyState === c.socket.OPEN);
  }

  private accept(socket: WebSocket): void {
    this.opened += 1;
    const connection: Connection = { socket, number: this.opened, retiring: false };
    this.connections.push(connection);
    socket.on('message', (data, isBinary) => this.receive(data, isBinary, connection.number));
    socket.on('close', () => {
      const index = this.connections.indexOf(connection);
      if (index >= 0) this.connections.splice(index, 1);
    });
    // A client that vanishes mid-frame closes the socket; nothing more to do.
    socket.on('error', () => undefined);
    socket.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.live().length,
        debug_info: { host: HOST, build_number: 1, approximate_connection_time: 18_060 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  /** An ack is `{ envelope_id, payload? }`; Slack reads the payload only where the envelope said it would. */
  private receive(data: RawData, isBinary: boolean, connection: number): void {
    if (isBinary) return;
    let frame: { envelope_id?: unknown; payload?: unknown };
    try {
      frame = JSON.parse(rawText(data)) as typeof frame;
    } catch {
      return;
    }
    if (typeof frame !== 'object' || frame === null || typeof frame.envelope_id !== 'string') return;
    const pending = this.pending.get(frame.envelope_id);
    this.acks.push({ envelopeId: frame.envelope_id, payload: frame.payload, accepted: pending !== undefined, connection });
    if (!pending) return;
    const payload = isObject(frame.payload) && Object.keys(frame.payload).length > 0 ? frame.payload : undefined;
    pending.settle({ kind: 'acked', payload: pending.accepts ? payload : undefined });
  }
}

/** Slack reads the ack of slash commands, view submissions and options requests; a button's or an event's ack carries nothing. */
function acceptsResponsePayload(type: EnvelopeType, payload: Record<string, unknown>): boolean {
  if (type === 'slash_commands') return true;
  if (type === 'interactive') return payload.type === 'view_submission' || payload.type === 'block_suggestion';
  return false;
}

function refuse(socket: Duplex, status: number, text: string): void {
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

function closeGracefully(socket: WebSocket): Promise<void> {
  if (socket.readyState === socket.CLOSED) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => socket.terminate(), CLOSE_GRACE_MS);
    socket.once('close', () => {
      clearTimeout(cut);
      resolve();
    });
    if (socket.readyState === socket.OPEN) socket.close(1001, 'going away');
  });
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
