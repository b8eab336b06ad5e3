import { describe, expect, it } from 'vitest';
import { validateBlocks, validateView } from '../../emulator/index.js';
import { SUBCOMMANDS } from '../../src/domain/subcommands.js';
import type { IntakeAnswers } from '../../src/domain/intake.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';
import { buildAppHome } from '../../src/views/appHome.js';
import { buildHelpMessage } from '../../src/views/helpMessage.js';
import { buildIntakeModal, readIntakeState, skillOptions, type ViewStateValues } from '../../src/views/intakeModal.js';
import { buildTaxonomy, type Taxonomy } from '../../src/domain/taxonomy.js';
import { buildDeleteConfirmation, buildLeaveConfirmation } from '../../src/views/membershipMessages.js';
import { buildIntro } from '../../src/views/matchMessages.js';
import { buildNotJoinedMessage, buildProfileMessage } from '../../src/views/profileCard.js';

const taxonomy = loadTaxonomy();
const answers: IntakeAnswers = {
  roles: ['mentor', 'reverse_mentee'],
  skillsOffered: ['typescript', 'coaching'],
  skillsWanted: ['digital-tools'],
  goals: [
    { aim: 'Understand how <!channel> our new hires use AI', measure: 'I can name three tools & why', dueOn: '2027-03-31' },
    { aim: 'a'.repeat(300), measure: 'b'.repeat(300), dueOn: '2027-04-30' },
    { aim: 'c'.repeat(300), measure: 'd'.repeat(300), dueOn: '2027-05-31' },
  ],
  timeZone: 'America/New_York',
  workDays: [1, 2, 3, 4],
  workStartMinute: 8 * 60,
  workEndMinute: 16 * 60 + 30,
  availabilityStartMinute: 13 * 60,
  availabilityEndMinute: 15 * 60,
  capacityMentees: 3,
  capacityHoursPerMonth: 8,
  format: 'in_person',
  pace: 'fortnightly',
  department: 'Sales',
  level: 8,
  location: 'New York',
};
const block = (view: { blocks: unknown[] }, id: string) => view.blocks.find((b) => (b as { block_id?: string }).block_id === id) as Record<string, any>;

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

