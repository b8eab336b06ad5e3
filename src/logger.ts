import { ConsoleLogger, type Logger, LogLevel } from '@slack/logger';
import type { Config } from './config.js';

export type { Logger };

const levels: Record<Config['logLevel'], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

/** Bolt's own logger, so app and framework lines share one format and one level. */
export function createLogger(level: Config['logLevel'], name = 'mentoring'): Logger {
  const logger = new ConsoleLogger();
  logger.setLevel(levels[level]);
  logger.setName(name);
  return logger;
}

export function toBoltLevel(level: Config['logLevel']): LogLevel {
  return levels[level];
}
