import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/* Starting the project's own entry points as processes, outside vitest too (the benchmarks use it). */

export const ROOT = resolve(import.meta.dirname, '../..');
// `node --import <tsx loader>` runs TypeScript in this very process, so killing it kills the program (the tsx binary would leave a child behind).
const TSX_LOADER = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;

export type Script = ChildProcess & {
  /** stdout and stderr, interleaved by arrival. */
  output(): string;
  stdoutText(): string;
  stderrText(): string;
  exited: Promise<number | null>;
};

/**
 * Runs one of the project's TypeScript entry points as its own process, with
 * only PATH and the given variables, in `cwd` (so no developer .env leaks in).
 */
export function runScript(relativeEntry: string, args: string[], env: Record<string, string>, cwd: string): Script {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, join(ROOT, relativeEntry), ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let all = '';
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => ((stdout += d.toString()), (all += d.toString())));
  child.stderr.on('data', (d: Buffer) => ((stderr += d.toString()), (all += d.toString())));
  const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
  return Object.assign(child, { output: () => all, stdoutText: () => stdout, stderrText: () => stderr, exited });
}

/** A port nothing listens on right now, for a process to listen on. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}
