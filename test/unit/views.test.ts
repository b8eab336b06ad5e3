import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../../emulator/blockKit.js';
import { SUBCOMMANDS } from '../../src/commands/catalogue.js';
import { buildAppHome } from '../../src/views/appHome.js';
import { buildHelpMessage } from '../../src/views/helpMessage.js';

describe('buildHelpMessage', () => {
  it('lists every subcommand within Block Kit limits', () => {
    const help = buildHelpMessage(SUBCOMMANDS);
    expect(validateBlocks(help.blocks)).toEqual([]);
    for (const sub of SUBCOMMANDS) expect(help.text).toContain(sub.usage);
  });

  it('names an unknown subcommand, shortened so a long one cannot break the limits', () => {
    expect(buildHelpMessage(SUBCOMMANDS, 'frobnicate').text).toContain("I don't know `frobnicate`");
    const long = buildHelpMessage(SUBCOMMANDS, 'x'.repeat(5000));
    expect(validateBlocks(long.blocks)).toEqual([]);
    expect(long.text).toContain('…');
  });
});

describe('buildAppHome', () => {
  const coordinatorOnly = [...SUBCOMMANDS, { name: 'round', usage: '/mentor round', summary: 'Run a round.', coordinatorOnly: true }];

  it('is a valid Home view', () => {
    expect(validateView(buildAppHome({ userId: 'U1', isCoordinator: false, subcommands: SUBCOMMANDS }), 'home')).toEqual([]);
  });

  it('shows coordinator tools only to coordinators', () => {
    const forMember = JSON.stringify(buildAppHome({ userId: 'U1', isCoordinator: false, subcommands: coordinatorOnly }));
    const forCoordinator = JSON.stringify(buildAppHome({ userId: 'U1', isCoordinator: true, subcommands: coordinatorOnly }));
    expect(forMember).not.toContain('/mentor round');
    expect(forCoordinator).toContain('Coordinator tools');
    expect(forCoordinator).toContain('/mentor round');
  });
});