describe('buildIntakeModal', () => {
  it('is a valid modal for joining, with the Slack time zone and working-week defaults', () => {
    const modal = buildIntakeModal({ taxonomy, mode: 'join', slackTimeZone: 'Asia/Tokyo' });
    expect(validateView(modal, 'modal')).toEqual([]);
    expect(block(modal, 'timeZone').element.initial_value).toBe('Asia/Tokyo');
    expect(block(modal, 'workDays').element.initial_options.map((o: { value: string }) => o.value)).toEqual(['1', '2', '3', '4', '5']);
    expect(block(modal, 'consent').element.initial_options).toBeUndefined();
  });

  it('never labels a field "(optional)" itself: Slack adds that to optional inputs', () => {
    for (const mode of ['join', 'edit'] as const) {
      const modal = buildIntakeModal({ taxonomy, mode, initial: mode === 'edit' ? answers : undefined });
      const labels = (modal.blocks as { type: string; optional?: boolean; label?: { text: string } }[]).filter((b) => b.type === 'input').map((b) => b.label?.text ?? '');
      expect(labels.filter((l) => /optional/i.test(l))).toEqual([]);
    }
  });

  it('switches the skill pickers to options served as people type when the taxonomy is bigger than a menu', () => {
    const big = { clusters: Array.from({ length: 3 }, (_, c) => ({ id: `c${c}`, name: `Cluster ${c}`, skills: Array.from({ length: 60 }, (_, s) => ({ id: `c${c}-s${s}`, name: `Skill ${c}.${s}` })) })) };
    const built = buildTaxonomy(big);
    if (!built.ok) throw new Error(built.problems.join('; '));
    const bigTaxonomy: Taxonomy = built.taxonomy;
    const modal = buildIntakeModal({ taxonomy: bigTaxonomy, mode: 'join' });
    expect(validateView(modal, 'modal')).toEqual([]);
    expect(block(modal, 'skillsOffered').element).toMatchObject({ type: 'multi_external_select', min_query_length: 1, max_selected_items: 10 });
    expect(JSON.stringify(modal).length).toBeLessThan(20_000);
    const found = skillOptions(bigTaxonomy, 'skill 2.1');
    expect(found.option_groups.map((g) => g.label.text)).toEqual(['Cluster 2']);
    expect(found.option_groups[0]?.options.map((o) => o.value)).toEqual(['c2-s1', ...Array.from({ length: 10 }, (_, i) => `c2-s${10 + i}`)]);
    expect(skillOptions(bigTaxonomy, '').option_groups.flatMap((g) => g.options)).toHaveLength(100);
    // The shipped taxonomy still fits one menu.
    expect(block(buildIntakeModal({ taxonomy, mode: 'join' }), 'skillsOffered').element.type).toBe('multi_static_select');
  });

  it('groups skills by cluster', () => {
    const modal = buildIntakeModal({ taxonomy, mode: 'join' });
    const groups = block(modal, 'skillsWanted').element.option_groups as { label: { text: string } }[];
    expect(groups.map((g) => g.label.text)).toEqual(taxonomy.clusters.map((c) => c.name));
  });

  it('pre-fills every answer when editing, and reads back what it shows', () => {
    const modal = buildIntakeModal({ taxonomy, mode: 'edit', initial: answers });
    expect(validateView(modal, 'modal')).toEqual([]);
    expect(modal.submit?.text).toBe('Save');
    expect(block(modal, 'capacityMentees').element.initial_option.value).toBe('3');
    expect(block(modal, 'goal2Aim').element.initial_value).toHaveLength(300);
    // Submitting the untouched form gives back the same answers.
    const values: ViewStateValues = {};
    for (const b of modal.blocks as Record<string, any>[]) {
      if (b.type !== 'input') continue;
      const el = b.element;
      values[b.block_id] = {
        [el.action_id]: {
          value: el.initial_value,
          selected_option: el.initial_option,
          selected_options: el.initial_options ?? [],
          selected_date: el.initial_date,
          selected_time: el.initial_time,
        },
      };
    }
    const raw = readIntakeState(values);
    expect(raw).toMatchObject({ roles: ['mentor', 'reverse_mentee'], timeZone: 'America/New_York', workStart: '08:00', workEnd: '16:30', capacityMentees: '3', format: 'in_person', level: '8', consent: true });
    expect(raw.goals[0]).toEqual({ aim: answers.goals[0]?.aim, measure: answers.goals[0]?.measure, due: '2027-03-31' });
  });

  it('shows roster facts instead of asking for them', () => {
    const modal = buildIntakeModal({ taxonomy, mode: 'join', roster: { department: 'Finance', level: 3, location: 'Lagos' } });
    expect(block(modal, 'department')).toBeUndefined();
    expect(JSON.stringify(modal)).toContain('From the HR roster: Finance · level 3 · Lagos');
  });
});

describe('profile and membership messages', () => {
  it("shows a goal's own asterisks as typed, never wrapped in markup of ours", () => {
    const message = buildProfileMessage({ answers: { ...answers, goals: [{ aim: '*Lead* the _team_', measure: 'ships', dueOn: '2027-01-01' }] }, status: 'active', pausedUntil: null, taxonomy });
    const text = JSON.stringify(message.blocks);
    expect(text).toContain('1. *Lead* the _team_');
    expect(text).not.toContain('**Lead*');
  });

  it('the intro points at the goals where they are: above the agenda', () => {
    const intro = buildIntro({ matchId: 1, giverId: 'U1', receiverId: 'U2', kind: 'mentoring', who: { giver: '', receiver: '' }, reasons: [], goals: ['Ship it'] });
    const sections = (intro.blocks as { text?: { text: string } }[]).map((b) => b.text?.text ?? '');
    const goals = sections.findIndex((t) => t.includes("'s goals*"));
    const agenda = sections.findIndex((t) => t.startsWith('*A first agenda*'));
    expect(goals).toBeLessThan(agenda);
    expect(sections[agenda]).toContain('the goals above');
    expect(JSON.stringify(intro)).not.toContain('goals below');
  });

  it('are valid Block Kit, escape what people typed, and offer the next step', () => {
    const profile = buildProfileMessage({ answers, status: 'paused', pausedUntil: new Date('2026-12-24T00:00:00Z'), taxonomy });
    expect(validateBlocks(profile.blocks)).toEqual([]);
    const text = JSON.stringify(profile.blocks);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('Paused until <!date^');
    expect(text).toContain('"action_id":"profile_edit"');
    for (const message of [buildNotJoinedMessage(), buildLeaveConfirmation(2), buildDeleteConfirmation()]) expect(validateBlocks(message.blocks)).toEqual([]);
    expect(buildLeaveConfirmation(2).text).toContain('2 mentorships end');
  });
});

