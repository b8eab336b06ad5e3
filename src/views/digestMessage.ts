import type { Average, Digest, DigestCircles, Headline, MentorLoad, Milestone, ReachGroup, RatingHeadline, SeriesPoint } from '../domain/digest.js';
import { actions, button, channelLink, clip, context, divider, escape, fields, mention, section, type SlackBlock } from './blocks.js';
import { concernLine } from './circleFeedbackMessages.js';
import { outcomeBlocks } from './cohortMessages.js';

/*
 * The coordinators' weekly digest as one message. Everything shown comes from
 * `computeDigest`, which has already applied the anonymity rules; this view
 * only lays it out inside Slack's limits (50 blocks, 3000 characters a
 * section, 10 fields of 2000).
 */

export const DIGEST_NUDGE_PREFIX = 'digest_nudge:';
export const DIGEST_REMATCH_PREFIX = 'digest_rematch:';
export const DIGEST_NUDGE_ACTION = /^digest_nudge:\d+$/;
export const DIGEST_REMATCH_ACTION = /^digest_rematch:\d+$/;
/** Pairs listed with actions; the rest are counted. */
export const DIGEST_MAX_PAIRS = 10;
/** Circles needing attention listed by name; the rest are counted. */
export const DIGEST_MAX_CIRCLES = 8;

export interface DigestMessage {
  text: string;
  blocks: SlackBlock[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const who = (id: string | null) => mention(id);

function change(h: Headline): string {
  const d = h.value - h.previous;
  return d === 0 ? 'same as last week' : `${d > 0 ? '▲' : '▼'} ${Math.abs(d)} vs last week`;
}

function ratingChange(h: RatingHeadline): string {
  if (h.value === null) return 'not enough raters yet';
  if (h.previous === null) return 'no comparable figure last week';
  const d = Math.round((h.value - h.previous) * 10) / 10;
  return d === 0 ? 'same as last week' : `${d > 0 ? '▲' : '▼'} ${Math.abs(d).toFixed(1)} vs last week`;
}

function average(label: string, a: Average, minRaters: number): string {
  return a.value === null
    ? `*${label}*\n— (${plural(a.n, 'rater')}; shown from ${minRaters})`
    : `*${label}*\n${a.value.toFixed(1)} / 5 (${plural(a.n, 'rater')})`;
}

const SPARKS = '▁▂▃▄▅▆▇█';
/** A compact text chart; a gap (·) where there is no value. */
export function sparkline(values: readonly (number | null)[], min?: number, max?: number): string {
  const known = values.filter((v): v is number => v !== null);
  if (known.length === 0) return values.map(() => '·').join('');
  const lo = min ?? Math.min(...known);
  const hi = max ?? Math.max(...known);
  return values
    .map((v) => {
      if (v === null) return '·';
      if (hi === lo) return v === 0 ? SPARKS[0] : SPARKS[4];
      return SPARKS[Math.max(0, Math.min(7, Math.round(((v - lo) / (hi - lo)) * 7)))];
    })
    .join('');
}

function weekLabels(series: readonly SeriesPoint[], timeZone: string): string[] {
  const fmt = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone });
  return series.map((p) => clip(fmt.format(p.start), 20));
}

function charts(d: Digest, timeZone: string): SlackBlock[] {
  const labels = weekLabels(d.series, timeZone);
  const blocks: SlackBlock[] = [
    {
      type: 'data_visualization',
      block_id: 'digest_chart_sessions',
      title: `Sessions held, last ${d.series.length} weeks`,
      chart: {
        type: 'bar',
        series: [{ name: 'Sessions held', data: d.series.map((p, i) => ({ label: labels[i] as string, value: p.sessionsHeld })) }],
        axis_config: { categories: labels, x_label: 'Week starting' },
      },
    },
  ];
  // A data point needs a number, so the rating chart covers only the weeks with an average.
  const rated = d.series.flatMap((p, i) => (p.averageRating === null ? [] : [{ label: labels[i] as string, value: p.averageRating }]));
  if (rated.length > 0) {
    blocks.push({
      type: 'data_visualization',
      block_id: 'digest_chart_rating',
      title: 'Average rating (1–5), weeks with enough raters',
      chart: {
        type: 'line',
        series: [{ name: 'Average rating', data: rated }],
        axis_config: { categories: rated.map((r) => r.label), x_label: 'Week starting', y_label: 'Rating' },
      },
    });
  }
  const sessions = d.series.map((p) => p.sessionsHeld);
  const ratings = d.series.map((p) => p.averageRating);
  blocks.push(
    context(
      `Sessions ${sparkline(sessions, 0)} ${sessions.join(' · ')}\nRating ${sparkline(ratings, 1, 5)} ${ratings.map((r) => (r === null ? '–' : r.toFixed(1))).join(' · ')}`,
    ),
  );
  return blocks;
}

interface PairLine {
  matchId: number;
  mentorId: string | null;
  menteeId: string | null;
  why: string[];
}

