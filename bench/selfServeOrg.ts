import type Database from 'better-sqlite3';
import type { Participant } from '../src/domain/matching/participant.js';
import type { Taxonomy } from '../src/domain/taxonomy.js';
import { prng, syntheticOrg } from './syntheticOrg.js';

/**
 * The synthetic organisation of bench/syntheticOrg.ts written into a real
 * database as members of the default program, the way intake leaves them:
 * people, profiles, weekly availability, skills, enrollments and goals, plus
 * the open matches that give mentors their load and recently ended pairs that
 * must not be suggested again. Seeded: the same arguments give the same rows.
 */
export interface SeededOrg {
  mentees: string[];
  mentors: string[];
  /** Every member with their zone, for the emulator's users. */
  members: { id: string; timeZone: string }[];
}

const DAY = 86_400_000;
/** Slack-shaped user IDs (the emulator, like Slack, takes a U… ID as a DM's address). */
const slackId = (id: string): string => `U${id}`;

export function seedSelfServeOrg(sqlite: Database.Database, taxonomy: Taxonomy, mentees: number, mentors: number, now: Date, seed = 42): SeededOrg {
  const org = syntheticOrg(mentees, mentors, taxonomy, seed);
  const random = prng(seed + 1);
  const at = now.getTime();
  const insert = {
    person: sqlite.prepare(
      "insert into people (id, display_name, time_zone, department, level, manager_id, location, status, joined_at, created_at) values (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
    ),
    profile: sqlite.prepare(
      "insert into profiles (person_id, format, capacity_mentees, work_days, work_start_minute, work_end_minute, consented_at, created_at) values (?, 'video', ?, ?, ?, ?, ?, ?)",
    ),
    availability: sqlite.prepare('insert into availability (person_id, weekday, start_minute, end_minute) values (?, ?, ?, ?)'),
    skill: sqlite.prepare('insert or ignore into person_skills (person_id, skill_id, direction) values (?, ?, ?)'),
    enrollment: sqlite.prepare("insert into enrollments (program_id, person_id, status, roles, applied_at, decided_at, joined_at) values (1, ?, 'active', ?, ?, ?, ?)"),
    goal: sqlite.prepare("insert into goals (person_id, program_id, position, aim, measure, due_on) values (?, 1, 0, ?, 'My manager signs it off in my review', ?)"),
    match: sqlite.prepare(
      "insert into matches (program_id, mentor_id, mentee_id, kind, status, source, requested_at, decided_at, ended_at) values (1, ?, ?, 'mentoring', ?, 'round', ?, ?, ?)",
    ),
  };
  const due = new Date(at + 90 * DAY).toISOString().slice(0, 10);
  const write = sqlite.transaction((people: readonly Participant[]) => {
    for (const p of people) {
      const joined = at - (30 + Math.floor(random() * 300)) * DAY;
      // Managers outside the program are still people the roster knows.
      const id = slackId(p.id);
      insert.person.run(id, `Person ${p.id}`, p.timeZone, p.department, p.level, p.managerId && slackId(p.managerId), p.location, joined, joined);
      insert.profile.run(id, p.capacity > 0 ? p.capacity : null, JSON.stringify(p.availability.days), p.availability.startMinute, p.availability.endMinute, joined, joined);
      for (const day of p.availability.days) insert.availability.run(id, day, p.availability.startMinute, p.availability.endMinute);
      for (const skill of p.offered) insert.skill.run(id, skill, 'offered');
      for (const skill of p.wanted) insert.skill.run(id, skill, 'wanted');
      insert.enrollment.run(id, JSON.stringify(p.roles), joined, joined, joined);
      if (p.goals[0]) insert.goal.run(id, p.goals[0], due);
    }
    // Mentors' current mentees are people outside the waiting pool, so every mentee still wants someone.
    const outsiders = new Set<string>();
    for (const g of people.filter((p) => p.capacity > 0)) {
      for (let i = 0; i < g.load; i += 1) {
        const menteeId = slackId(`X${String(outsiders.size).padStart(6, '0')}`);
        outsiders.add(menteeId);
        insert.person.run(menteeId, `Person ${menteeId}`, g.timeZone, g.department, 1, null, g.location, at - 400 * DAY, at - 400 * DAY);
        insert.match.run(slackId(g.id), menteeId, 'active', at - 60 * DAY, at - 60 * DAY, null);
      }
    }
    for (const key of org.pool.blockedPairs) {
      const [a, b] = key.split('|') as [string, string];
      const [mentorId, menteeId] = a.startsWith('M') ? [a, b] : [b, a];
      insert.match.run(slackId(mentorId), slackId(menteeId), 'ended', at - 120 * DAY, at - 100 * DAY, at - 20 * DAY);
    }
  });
  write(org.pool.participants);
  return {
    mentees: org.pool.participants.filter((p) => p.capacity === 0).map((p) => slackId(p.id)),
    mentors: org.pool.participants.filter((p) => p.capacity > 0).map((p) => slackId(p.id)),
    members: org.pool.participants.map((p) => ({ id: slackId(p.id), timeZone: p.timeZone })),
  };
}
