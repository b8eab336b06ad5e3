import { existsSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_WEIGHTS, FACTORS, type Weights } from './domain/matching/participant.js';
import { isValidTimeZone } from './domain/time.js';

/**
 * The whole of the app's configuration. It is parsed once, at start-up, from the
 * environment; nothing else in the code base reads `process.env`.
 */
const slackId = (prefix: string, example: string) =>
  z.string().regex(new RegExp(`^${prefix}[A-Z0-9]{2,}$`), `must be a Slack ID such as ${example}`);

const csvOf = (item: z.ZodString, example: string) =>
  z
    .string()
    .optional()
    .transform((raw) => (raw ?? '').split(',').map((part) => part.trim()).filter(Boolean))
    .pipe(z.array(item, { error: `must be a comma-separated list such as ${example}` }));

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);

// Cron counts seconds within a minute, so a poll interval must divide it evenly.
const POLL_RULE = 'must be a number of seconds that divides a minute: 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60';
// A claim must outlive one call to Slack (10 s at most) so no replica takes over a send still under way.
const LEASE_RULE = 'must be a whole number of seconds from 15 to 3600';

export const zConfig = z.object({
  // Optional here; parseConfig says which entry point needs which (the roster import needs neither).
  SLACK_BOT_TOKEN: z.preprocess(emptyAsUndefined, z.string().startsWith('xoxb-', 'must be a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: z.preprocess(
    emptyAsUndefined,
    z.string().regex(/^\S{8,}$/, 'must be the signing secret from Basic Information (at least 8 characters, no spaces)').optional(),
  ),
  SLACK_APP_TOKEN: z.preprocess(
    emptyAsUndefined,
    z.string().startsWith('xapp-', 'must be an app-level token starting with xapp- (or unset for HTTP mode)').optional(),
  ),
  PORT: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: 'must be a whole number from 0 to 65535' })
      .int('must be a whole number from 0 to 65535')
      .min(0, 'must be a whole number from 0 to 65535')
      .max(65535, 'must be a whole number from 0 to 65535')
      .default(3000),
  ),
  SLACK_API_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL ending in /api/, such as https://slack.com/api/' })
      .transform((url) => (url.endsWith('/') ? url : `${url}/`))
      .default('https://slack.com/api/'),
  ),
  DATABASE_PATH: z.preprocess(emptyAsUndefined, z.string().min(1).default('./data/mentoring.db')),
  // Set: PostgreSQL, which several replicas can share; unset: the SQLite file at DATABASE_PATH.
  DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .url({ protocol: /^postgres(ql)?$/, error: 'must be a PostgreSQL URL such as postgres://user:password@host:5432/mentoring, or unset for the SQLite file at DATABASE_PATH' })
      .optional(),
  ),
  COORDINATOR_CHANNEL_ID: z.preprocess(emptyAsUndefined, slackId('[CG]', 'C0123456789').optional()),
  COORDINATOR_USER_IDS: csvOf(slackId('[UW]', 'U0123456789'), 'U0123456789,U0987654321'),
  SKILL_TAXONOMY_PATH: z.preprocess(emptyAsUndefined, z.string().optional()),
  MATCH_WEIGHTS: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .optional()
      .transform((raw, ctx) => {
        if (raw === undefined) return {};
        try {
          return JSON.parse(raw) as unknown;
        } catch {
          ctx.addIssue({ code: 'custom', message: `must be JSON such as {"skills":0.4,"availability":0.2}` });
          return z.NEVER;
        }
      })
      .pipe(
        z.strictObject(
          Object.fromEntries(FACTORS.map((f) => [f, z.number({ error: `${f} must be a number from 0 to 1` }).min(0, `${f} must be a number from 0 to 1`).max(1, `${f} must be a number from 0 to 1`).optional()])),
          {
            error: (issue) =>
              issue.code === 'unrecognized_keys' ? `may only name the factors ${FACTORS.join(', ')}` : `must be a JSON object with any of ${FACTORS.join(', ')}`,
          },
        ),
      ),
  ),
  MATCH_COOLDOWN_MONTHS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: 'must be a whole number of months from 0 to 36' }).int('must be a whole number of months from 0 to 36').min(0, 'must be a whole number of months from 0 to 36').max(36, 'must be a whole number of months from 0 to 36').default(6),
  ),
  CHECK_IN_EVERY_DAYS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: 'must be a whole number of days from 7 to 60' }).int('must be a whole number of days from 7 to 60').min(7, 'must be a whole number of days from 7 to 60').max(60, 'must be a whole number of days from 7 to 60').default(14),
  ),
  GOAL_CHECK_IN_EVERY_DAYS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: 'must be a whole number of days from 7 to 120' }).int('must be a whole number of days from 7 to 120').min(7, 'must be a whole number of days from 7 to 120').max(120, 'must be a whole number of days from 7 to 120').default(30),
  ),
  DIGEST_TIMEZONE: z.preprocess(
    emptyAsUndefined,
    z.string().refine(isValidTimeZone, 'must be an IANA time zone such as Europe/London or America/New_York').default('UTC'),
  ),
  RATING_MIN_RATERS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: 'must be a whole number from 2 to 50' }).int('must be a whole number from 2 to 50').min(2, 'must be a whole number from 2 to 50').max(50, 'must be a whole number from 2 to 50').default(3),
  ),
  FAIRNESS_MIN_GROUP_SIZE: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: 'must be a whole number from 2 to 100' }).int('must be a whole number from 2 to 100').min(2, 'must be a whole number from 2 to 100').max(100, 'must be a whole number from 2 to 100').default(5),
  ),
  CALENDAR_ORGANIZER_EMAIL: z.preprocess(
    emptyAsUndefined,
    z.email({ error: 'must be an email address, such as mentoring@example.com' }).default('mentoring-bot@noreply.invalid'),
  ),
  OUTBOX_POLL_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce
      .number({ error: POLL_RULE })
      .int(POLL_RULE)
      .refine((n) => n > 0 && 60 % n === 0, POLL_RULE)
      .default(15),
  ),
  OUTBOX_LEASE_SECONDS: z.preprocess(
    emptyAsUndefined,
    z.coerce.number({ error: LEASE_RULE }).int(LEASE_RULE).min(15, LEASE_RULE).max(3600, LEASE_RULE).default(120),
  ),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }).default('info'),
  ),
});

