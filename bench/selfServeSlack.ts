import { performance } from 'node:perf_hooks';
import { type EmulatedUser, type RecordedCall, SlackEmulator, type VisibleEvent } from '../emulator/index.js';
import { BOT_SCOPES } from '../src/startupChecks.js';

/**
 * Slack's side of bench/selfServeLoad.ts, in a process of its own as Slack is
 * on its own machines: the emulator, and the people who run `/mentor match` on
 * a schedule. It times each request from sending it to the app's ack and to
 * the answer (the suggestions DM reaching chat.postMessage, or the reply that
 * says why there are none), and sends the figures back over IPC.
 */

export type ToSlack =
  | { kind: 'start'; botToken: string; signingSecret: string; users: EmulatedUser[] }
  | { kind: 'run'; appUrl: string; askers: string[]; warmUp: number; rate: number; seconds: number };

export interface Timing {
  userId: string;
  ack: number;
  acked: boolean;
  /** From sending the command to the suggestions DM, when there was one. */
  dm?: number;
  /** From sending the command to the reply saying why there is nobody to suggest. */
  none?: number;
}

export type FromSlack =
  | { kind: 'started'; apiUrl: string }
  | { kind: 'cold'; timing: Timing }
  | { kind: 'measuring' }
  | { kind: 'measured'; timings: Timing[]; wallMs: number };

const send = (message: FromSlack) => process.send?.(message);
const ANSWER_WAIT_MS = 10_000;
let emulator: SlackEmulator;

async function run(plan: Extract<ToSlack, { kind: 'run' }>): Promise<void> {
  emulator.appUrl = plan.appUrl;
  const dmOf = new Map(plan.askers.map((id) => [emulator.workspace.imFor(id).id, id]));
  const asked = new Map<string, number>();
  const answers = new Map<string, { at: number; dm: boolean }>();
  const answer = (userId: string | undefined, dm: boolean) => {
    if (userId && asked.has(userId) && !answers.has(userId)) answers.set(userId, { at: performance.now(), dm });
  };
  emulator.on('call', (call: RecordedCall) => {
    if (call.method === 'chat.postMessage' && call.ok) answer(dmOf.get(String(call.args.channel)), true);
  });
  // The ack says "Looking for…"; the reply that replaces it without a DM says why nobody is suggested.
  emulator.on('visible', (event: VisibleEvent) => {
    if (event.kind === 'ephemeral' && !event.message.text.startsWith('Looking for') && !event.message.text.startsWith("I've sent you")) answer(event.userId, false);
  });

  let next = 0;
  const ask = async (): Promise<{ userId: string; sent: number; ack: number; acked: boolean }> => {
    const userId = plan.askers[next++ % plan.askers.length] as string;
    answers.delete(userId);
    const sent = performance.now();
    asked.set(userId, sent);
    const delivery = await emulator.user(userId).slash('/mentor match');
    return { userId, sent, ack: performance.now() - sent, acked: delivery.status === 200 };
  };
  const answered = async (r: Awaited<ReturnType<typeof ask>>, within: number): Promise<Timing> => {
    const until = performance.now() + within;
    while (!answers.has(r.userId) && performance.now() < until) await new Promise((done) => setTimeout(done, 5));
    const a = answers.get(r.userId);
    return { userId: r.userId, ack: r.ack, acked: r.acked, ...(a ? { [a.dm ? 'dm' : 'none']: a.at - r.sent } : {}) };
  };

  send({ kind: 'cold', timing: await answered(await ask(), 120_000) });
  for (let i = 1; i < plan.warmUp; i += 1) await answered(await ask(), ANSWER_WAIT_MS);

  send({ kind: 'measuring' });
  const total = Math.round(plan.rate * plan.seconds);
  const started = performance.now();
  const requests: Promise<Timing>[] = [];
  for (let i = 0; i < total; i += 1) {
    // Each request at its own moment on the schedule, however long the ones before took.
    const due = started + (i * 1000) / plan.rate;
    await new Promise((done) => setTimeout(done, Math.max(0, due - performance.now())));
    requests.push(ask().then((r) => answered(r, ANSWER_WAIT_MS)));
  }
  const timings = await Promise.all(requests);
  send({ kind: 'measured', timings, wallMs: performance.now() - started });
}

process.on('message', (message: ToSlack) => {
  if (message.kind === 'start') {
    emulator = new SlackEmulator({ botToken: message.botToken, signingSecret: message.signingSecret, botScopes: BOT_SCOPES, users: message.users });
    void emulator.start().then(() => send({ kind: 'started', apiUrl: emulator.apiUrl }));
  } else {
    run(message).catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
  }
});
process.on('disconnect', () => void emulator?.stop().then(() => process.exit(0)));
