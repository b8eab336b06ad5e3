import { describe, expect, it } from 'vitest';
import { withLogContext } from '../../src/logContext.js';
import { createLogger } from '../../src/logger.js';

/*
 * Logs are JSON lines at the level LOG_LEVEL sets, each naming the request
 * or job it belongs to, with errors whole.
 */

function capture(level: 'debug' | 'info' | 'warn' | 'error') {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(level, 'mentoring', { write: (chunk: string) => void lines.push(JSON.parse(chunk) as Record<string, unknown>) });
  return { logger, lines };
}

describe('the logger', () => {
  it('writes one JSON line per call, at or above its level', () => {
    const { logger, lines } = capture('warn');
    logger.info('not written');
    logger.warn('channel C1:', { reason: 'not_in_channel' });
    expect(lines).toEqual([expect.objectContaining({ level: 'warn', name: 'mentoring', msg: 'channel C1: {"reason":"not_in_channel"}', time: expect.any(String) })]);
  });

  it('keeps an error whole, stack included', () => {
    const { logger, lines } = capture('info');
    logger.error('sending failed:', new Error('ratelimited'));
    expect(lines[0]).toMatchObject({ level: 'error', msg: 'sending failed: ratelimited', err: { type: 'Error', message: 'ratelimited', stack: expect.stringContaining('logger.test.ts') } });
  });

  it('names the job run or request a line belongs to, across awaits', async () => {
    const { logger, lines } = capture('info');
    await withLogContext({ job: 'check-ins', slot: '2026-12-01T09:00:00.000Z' }, async () => {
      await Promise.resolve();
      logger.info('planned 3');
      withLogContext({ requestId: 'slash_commands:/mentor:123' }, () => logger.info('inner'));
    });
    logger.info('outside');
    expect(lines.map(({ job, slot, requestId, msg }) => ({ job, slot, requestId, msg }))).toEqual([
      { job: 'check-ins', slot: '2026-12-01T09:00:00.000Z', requestId: undefined, msg: 'planned 3' },
      { job: 'check-ins', slot: '2026-12-01T09:00:00.000Z', requestId: 'slash_commands:/mentor:123', msg: 'inner' },
      { job: undefined, slot: undefined, requestId: undefined, msg: 'outside' },
    ]);
  });

  it('follows a level change, as Bolt makes one', () => {
    const { logger, lines } = capture('error');
    logger.setLevel('debug' as never);
    logger.debug('now written');
    expect(lines).toHaveLength(1);
    expect(logger.getLevel()).toBe('debug');
  });
});