export type Config = Readonly<{
  botToken: string;
  /** Only the HTTP receiver verifies signatures; jobs and Socket Mode never need it. */
  signingSecret: string | undefined;
  appToken: string | undefined;
  port: number;
  slackApiUrl: string;
  databasePath: string;
  /** PostgreSQL's connection URL; undefined: the SQLite file at databasePath. */
  databaseUrl: string | undefined;
  coordinatorChannelId: string | undefined;
  coordinatorUserIds: readonly string[];
  /** Factor weights for pair scores, the defaults overridden by MATCH_WEIGHTS. */
  matchWeights: Weights;
  /** A pair that ended (or was declined) this recently is not proposed again. */
  matchCooldownMonths: number;
  /** Days between a mentor's check-ins, and between a mentee's goal check-ins. */
  checkInEveryDays: number;
  goalCheckInEveryDays: number;
  /** The weekly digest goes out Mondays at 09:00 in this zone. */
  digestTimeZone: string;
  /** An average rating is shown only when this many different people gave it. */
  ratingMinRaters: number;
  /**
   * The smallest group a fairness target holds to its rate and a bias audit
   * reports a figure for: below it a rate swings on one person and could
   * point at them.
   */
  fairnessMinGroupSize: number;
  /** The coordinators' skill taxonomy file; unset means the one shipped in config/skills.yaml. */
  skillTaxonomyPath: string | undefined;
  /** The ORGANIZER of calendar invitations (RFC 5546 requires one); replies to invitations go there. */
  calendarOrganizerEmail: string;
  /** Every replica looks for due messages this often (and once at start). */
  outboxPollSeconds: number;
  /** How long a replica's claim on a message holds without being renewed: how soon another replica takes over the sends of one that died. */
  outboxLeaseSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}>;

