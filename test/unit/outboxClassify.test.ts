import { ErrorCode } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { classify } from '../../src/outbox/sending.js';

const platform = (error: string) => Object.assign(new Error(`An API error occurred: ${error}`), { code: ErrorCode.PlatformError, data: { ok: false, error } });

describe('what an answer says about a post', () => {
  it('counts an error Slack documents as "some part may have succeeded" as ambiguous, so the post is looked up before it is sent again', () => {
    for (const error of ['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']) {
      expect(classify(platform(error)), error).toMatchObject({ kind: 'failed', error, permanent: false, ambiguous: true });
    }
  });

  it('counts a refusal as not sent: permanent or worth a retry, never looked up', () => {
    expect(classify(platform('channel_not_found'))).toMatchObject({ permanent: true, ambiguous: false });
    expect(classify(platform('invalid_auth'))).toMatchObject({ permanent: false, ambiguous: false });
  });
});
