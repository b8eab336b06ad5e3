import { afterEach } from 'vitest';
import { runCleanups } from './processes.js';

/*
 * A setup file, so the hook is registered for every test file. Test files
 * share a worker's module cache (isolate: false), so a hook registered when
 * processes.ts is first imported would belong to that one file, and the
 * cleanups of every later file in the worker (its processes, emulators and
 * temporary folders) would never run.
 */
afterEach(runCleanups);
