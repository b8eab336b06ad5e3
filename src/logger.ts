import type { Logger } from '@slack/logger';
import { LogLevel } from '@slack/logger';
import { type DestinationStream, pino, stdTimeFunctions } from 'pino';
import type { Config } from './config.js';
import { currentLogContext } from './logContext.js';

export type { Logger };

const levels: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/**
 * JSON lines through pino, behind the interface Bolt's own logger has, so
 * the app's lines and Bolt's share one format and one level. Each line
 * carries the request or job it belongs to (see logContext.ts), and an
 * error among the arguments is logged whole under `err`, stack included.
 */
export function createLogger(level: Config['logLevel'], name = 'mentoring', destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { name },
    // Words for levels and ISO times: what log search and people both read.
    formatters: { level: (label: string) => ({ level: label }) },
    timestamp: stdTimeFunctions.isoTime,
    mixin: () => ({ ...currentLogContext() }),
  };
  let log = destination ? pino(options, destination) : pino(options);
  const write =
    (method: 'debug' | 'info' | 'warn' | 'error') =>
    (...parts: unknown[]) => {
      const error = parts.find((p): p is Error => p instanceof Error);
      const words = parts.map((p) => (p instanceof Error ? p.message : typeof p === 'string' ? p : safeJson(p))).join(' ');
      if (error) log[method]({ err: error }, words);
      else log[method](words);
    };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    setLevel: (next: LogLevel) => {
      log.level = next;
    },
    getLevel: () => log.level as LogLevel,
    setName: (next: string) => {
      log = log.child({ name: next });
    },
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

export function toBoltLevel(level: Config['logLevel']): LogLevel {
  return levels[level];
}
