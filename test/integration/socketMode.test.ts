import { writeFileSync } from 'node:fs';
import { join as joinPath } from 'node:path';
import { stringify } from 'yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CAST, COORDINATOR_CHANNEL } from '../../demo/cast.js';
import { intakeForm, SAMPLE_INTAKE } from '../../demo/forms.js';
import { LOCAL_APP_TOKEN, type LocalStack, type ReceiverKind, startLocalStack } from '../../demo/stack.js';
import { renderMessage } from '../../emulator/index.js';
import { snapshot } from '../support/db.js';
import { tempDir } from '../support/processes.js';
import { join, MENTEE, MENTOR } from '../support/program.js';
import { rawSql } from '../support/rawSql.js';

/*
 * The receiver is configuration, never a code path: the main flows give the
 * same answers whether Slack posts signed HTTP requests to Bolt's HTTP
 * receiver or sends envelopes over the Socket Mode WebSocket that Bolt's
 * SocketModeReceiver opened with apps.connections.open.
 */

// 08:00 UTC on a Monday: inside working hours in Tokyo, Paris and Kolkata.
const NOW = new Date('2026-11-30T08:00:00Z');

describe.each<ReceiverKind>(['http', 'socket'])('the main flows over the %s receiver', (receiver) => {
  let stack: LocalStack;
  beforeEach(async () => {
    stack = await startLocalStack({ receiver, clock: () => NOW });
  });
  afterEach(() => stack.stop());

  const person = (id: string) => stack.emulator.user(id);
  const matchRows = () => rawSql(stack.database).all('select mentor_id, mentee_id, status, source from matches order by id');

  it('answers /mentor help in the ack, and publishes the Home tab when it is opened', async () => {
    const aiko = person(CAST.aiko.id);
    const help = await aiko.slash('/mentor help');
    expect(help.status).toBe(200);
    expect(help.json).toMatchObject({ response_type: 'ephemeral' });
    expect(aiko.lastMessage()).toMatchObject({ visibleTo: CAST.aiko.id });
    expect(renderMessage(aiko.lastMessage() ?? {}).join('\n')).toContain('/mentor join');

    const emma = person(CAST.emma.id);
    expect((await emma.openHome()).status).toBe(200);
    await stack.settle();
    expect(JSON.stringify(emma.home()?.view.blocks)).toContain('/mentor help');
    expect(stack.emulator.callsTo('views.publish')).toEqual([expect.objectContaining({ ok: true })]);
  });

  it('joins through the intake form: field errors come back in the ack and keep it open, the correction is stored', async () => {
    const before = await snapshot(stack);
    const chloe = person(CAST.chloe.id);
    await chloe.slash('/mentor join');
    await stack.settle();
    expect(chloe.modal()?.view.callback_id).toBe('intake_submit');
    const refused = await chloe.submit(intakeForm({ ...SAMPLE_INTAKE, timeZone: 'Mars/Olympus_Mons', consent: [] }));
    expect(refused.status).toBe(200);
    expect(refused.json).toMatchObject({ response_action: 'errors' });
    expect(refused.errors).toEqual({
      timeZone: '"Mars/Olympus_Mons" is not a time zone we know. Use a name like Europe/Berlin or America/New_York.',
      consent: 'Please agree before joining: we use your answers only for matching and anonymous program reports.',
    });
    expect(chloe.modal()?.view.callback_id).toBe('intake_submit');
    expect(await snapshot(stack)).toEqual(before);

    const fixed = await chloe.submit(intakeForm(SAMPLE_INTAKE));
    await stack.settle();
    expect(fixed.errors).toBeUndefined();
    expect(chloe.modal()).toBeUndefined();
    expect((await snapshot(stack)).people).toEqual([expect.objectContaining({ id: CAST.chloe.id, time_zone: 'Europe/Paris', status: 'active' })]);
    expect(chloe.lastMessage()?.text).toContain('Welcome to the mentoring program');
    expect(JSON.stringify(chloe.home()?.view)).toContain('Lead my first cross-team project');
  });

  it('serves a large taxonomy to an external select as people type, and stores what they picked', async () => {
    const dir = tempDir();
    // More skills than a static menu holds (100 options), in clusters of at most 100.
    const clusters = Array.from({ length: 2 }, (_, c) => ({ id: `area-${c}`, name: `Area ${c}`, skills: Array.from({ length: 60 }, (_, k) => ({ id: `craft-${c}-${k}`, name: `Craft ${c}-${k}` })) }));
    clusters[1]?.skills.push({ id: 'rust', name: 'Rust' });
    const path = joinPath(dir, 'skills.yaml');
    writeFileSync(path, stringify({ clusters }));
    await stack.stop();
    stack = await startLocalStack({ receiver, clock: () => NOW, env: { SKILL_TAXONOMY_PATH: path } });
    const dev = person(CAST.dev.id);
    await dev.slash('/mentor join');
    await stack.settle();
    expect((await dev.suggest('skillsOffered', 'rus')).map((o) => o.value)).toEqual(['rust']);
    await dev.suggest('skillsWanted', 'craft 0-7');
    const result = await dev.submit(intakeForm({ ...SAMPLE_INTAKE, timeZone: 'Asia/Kolkata', skillsOffered: ['rust'], skillsWanted: ['craft-0-7'] }));
    await stack.settle();
    expect(result.errors).toBeUndefined();
    expect((await snapshot(stack)).person_skills).toEqual(
      expect.arrayContaining([expect.objectContaining({ skill_id: 'rust', direction: 'offered' }), expect.objectContaining({ skill_id: 'craft-0-7', direction: 'wanted' })]),
    );
  });

  it('suggests mentors on /mentor match; Request and Accept start the mentorship with an intro', async () => {
    await join(stack, CAST.aiko.id, { ...MENTEE, timeZone: 'Asia/Tokyo', department: 'Product', level: '3', skillsWanted: ['system-design'] });
    await join(stack, CAST.chloe.id, { ...MENTOR, timeZone: 'Europe/Paris', department: 'Engineering', level: '6', skillsOffered: ['system-design'] });
    const aiko = person(CAST.aiko.id);
    await aiko.slash('/mentor match');
    await stack.settle();
    const cards = aiko.messages().find((m) => m.text.includes('suggested'));
    expect(JSON.stringify(cards?.blocks)).toContain(`request:${CAST.chloe.id}`);
    expect(renderMessage(cards ?? {}).join('\n')).toContain('Offers System design and architecture, which you want');

    await aiko.click(`request:${CAST.chloe.id}`);
    await stack.settle();
    expect(await matchRows()).toEqual([{ mentor_id: CAST.chloe.id, mentee_id: CAST.aiko.id, status: 'requested', source: 'self_serve' }]);
    const chloe = person(CAST.chloe.id);
    expect(renderMessage(chloe.lastMessage() ?? {}).join('\n')).toContain('[ Accept ] [ Decline ]');
    await chloe.click('request_accept');
    await stack.settle();
    expect(await matchRows()).toEqual([expect.objectContaining({ status: 'active' })]);
    const intro = stack.emulator.workspace.messages.find((m) => m.text.includes(', meet <@'));
    expect(renderMessage(intro ?? {}).join('\n')).toContain(`@${CAST.aiko.id}, meet @${CAST.chloe.id}, your mentor!`);
    expect(chloe.lastMessage()?.text).toContain(`You accepted <@${CAST.aiko.id}>`);
  });

  it("lets a coordinator preview a round in the coordinators' channel and publish it", async () => {
    await join(stack, CAST.dev.id, { ...MENTEE, timeZone: 'Asia/Kolkata', department: 'Support', level: '2', skillsWanted: ['coaching'] });
    await join(stack, CAST.bruno.id, { ...MENTOR, timeZone: 'America/Sao_Paulo', department: 'Platform', level: '7', skillsOffered: ['coaching'] });
    const grace = person(CAST.grace.id);
    const preview = () => renderMessage(stack.emulator.channelMessages(COORDINATOR_CHANNEL.id)[0] ?? {}).join('\n');
    await grace.slash('/mentor round');
    await stack.settle();
    expect(preview()).toContain('Matching round 1: preview');
    expect(preview()).toMatch(new RegExp(`@${CAST.dev.id} ← @${CAST.bruno.id}`));
    expect(preview()).toContain('[ Publish ] [ Cancel ]');
    expect(await matchRows()).toEqual([]);

    await grace.click('round_publish');
    await stack.settle();
    expect(await matchRows()).toEqual([{ mentor_id: CAST.bruno.id, mentee_id: CAST.dev.id, status: 'active', source: 'round' }]);
    expect(preview()).toContain(`Published by @${CAST.grace.id}`);
    expect(stack.emulator.workspace.messages.filter((m) => m.text.includes(', meet <@'))).toHaveLength(1);
  });
});

describe('the Socket Mode receiver', () => {
  it('connects with the app-level token alone: no signing secret, no HTTP endpoint', async () => {
    const stack = await startLocalStack({ receiver: 'socket' });
    try {
      expect(stack.config).toMatchObject({ appToken: LOCAL_APP_TOKEN, signingSecret: undefined });
      expect(stack.emulator.callsTo('apps.connections.open')).toEqual([expect.objectContaining({ ok: true })]);
      expect(stack.emulator.socketMode.openConnections).toBe(1);
      expect(stack.emulator.appUrl).toBe('');
    } finally {
      await stack.stop();
    }
    expect(stack.emulator.socketMode.openConnections).toBe(0);
  });

  it('does not start with an app token Slack does not know', async () => {
    await expect(startLocalStack({ receiver: 'socket', env: { SLACK_APP_TOKEN: 'xapp-1-A0APP00001-revoked' } })).rejects.toMatchObject({
      data: { ok: false, error: 'invalid_auth' },
    });
  });
});
