import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export { ROOT, runScript, type Script } from './spawnScript.js';

/** Cleanup steps registered during a test, run in reverse after it (test/support/afterEachCleanup.ts runs them). */
const cleanup: (() => void | Promise<void>)[] = [];

export async function runCleanups(): Promise<void> {
  for (const step of cleanup.splice(0).reverse()) await step();
}

export function onCleanup(step: () => void | Promise<void>): void {
  cleanup.push(step);
}

export function tempDir(prefix = 'mentoring-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

