import { type MatchingPool, pairKey } from '../src/domain/matching/pool.js';
import type { Participant } from '../src/domain/matching/participant.js';
import { seededRandom } from '../src/domain/random.js';
import type { Taxonomy } from '../src/domain/taxonomy.js';

/**
 * A seeded, realistic organisation for benchmarks: departments that lean on
 * some skill clusters, offices across time zones with and without daylight
 * saving, a level pyramid, reporting lines, capacities 1–5 and some recent
 * pairings to respect. The same seed always gives the same organisation.
 */

/** The benchmarks' seeded PRNG (mulberry32). */
export const prng = seededRandom;

const OFFICES = [
  { location: 'New York', tz: 'America/New_York', weight: 18 },
  { location: 'San Francisco', tz: 'America/Los_Angeles', weight: 12 },
  { location: 'São Paulo', tz: 'America/Sao_Paulo', weight: 6 },
  { location: 'London', tz: 'Europe/London', weight: 14 },
  { location: 'Berlin', tz: 'Europe/Berlin', weight: 12 },
  { location: 'Paris', tz: 'Europe/Paris', weight: 6 },
  { location: 'Bengaluru', tz: 'Asia/Kolkata', weight: 14 },
  { location: 'Kathmandu', tz: 'Asia/Kathmandu', weight: 2 },
  { location: 'Singapore', tz: 'Asia/Singapore', weight: 6 },
  { location: 'Tokyo', tz: 'Asia/Tokyo', weight: 5 },
  { location: 'Sydney', tz: 'Australia/Sydney', weight: 5 },
];
const DEPARTMENTS = ['Engineering', 'Platform', 'Data', 'Security', 'Product', 'Design', 'Sales', 'Marketing', 'Support', 'Finance', 'People', 'Operations'];
/** Which clusters each department mostly draws on (by index into the taxonomy's clusters). */
const LEANINGS: Record<string, number[]> = {
  Engineering: [0, 0, 2, 3],
  Platform: [0, 0, 1, 2],
  Data: [0, 3, 5],
  Security: [0, 0, 2],
  Product: [2, 3, 5, 1],
  Design: [2, 3, 6],
  Sales: [5, 3, 2],
  Marketing: [5, 3, 6],
  Support: [5, 6, 4],
  Finance: [5, 1, 3],
  People: [1, 4, 6],
  Operations: [5, 2, 1],
};
const GOAL_TEMPLATES = ['Get confident at %s', 'Lead a project that needs %s', 'Become the go-to person for %s', 'Grow my %s before the next review'];

/** Most people take video; some skip the rhythm question. */
const STYLE_FORMATS = ['video', 'video', 'video', 'in_person', 'async', null] as const;
const STYLE_PACES = ['weekly', 'fortnightly', 'fortnightly', 'monthly', null] as const;

export interface SyntheticOrg {
  pool: MatchingPool;
  mentees: number;
  mentors: number;
}

export function syntheticOrg(mentees: number, mentors: number, taxonomy: Taxonomy, seed = 42): SyntheticOrg {
  const random = prng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const weighted = <T extends { weight: number }>(items: readonly T[]): T => {
    const total = items.reduce((s, i) => s + i.weight, 0);
    let r = random() * total;
    for (const item of items) if ((r -= item.weight) < 0) return item;
    return items[items.length - 1] as T;
  };
  const clusters = taxonomy.clusters;
  const skillsFor = (department: string, count: number) => {
    const chosen = new Set<string>();
    while (chosen.size < count) {
      const cluster = clusters[random() < 0.8 ? (pick(LEANINGS[department] ?? [0]) % clusters.length) : Math.floor(random() * clusters.length)];
      chosen.add(pick(cluster?.skills ?? []).id);
    }
    return [...chosen];
  };
  const person = (i: number, giver: boolean): Participant => {
    const office = weighted(OFFICES);
    const department = pick(DEPARTMENTS);
    const level = giver ? 4 + Math.floor(random() * 7) : 1 + Math.floor(random() * 6);
    const wanted = giver ? [] : skillsFor(department, 2 + Math.floor(random() * 3));
    const start = 8 * 60 + Math.floor(random() * 4) * 30;
    const reverse = random() < 0.05;
    return {
      id: `${giver ? 'M' : 'E'}${String(i).padStart(6, '0')}`,
      roles: giver ? [reverse ? 'reverse_mentor' : 'mentor'] : [reverse ? 'reverse_mentee' : 'mentee'],
      offered: giver ? skillsFor(department, 3 + Math.floor(random() * 4)) : [],
      wanted,
      goals: wanted.slice(0, 1).map((id) => pick(GOAL_TEMPLATES).replace('%s', taxonomy.skills.get(id)?.name.toLowerCase() ?? id)),
      timeZone: office.tz,
      availability: { days: random() < 0.9 ? [1, 2, 3, 4, 5] : [1, 2, 3, 4], startMinute: start, endMinute: start + 8 * 60 },
      department,
      level: reverse && giver ? 1 + Math.floor(random() * 3) : reverse ? 8 + Math.floor(random() * 3) : level,
      location: office.location,
      managerId: null,
      capacity: giver ? 1 + Math.floor(random() * 5) : 0,
      load: 0,
    };
  };
  const givers = Array.from({ length: mentors }, (_, i) => person(i, true));
  const receivers = Array.from({ length: mentees }, (_, i) => person(i, false));
  // Reporting lines: a quarter of mentees report to a mentor in their department.
  const byDepartment = new Map<string, Participant[]>();
  for (const g of givers) byDepartment.set(g.department as string, [...(byDepartment.get(g.department as string) ?? []), g]);
  for (const r of receivers) if (random() < 0.25) (r as { managerId: string | null }).managerId = pick(byDepartment.get(r.department as string) ?? givers)?.id ?? null;
  // Some mentors already have a mentee or two; some pairs ended recently.
  for (const g of givers) (g as { load: number }).load = Math.min(g.capacity - 1, Math.floor(random() * 2));
  const blockedPairs = new Set<string>();
  for (let i = 0; i < mentees / 20; i += 1) blockedPairs.add(pairKey(pick(receivers).id, pick(givers).id));
  // How and how often people like to meet, drawn from a stream of their own so every other draw stays as it was.
  const style = prng(seed + 7919);
  for (const p of [...receivers, ...givers]) {
    Object.assign(p, { format: STYLE_FORMATS[Math.floor(style() * STYLE_FORMATS.length)], pace: STYLE_PACES[Math.floor(style() * STYLE_PACES.length)] });
  }
  const participants = [...receivers, ...givers];
  return {
    pool: { participants, managers: new Map(participants.map((p) => [p.id, p.managerId])), blockedPairs, busyReceivers: new Set() },
    mentees,
    mentors,
  };
}