function pairBlocks(d: Digest): SlackBlock[] {
  const pairs = new Map<number, PairLine>();
  for (const s of d.stalledPairs) pairs.set(s.matchId, { ...s, why: [`quiet for ${plural(s.weeksQuiet, 'week')}`] });
  for (const l of d.lowRatedPairs) {
    const existing = pairs.get(l.matchId);
    if (existing) existing.why.push('low recent ratings');
    else pairs.set(l.matchId, { ...l, why: ['low recent ratings'] });
  }
  const all = [...pairs.values()];
  if (all.length === 0) return [section('*Pairs needing attention*\n_None this week._')];
  const blocks: SlackBlock[] = [section(`*Pairs needing attention (${all.length})*`)];
  for (const p of all.slice(0, DIGEST_MAX_PAIRS)) {
    blocks.push({
      type: 'section',
      block_id: `digest_pair_${p.matchId}`,
      text: { type: 'mrkdwn', text: clip(`${who(p.mentorId)} & ${who(p.menteeId)} · ${p.why.join(', ')}`, 3000) },
    });
    blocks.push(
      actions(`digest_pair_actions_${p.matchId}`, [
        button(`${DIGEST_NUDGE_PREFIX}${p.matchId}`, 'Nudge', { value: p.matchId }),
        button(`${DIGEST_REMATCH_PREFIX}${p.matchId}`, 'Offer a rematch', { value: p.matchId }),
      ]),
    );
  }
  if (all.length > DIGEST_MAX_PAIRS) blocks.push(context(`…and ${all.length - DIGEST_MAX_PAIRS} more.`));
  return blocks;
}

function lines(items: string[], max: number, empty: string): string {
  if (items.length === 0) return empty;
  const shown = items.slice(0, max).join('\n');
  return items.length > max ? `${shown}\n…and ${items.length - max} more` : shown;
}

const loadLine = (l: MentorLoad) => `• ${mention(l.mentorId)} ${l.load}/${l.capacity}`;

function reachLine(title: string, groups: ReachGroup[]): string {
  const under = groups.filter((g) => g.gap < 0 && g.roster > 0).slice(0, 3);
  const shown = under.map((g) => `${escape(g.group)} ${pct(g.share)} of participants vs ${pct(g.rosterShare)} of the org`);
  return `*${title}*\n${shown.length ? shown.join('\n') : 'in line with the org'}`;
}

/**
 * The circles section, for programs that run circles: how many and how full,
 * the week's attendance, rating and comments (both under the threshold), which
 * circles need attention and why, and who circles reach.
 */
function circleBlocks(c: DigestCircles, minRaters: number): SlackBlock[] {
  const seats = c.seats.of ? `${c.seats.filled} of ${c.seats.of} (${pct(c.seats.filled / c.seats.of)})` : `${c.seats.filled}`;
  const attendance =
    c.attendance.rate === null
      ? c.attendance.sessions === 0
        ? 'no sessions last week'
        : `no answers yet (${plural(c.attendance.sessions, 'session')})`
      : `${pct(c.attendance.rate)} (${c.attendance.attended} of ${plural(c.attendance.answered, 'answer')}, ${plural(c.attendance.sessions, 'session')})`;
  const flagged = c.needingAttention.map((f) => `• *${escape(clip(f.topic, 80))}*${f.channelId ? ` ${channelLink(f.channelId)}` : ''}: ${f.concerns.map(concernLine).join('; ')}`);
  return [
    fields([
      `*Active circles*\n${c.active}`,
      `*Seats filled*\n${seats}`,
      `*Circle attendance*\n${attendance}`,
      average('Circle rating', c.rating, minRaters),
      reachLine(`Circles by department (${plural(c.reach.people, 'person', 'people')})`, c.reach.byDepartment),
      reachLine('Circles by level', c.reach.byLevel),
      reachLine('Circles by location', c.reach.byLocation),
    ]),
    // A week without circle comments reads as it did before they were shown.
    ...(c.commentCount > 0 ? [commentBlock(c, 'circle comment', minRaters)] : []),
    section(
      c.needingAttention.length === 0
        ? '*Circles needing attention*\n_None this week._'
        : `*Circles needing attention (${c.needingAttention.length})*\n${lines(flagged, DIGEST_MAX_CIRCLES, '')}`,
    ),
  ];
}

const COMMENTS_SHOWN = 10;
const COMMENT_CHARS = 280;

/** The week's comments, quoted, once enough different people wrote them; until then only how many there are. */
function commentBlock(c: { commentCount: number; comments: readonly string[] }, noun: string, minRaters: number): SlackBlock {
  if (c.comments.length === 0) {
    return context(`${plural(c.commentCount, noun)} this week${c.commentCount > 0 ? `; shown once there are ${minRaters} or more from different people` : ''}.`);
  }
  const quoted = c.comments.slice(0, COMMENTS_SHOWN).map((t) => `> ${escape(clip(t.replace(/\s+/g, ' '), COMMENT_CHARS))}`);
  const more = c.comments.length > COMMENTS_SHOWN ? `\n…and ${c.comments.length - COMMENTS_SHOWN} more` : '';
  return section(`*${plural(c.commentCount, noun)} this week*\n${quoted.join('\n')}${more}`);
}