describe('buildAppHome', () => {
  const overview = { byRole: { mentor: 3, mentee: 4, peer: 1, reverse_mentor: 1, reverse_mentee: 1 }, members: 7, active: 6, paused: 1 };

  it('keeps every list bounded: 60 pending requests still make a Home tab Slack accepts', () => {
    const mentorships = Array.from({ length: 60 }, (_, i) => ({ matchId: i + 1, partnerId: `U${String(i).padStart(9, '0')}`, kind: 'mentoring' as const, viewerGives: true, status: 'requested' as const }));
    const paused = Array.from({ length: 8 }, (_, i) => ({ matchId: 100 + i, partnerId: `U1${String(i).padStart(8, '0')}`, kind: 'peer' as const, viewerGives: false, status: 'paused' as const }));
    const home = buildAppHome({ userId: 'U1', isCoordinator: false, subcommands: SUBCOMMANDS, member: { answers, status: 'active', pausedUntil: null, taxonomy, mentorships: [...mentorships, ...paused] } });
    expect(validateView(home, 'home')).toEqual([]);
    const text = JSON.stringify(home);
    expect(text).toContain('…and 58 more');
    expect(text).toContain('…and 3 more paused');
    for (const b of home.blocks as { text?: { text: string } }[]) expect((b.text?.text ?? '').length).toBeLessThanOrEqual(3000);
  });

  it('invites newcomers to join', () => {
    const home = buildAppHome({ userId: 'U1', isCoordinator: false, subcommands: SUBCOMMANDS });
    expect(validateView(home, 'home')).toEqual([]);
    expect(JSON.stringify(home)).toContain('"action_id":"intake_open"');
  });

  it('shows a member their profile, status, mentorships and quick actions', () => {
    const home = buildAppHome({
      userId: 'U1',
      isCoordinator: false,
      subcommands: SUBCOMMANDS,
      member: { answers, status: 'active', pausedUntil: null, taxonomy, mentorships: [{ matchId: 1, partnerId: 'U2', kind: 'mentoring', viewerGives: true, status: 'active' }] },
    });
    expect(validateView(home, 'home')).toEqual([]);
    const text = JSON.stringify(home);
    expect(text).toContain('<@U2>, your mentee');
    expect(text).toContain('*Upcoming sessions*\\nNone booked.');
    expect(block(home, 'quick_actions').elements.map((e: { action_id: string }) => e.action_id)).toEqual(['profile_edit', 'exclusions_edit', 'home_pause', 'home_leave']);
  });

  it('lists upcoming sessions with the time token and the partner', () => {
    const start = new Date('2026-12-01T09:00:00Z');
    const home = buildAppHome({ userId: 'U1', isCoordinator: false, subcommands: SUBCOMMANDS, member: { answers, status: 'active', pausedUntil: null, taxonomy, mentorships: [], upcoming: [{ partnerId: 'U2', start }] } });
    expect(validateView(home, 'home')).toEqual([]);
    expect(JSON.stringify(home)).toContain(`<!date^${start.getTime() / 1000}^{date_long} {time}|2026-12-01 09:00 UTC> with <@U2>`);
  });

  it('offers Resume to a paused member', () => {
    const home = buildAppHome({ userId: 'U1', isCoordinator: false, subcommands: SUBCOMMANDS, member: { answers, status: 'paused', pausedUntil: null, taxonomy, mentorships: [] } });
    expect(block(home, 'quick_actions').elements.map((e: { action_id: string }) => e.action_id)).toContain('home_resume');
  });

  it('shows the program overview and coordinator tools only to coordinators', () => {
    const forMember = JSON.stringify(buildAppHome({ userId: 'U1', isCoordinator: false, subcommands: SUBCOMMANDS, overview }));
    const forCoordinator = buildAppHome({ userId: 'U1', isCoordinator: true, subcommands: SUBCOMMANDS, overview });
    expect(validateView(forCoordinator, 'home')).toEqual([]);
    expect(forMember).not.toContain('Program overview');
    expect(forMember).not.toContain('/mentor overview');
    expect(JSON.stringify(forCoordinator)).toContain('Program overview');
    expect(JSON.stringify(forCoordinator)).toContain('*Mentors*\\n3');
    expect(JSON.stringify(forCoordinator)).toContain('Coordinator tools');
  });
});
