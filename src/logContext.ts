import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * What a log line is part of: a job run (`job`, `slot`) or a request from
 * Slack (`requestId`). Set once where the work starts and read by the
 * logger, so every line written while it runs, in any module, carries it.
 */
export interface LogContext {
  requestId?: string;
  job?: string;
  slot?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

export function withLogContext<T>(context: LogContext, work: () => T): T {
  return storage.run({ ...storage.getStore(), ...context }, work);
}

export function currentLogContext(): LogContext {
  return storage.getStore() ?? {};
}