/** What the roster import works with: the database always, Slack only when a token is set. */
export type RosterConfig = Omit<Config, 'botToken'> & { botToken: string | undefined };

/**
 * Which entry point is starting, and so which settings it cannot do without:
 * the app needs the bot token and, over HTTP, the signing secret; a job needs
 * the bot token to send; the roster import needs only the database.
 */
export type ConfigPurpose = 'app' | 'job' | 'roster';

export type ConfigResult<C = Config> = { ok: true; config: C } | { ok: false; problems: string[] };

const REQUIRED = {
  SLACK_BOT_TOKEN: 'is required: the bot token from OAuth & Permissions, starting with xoxb-',
  SLACK_SIGNING_SECRET: 'is required: the signing secret from Basic Information (or set SLACK_APP_TOKEN to run in Socket Mode)',
} as const;

/** Parses an environment into a Config, or into one readable line per problem. */
export function parseConfig(env: Record<string, string | undefined>, purpose?: 'app' | 'job'): ConfigResult;
export function parseConfig(env: Record<string, string | undefined>, purpose: 'roster'): ConfigResult<RosterConfig>;
export function parseConfig(env: Record<string, string | undefined>, purpose: ConfigPurpose = 'app'): ConfigResult<Config | RosterConfig> {
  const parsed = zConfig.safeParse(env);
  // Issues name the variable and the rule only: zod never echoes the input here,
  // so a mistyped secret is not printed.
  const problems = parsed.success ? [] : parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'config')} ${issue.message}`);
  const given = (name: string) => (env[name] ?? '') !== '';
  const missing: (keyof typeof REQUIRED)[] = [];
  if (purpose !== 'roster' && !given('SLACK_BOT_TOKEN')) missing.push('SLACK_BOT_TOKEN');
  if (purpose === 'app' && !given('SLACK_SIGNING_SECRET') && !given('SLACK_APP_TOKEN')) missing.push('SLACK_SIGNING_SECRET');
  problems.unshift(...missing.map((name) => `${name} ${REQUIRED[name]}`));
  if (!parsed.success || problems.length > 0) return { ok: false, problems: [...new Set(problems)] };
  const e = parsed.data;
  return {
    ok: true,
    config: Object.freeze({
      botToken: e.SLACK_BOT_TOKEN as string,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      port: e.PORT,
      slackApiUrl: e.SLACK_API_URL,
      databasePath: e.DATABASE_PATH,
      databaseUrl: e.DATABASE_URL,
      coordinatorChannelId: e.COORDINATOR_CHANNEL_ID,
      coordinatorUserIds: Object.freeze(e.COORDINATOR_USER_IDS),
      skillTaxonomyPath: e.SKILL_TAXONOMY_PATH,
      matchWeights: Object.freeze({ ...DEFAULT_WEIGHTS, ...(e.MATCH_WEIGHTS as Partial<Weights>) }),
      matchCooldownMonths: e.MATCH_COOLDOWN_MONTHS,
      checkInEveryDays: e.CHECK_IN_EVERY_DAYS,
      digestTimeZone: e.DIGEST_TIMEZONE,
      ratingMinRaters: e.RATING_MIN_RATERS,
      fairnessMinGroupSize: e.FAIRNESS_MIN_GROUP_SIZE,
      goalCheckInEveryDays: e.GOAL_CHECK_IN_EVERY_DAYS,
      calendarOrganizerEmail: e.CALENDAR_ORGANIZER_EMAIL,
      outboxPollSeconds: e.OUTBOX_POLL_SECONDS,
      outboxLeaseSeconds: e.OUTBOX_LEASE_SECONDS,
      logLevel: e.LOG_LEVEL,
    }),
  };
}

/**
 * The process environment, with `.env` from the working directory applied
 * first when present (variables already set win). Entry points call this
 * once and hand the result to parseConfig.
 */
export function readEnvironment(): Record<string, string | undefined> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  return process.env;
}