function milestoneLine(m: Milestone): string {
  return m.kind === 'sessions'
    ? `• ${mention(m.mentorId)} held their ${ordinal(m.count)} session 🎉`
    : `• ${mention(m.mentorId)} and ${who(m.menteeId)}: six months of mentoring 🎉`;
}

function ordinal(n: number): string {
  const s = n % 100 >= 11 && n % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th';
  return `${n}${s}`;
}

function isEmpty(d: Digest): boolean {
  const h = d.headline;
  return (
    h.activeParticipants.value === 0 &&
    h.activeParticipants.previous === 0 &&
    d.series.every((p) => p.sessionsHeld === 0) &&
    d.matches.proposed === 0 &&
    d.ratings.commentCount === 0 &&
    d.ratings.overall.n === 0 &&
    d.stalledPairs.length === 0 &&
    d.lowRatedPairs.length === 0 &&
    (!d.circles || (d.circles.active === 0 && d.circles.attendance.sessions === 0))
  );
}

export function buildDigest(d: Digest, opts: { timeZone: string; weekLabel: string; programName?: string }): DigestMessage {
  const title = clip(`${opts.programName ?? 'Mentoring'} digest · ${opts.weekLabel}`, 150);
  if (isEmpty(d)) {
    return {
      text: `${escape(title)}: nothing yet`,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: title } },
        section('*Nothing yet.* No one has joined the program and no sessions have been held. Once people sign up and meet, this digest shows sign-ups, matches, sessions, ratings and who might need a hand.'),
        context('Ratings and comments are only ever shown in aggregate, once enough people have rated.'),
      ],
    };
  }
  const h = d.headline;
  const r = d.ratings;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: title } },
    fields([
      `*Active participants*\n${h.activeParticipants.value} (${change(h.activeParticipants)})`,
      `*New sign-ups*\n${h.newSignUps.value} (${change(h.newSignUps)})`,
      `*Matches made*\n${h.matchesMade.value} (${change(h.matchesMade)})`,
      `*Sessions held*\n${h.sessionsHeld.value} (${change(h.sessionsHeld)})`,
      `*Average rating*\n${h.averageRating.value === null ? '—' : `${h.averageRating.value.toFixed(1)} / 5`} (${ratingChange(h.averageRating)})`,
    ]),
    context(`By role: ${d.byRole.length ? d.byRole.map((x) => `${escape(x.role.replace(/_/g, ' '))} ${x.count}`).join(' · ') : 'nobody active yet'}`),
    divider,
    fields([
      `*Matches proposed*\n${d.matches.proposed}`,
      `*Accepted*\n${d.matches.accepted}`,
      `*Declined*\n${d.matches.declined}`,
      `*Expired*\n${d.matches.expired}`,
      `*Sessions held*\n${d.sessions.held}`,
      `*Sessions cancelled*\n${d.sessions.cancelled}`,
    ]),
    fields([average('Usefulness', r.usefulness, d.minRaters), average('Clarity', r.clarity, d.minRaters), average('Applicability', r.applicability, d.minRaters)]),
  ];
  blocks.push(commentBlock(r, 'comment', d.minRaters));
  blocks.push(...charts(d, opts.timeZone), divider, ...pairBlocks(d), divider);
  // Only a program that runs circles has the section, so a workspace without circles sees the digest as before.
  if (d.circles) blocks.push(...circleBlocks(d.circles, d.minRaters), divider);
  blocks.push(
    section(
      `*Skill gaps* (wanted − offered)\n${lines(
        d.skillGaps.map((g) => `• ${escape(g.name)}: ${g.wanted} want it, ${g.offered} offer it${g.waiting > 0 ? `; ${plural(g.waiting, 'person', 'people')} waiting for it` : ''}`),
        5,
        '_No gaps: every wanted skill has enough mentors._',
      )}`,
    ),
    fields([
      `*At capacity (${d.load.atCapacity.length})*\n${lines(d.load.atCapacity.map(loadLine), 10, 'nobody')}`,
      `*Near capacity, 80%+ (${d.load.nearCapacity.length})*\n${lines(d.load.nearCapacity.map(loadLine), 10, 'nobody')}`,
    ]),
    fields([reachLine('Reach by department', d.reach.byDepartment), reachLine('Reach by level', d.reach.byLevel), reachLine('Reach by location', d.reach.byLocation)]),
    section(`*Recognition*\n${lines(d.milestones.map(milestoneLine), 15, '_No milestones this week._')}`),
    // A cohort with outcome data: its self-ratings, goals and survey so far, already under the threshold.
    ...(d.outcomes ? [divider, ...outcomeBlocks(d.outcomes, 'Cohort outcomes so far', { footnote: false })] : []),
    context(`Averages need ${d.minRaters} or more different raters; ratings are never shown per person.`),
  );
  const text = `${escape(title)}: ${h.activeParticipants.value} active, ${h.sessionsHeld.value} sessions held, ${h.matchesMade.value} matches made`;
  return { text, blocks };
}
