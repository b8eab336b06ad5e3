import { describe, expect, it } from 'vitest';
import { validateView } from '../../emulator/index.js';
import { loadTaxonomy } from '../../src/taxonomy/loadTaxonomy.js';
import { buildCircleModal, readCircleState } from '../../src/views/circleModal.js';
import { buildProgramModal, clusterOptions, readProgramState } from '../../src/views/programModal.js';
import { paddedTaxonomy } from '../support/bigTaxonomy.js';

/*
 * The program form's tracks and the circle form's topic pick skill clusters.
 * Past Slack's 100 options a menu is refused (and the form would weigh
 * megabytes), so both become external selects served as people type; a
 * saved track past the 100th still shows as picked.
 */

const big = paddedTaxonomy(150, undefined, (i) => (i === 149 ? `Cluster ${i} ${'with a very long name '.repeat(5)}` : `Cluster ${i}`));
const defaults = { checkInEveryDays: 14, goalCheckInEveryDays: 30, timeZone: 'UTC' };
const program = { id: 2, name: 'Wide', purpose: '', modes: ['mentoring' as const], tracks: ['cl-3', 'cl-119'], enrollment: 'open' as const, eligibility: {}, channelId: null, timeZone: null, cadence: {}, seats: null, maxMenteesPerMentor: null, maxHoursPerMonth: null, minFit: null, fairnessTarget: null, demographics: [], matchingMode: 'self_serve' as const, autoRound: null, circleSettings: null, startsOn: null, endsOn: null, status: 'active' as const };
const settings = { style: 'peer' as const, sizeMin: 3, sizeMax: 8, cadence: 'weekly' as const, sessionMinutes: 60 as const };
const element = (view: { blocks: unknown[] }, id: string) => (view.blocks as { block_id?: string; element?: Record<string, any> }[]).find((b) => b.block_id === id)?.element as Record<string, any>;
/** The most options any one menu of the view sends with it. */
const mostOptions = (view: { blocks: unknown[] }) => Math.max(...(view.blocks as { element?: { options?: unknown[] } }[]).map((b) => b.element?.options?.length ?? 0));

describe('cluster pickers with more clusters than a menu holds', () => {
  it('makes the program form’s tracks an external select that still shows a saved 120th cluster', () => {
    const modal = buildProgramModal({ taxonomy: big, program, defaults });
    expect(validateView(modal, 'modal')).toEqual([]);
    const tracks = element(modal, 'tracks');
    expect(tracks).toMatchObject({ type: 'multi_external_select', min_query_length: 1 });
    expect(tracks.options).toBeUndefined();
    expect(tracks.initial_options).toEqual([
      { text: { type: 'plain_text', text: 'Cluster 3' }, value: 'cl-3' },
      { text: { type: 'plain_text', text: 'Cluster 119' }, value: 'cl-119' },
    ]);
    expect(mostOptions(modal)).toBeLessThanOrEqual(100);
    expect(JSON.stringify(modal).length).toBeLessThan(20_000);
    expect(readProgramState({ tracks: { tracks: { type: 'multi_external_select', selected_options: [{ value: 'cl-119' }] } } }).tracks).toEqual(['cl-119']);
    // A new program: nothing picked yet.
    expect(element(buildProgramModal({ taxonomy: big, defaults }), 'tracks').initial_options).toBeUndefined();
  });

  it('makes the circle form’s topic an external select, over the program’s tracks only', () => {
    const modal = buildCircleModal({ programId: 2, programName: 'Wide', zone: 'UTC', settings, taxonomy: big, topics: [] });
    expect(validateView(modal, 'modal')).toEqual([]);
    expect(element(modal, 'topic')).toMatchObject({ type: 'external_select', min_query_length: 1 });
    expect(mostOptions(modal)).toBeLessThanOrEqual(100);
    expect(readCircleState({ topic: { topic: { type: 'external_select', selected_option: { value: 'cl-120' } } } }).topic).toBe('cl-120');
    // A program with a few tracks keeps its short static menu.
    const few = buildCircleModal({ programId: 2, programName: 'Wide', zone: 'UTC', settings, taxonomy: big, topics: ['cl-3', 'cl-119'] });
    expect(validateView(few, 'modal')).toEqual([]);
    expect(element(few, 'topic')).toEqual({ type: 'static_select', action_id: 'topic', options: [expect.objectContaining({ value: 'cl-3' }), expect.objectContaining({ value: 'cl-119' })] });
  });

  it('serves the clusters matching what was typed, at most 100, their names clipped to fit an option', () => {
    expect(clusterOptions(big.clusters, 'cluster 12').options.map((o) => o.value)).toEqual(['cl-12', 'cl-112', ...Array.from({ length: 10 }, (_, i) => `cl-${120 + i}`)]);
    expect(clusterOptions(big.clusters, '').options).toHaveLength(100);
    const [long] = clusterOptions(big.clusters, 'very long').options;
    expect(long?.value).toBe('cl-149');
    expect(long?.text.text.length).toBeLessThanOrEqual(75);
  });

  it('keeps the static menus for the shipped taxonomy', () => {
    const taxonomy = loadTaxonomy();
    const tracks = element(buildProgramModal({ taxonomy, program: { ...program, tracks: [taxonomy.clusters[0]!.id] }, defaults }), 'tracks');
    expect(tracks.type).toBe('multi_static_select');
    expect(tracks.options).toHaveLength(taxonomy.clusters.length);
    expect(tracks.initial_options).toEqual([tracks.options[0]]);
    expect(element(buildCircleModal({ programId: 2, programName: 'X', zone: 'UTC', settings, taxonomy, topics: [] }), 'topic').type).toBe('static_select');
  });
});
