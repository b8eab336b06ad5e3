import { describe, expect, it } from 'vitest';
import { isRunning, MATCH_STATUSES, OPEN_MATCH_STATUSES, RUNNING_MATCH_STATUSES } from '../../src/domain/mentorship.js';

describe('running mentorships', () => {
  it('are the open ones past the request', () => {
    expect(RUNNING_MATCH_STATUSES).toEqual(OPEN_MATCH_STATUSES.filter((s) => s !== 'requested'));
  });

  it('isRunning answers for every status', () => {
    expect(MATCH_STATUSES.filter(isRunning)).toEqual(['active', 'paused']);
  });
});
