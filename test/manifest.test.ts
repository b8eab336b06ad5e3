import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AjvDraft04 from 'ajv-draft-04';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { MENTOR_COMMAND } from '../src/commands/mentor.js';
import { BOT_SCOPES } from '../src/startupChecks.js';

const manifest = parse(readFileSync('manifest.yml', 'utf8')) as {
  features: { slash_commands: { command: string }[]; app_home: Record<string, boolean> };
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] }; interactivity: { is_enabled: boolean }; socket_mode_enabled: boolean };
};

/** What in the code needs which bot scope (Slack's method reference). */
const SCOPE_OF: [needle: string, scope: string][] = [
  // Opening a DM needs im:write; a group DM with two people (the intro, opened by the outbox) needs mpim:write.
  ["users: users.join(',')", 'mpim:write'],
  ['client.chat.postMessage(', 'chat:write'],
  ['client.chat.postEphemeral(', 'chat:write'],
  ['client.chat.update(', 'chat:write'],
  ['client.conversations.open(', 'im:write'],
  ['client.users.info(', 'users:read'],
  ['client.users.list(', 'users:read'],
  // Emails in users.info / users.list are only present with this scope.
  ['profile?.email', 'users:read.email'],
  ['client.filesUploadV2(', 'files:write'],
  ['client.files.completeUploadExternal(', 'files:write'],
  ['client.files.delete(', 'files:write'],
  ['client.chat.delete(', 'chat:write'],
  // Checking the coordinators' channel: public and private channels alike.
  ['client.conversations.info(', 'channels:read'],
  ['client.conversations.info(', 'groups:read'],
  // Crash recovery reads back the bot's own conversations to find an unconfirmed message.
  ['client.conversations.history(', 'im:history'],
  ['client.conversations.history(', 'mpim:history'],
  ['client.conversations.history(', 'channels:history'],
  ['client.conversations.history(', 'groups:history'],
  // Group circles get their own private channel: creating, filling, describing and closing it.
  ['client.conversations.create(', 'groups:write'],
  ['client.conversations.invite(', 'groups:write'],
  ['client.conversations.kick(', 'groups:write'],
  ['client.conversations.setTopic(', 'groups:write'],
  ['client.conversations.setPurpose(', 'groups:write'],
  ['client.conversations.archive(', 'groups:write'],
  ['client.conversations.members(', 'groups:read'],
  // Finding a circle's channel again when the answer to creating it was lost.
  ['client.conversations.list(', 'groups:read'],
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('manifest.yml', () => {
  it('asks for exactly the scopes the start-up check requires of the token', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
  });

  it('is valid under the Slack app manifest schema', () => {
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync('test/schemas/slack-app-manifest.json', 'utf8')));
    expect(validate(manifest) ? [] : validate.errors).toEqual([]);
  });

  it('declares the slash command, Home tab, interactivity, Socket Mode and app_home_opened', () => {
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([MENTOR_COMMAND]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
  });

  it('stays valid in its HTTP-mode variant, as the README tells operators to edit it', () => {
    // The README: socket_mode_enabled false, and a `url` on the slash command, `request_url` on events and interactivity.
    const http = structuredClone(manifest) as typeof manifest & Record<string, Record<string, unknown>>;
    const url = 'https://mentoring.example.com/slack/events';
    http.settings.socket_mode_enabled = false;
    (http.features.slash_commands[0] as Record<string, unknown>).url = url;
    (http.settings.event_subscriptions as Record<string, unknown>).request_url = url;
    (http.settings.interactivity as Record<string, unknown>).request_url = url;
    // A taxonomy too large for static menus is searched through block_suggestion, sent to the options URL.
    (http.settings.interactivity as Record<string, unknown>).message_menu_options_url = url;
    const ajv = new AjvDraft04.default({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync('test/schemas/slack-app-manifest.json', 'utf8')));
    expect(validate(http) ? [] : validate.errors).toEqual([]);
    // And the README says exactly that.
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain('`url: https://YOUR-HOST/slack/events` to the slash command');
    expect(readme).not.toMatch(/request_url[^\n]*to the slash command/);
    expect(readme.replace(/\s+/g, ' ')).toContain('under `interactivity` also `message_menu_options_url` with that URL');
  });

  it('asks for exactly the bot scopes the code uses', () => {
    const source = sourceFiles('src').map((f) => readFileSync(f, 'utf8')).join('\n');
    const used = new Set(['commands']);
    for (const [needle, scope] of SCOPE_OF) if (source.includes(needle)) used.add(scope);
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...used].sort());
  });
});
