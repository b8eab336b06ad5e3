import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config.js';

const BOT_TOKEN = 'xoxb-123-abc';
const APP_TOKEN = 'xapp-1-A0APP00001-123-abc';

describe('the receiver a configuration chooses', () => {
  it('runs Socket Mode on the app-level token alone: the signing secret is not required', () => {
    expect(parseConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN })).toMatchObject({
      ok: true,
      config: { appToken: APP_TOKEN, signingSecret: undefined },
    });
  });

  it('needs the signing secret over HTTP, and says Socket Mode is the other way', () => {
    const result = parseConfig({ SLACK_BOT_TOKEN: BOT_TOKEN });
    expect(result).toEqual({ ok: false, problems: [expect.stringMatching(/^SLACK_SIGNING_SECRET is required: .*SLACK_APP_TOKEN to run in Socket Mode/)] });
    // An empty app token is no app token.
    expect(parseConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: '' }).ok).toBe(false);
  });

  it('refuses a bot token where the app-level token goes, without echoing it', () => {
    const result = parseConfig({ SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: 'xoxb-999-secret' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.some((p) => p.startsWith('SLACK_APP_TOKEN must be an app-level token starting with xapp-'))).toBe(true);
    expect(result.problems.join('\n')).not.toContain('xoxb-999-secret');
  });
});
