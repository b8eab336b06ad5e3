import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { parse as parseQueryString } from 'node:querystring';
import { type BufferedIncomingMessage, defaultBodyLimit, HTTPModuleFunctions, type HTTPReceiver, verifySlackRequest } from '@slack/bolt';
import type { Logger } from './logger.js';

/** Slack's own replay window, applied in both directions. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
// Bolt compares the content type exactly; anything else, even with a charset, it parses as JSON.
const FORM = 'application/x-www-form-urlencoded';

export interface RequestGuardOptions {
  signingSecret: string;
  /** The receiver's event paths; every other route goes straight through, unread. */
  endpoints: string[];
  logger: Logger;
  /** Bytes; Bolt's own limit unless told otherwise, so both refuse the same bodies. */
  bodyLimit?: number;
  /** Milliseconds since the epoch; tests pin it to check the window's edges. */
  now?: () => number;
}

class Refusal extends Error {
  constructor(
    readonly status: 400 | 401 | 413,
    reason: string,
  ) {
    super(reason);
  }
}

/**
 * Puts the guard in front of an HTTPReceiver. Bolt's server calls
 * `this.requestListener` per request, so swapping the property is enough.
 */
export function guardReceiver(receiver: HTTPReceiver, options: RequestGuardOptions): HTTPReceiver {
  receiver.requestListener = guardSlackRequests(receiver.requestListener, options);
  return receiver;
}

/**
 * Lets through to Bolt only deliveries it can handle: authentic, inside the
 * replay window, and a JSON object. Bolt parses the body inside a promise nobody
 * awaits and then reads a property of it, so a signed `payload=null` rejected
 * unhandled and killed the process; Bolt also never refuses a future timestamp.
 */
export function guardSlackRequests(next: RequestListener, options: RequestGuardOptions): RequestListener {
  return (req, res) => {
    const path = deliveryPath(req, options.endpoints);
    if (path === undefined) return next(req, res);
    admitThenHandOn(req, res, next, options, path).catch((error: unknown) => {
      options.logger.error(`the request guard failed on ${path}:`, error);
      if (!res.headersSent) res.writeHead(500).end();
    });
  };
}

/** The path when Bolt would treat the request as a Slack delivery, matched the way Bolt matches it. */
function deliveryPath(req: IncomingMessage, endpoints: string[]): string | undefined {
  if (req.method?.toUpperCase() !== 'POST') return undefined;
  try {
    const { pathname } = new URL(req.url ?? '', 'http://localhost');
    return endpoints.includes(pathname) ? pathname : undefined;
  } catch {
    // Bolt fails the same URL synchronously and its dispatch error handler answers.
    return undefined;
  }
}

async function admitThenHandOn(req: IncomingMessage, res: ServerResponse, next: RequestListener, options: RequestGuardOptions, path: string): Promise<void> {
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await admit(req, options);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    options.logger.warn(`refused a request to ${path}: ${error.message}`);
    res.writeHead(error.status).end();
    return;
  }
  // Bolt's bufferIncomingMessage reuses a request whose rawBody is already a Buffer.
  next(buffered, res);
}

async function admit(req: IncomingMessage, options: RequestGuardOptions): Promise<BufferedIncomingMessage> {
  const rawBody = await readBody(req, options.bodyLimit ?? defaultBodyLimit);
  const buffered = Object.assign(req, { rawBody });
  // Slack's ssl_check is unsigned; Bolt answers it and discards everything else in the body.
  if (isSslCheck(buffered)) return buffered;
  verifySignature(buffered, options);
  requireJsonObject(buffered);
  return buffered;
}

function isSslCheck(req: BufferedIncomingMessage): boolean {
  return req.headers['content-type'] === FORM && parseQueryString(req.rawBody.toString()).ssl_check === '1';
}

/** Bolt's check (signature, staleness) against our clock, plus the future half of the window it leaves open. */
function verifySignature(req: BufferedIncomingMessage, options: RequestGuardOptions): void {
  const nowMs = (options.now ?? Date.now)();
  let timestamp: number;
  try {
    timestamp = Number(HTTPModuleFunctions.getHeader(req, 'x-slack-request-timestamp'));
    const signature = HTTPModuleFunctions.getHeader(req, 'x-slack-signature');
    verifySlackRequest({
      signingSecret: options.signingSecret,
      body: req.rawBody.toString(),
      headers: { 'x-slack-signature': signature, 'x-slack-request-timestamp': timestamp },
      nowMilliseconds: nowMs,
    });
  } catch (error) {
    throw new Refusal(401, (error as Error).message);
  }
  const ahead = timestamp - Math.floor(nowMs / 1000);
  if (ahead > MAX_CLOCK_SKEW_SECONDS) {
    throw new Refusal(401, `x-slack-request-timestamp is ${ahead} s ahead of this server's clock (at most ${MAX_CLOCK_SKEW_SECONDS} s allowed)`);
  }
}

/** Parses the body exactly as Bolt will, and refuses anything that is not an object. */
function requireJsonObject(req: BufferedIncomingMessage): void {
  const what = req.headers['content-type'] === FORM ? "the form's payload field" : 'the JSON body';
  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(req);
  } catch (error) {
    throw new Refusal(400, `${what} is not valid JSON (${(error as Error).message})`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Refusal(400, `${what} is ${kindOf(body)}, not a JSON object`);
  }
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/**
 * Buffers the body up to `limit` bytes. Past it, refuses at once and lets the
 * rest drain unread, so the sender still gets its 413 and memory stays bounded.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new Refusal(413, `the body is larger than ${limit} bytes`);
  if (Number(req.headers['content-length']) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // A promise settles once: after the first refusal, later calls change nothing.
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      chunks.length = 0;
      reject(tooLarge());
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', (error) => reject(new Refusal(400, `the body broke off while being read (${error.message})`)));
    req.on('close', () => reject(new Refusal(400, 'the sender closed the connection before the body was complete')));
  });
}
