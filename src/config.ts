import { existsSync } from 'node:fs';
import { z } from 'zod';

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

export const zConfig = z.object({
  SLACK_BOT_TOKEN: z
    .string({ error: 'is required: the bot token from OAuth & Permissions, starting with xoxb-' })
    .startsWith('xoxb-', 'must be a bot token starting with xoxb-'),
  SLACK_SIGNING_SECRET: z
    .string({ error: 'is required: the signing secret from Basic Information' })
    .regex(/^\S{8,}$/, 'must be the signing secret from Basic Information (at least 8 characters, no spaces)'),
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
  COORDINATOR_CHANNEL_ID: z.preprocess(emptyAsUndefined, slackId('[CG]', 'C0123456789').optional()),
  COORDINATOR_USER_IDS: csvOf(slackId('[UW]', 'U0123456789'), 'U0123456789,U0987654321'),
  SKILL_TAXONOMY_PATH: z.preprocess(emptyAsUndefined, z.string().optional()),
  LOG_LEVEL: z.preprocess(
    emptyAsUndefined,
    z.enum(['debug', 'info', 'warn', 'error'], { error: 'must be one of debug, info, warn, error' }).default('info'),
  ),
});

export type Config = Readonly<{
  botToken: string;
  signingSecret: string;
  appToken: string | undefined;
  port: number;
  slackApiUrl: string;
  databasePath: string;
  coordinatorChannelId: string | undefined;
  coordinatorUserIds: readonly string[];
  /** The coordinators' skill taxonomy file; unset means the one shipped in config/skills.yaml. */
  skillTaxonomyPath: string | undefined;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Parses an environment into a Config, or into one readable line per problem. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const parsed = zConfig.safeParse(env);
  if (!parsed.success) {
    // Issues name the variable and the rule only: zod never echoes the input here,
    // so a mistyped secret is not printed.
    const problems = parsed.error.issues.map((issue) => `${String(issue.path[0] ?? 'config')} ${issue.message}`);
    return { ok: false, problems: [...new Set(problems)] };
  }
  const e = parsed.data;
  return {
    ok: true,
    config: Object.freeze({
      botToken: e.SLACK_BOT_TOKEN,
      signingSecret: e.SLACK_SIGNING_SECRET,
      appToken: e.SLACK_APP_TOKEN,
      port: e.PORT,
      slackApiUrl: e.SLACK_API_URL,
      databasePath: e.DATABASE_PATH,
      coordinatorChannelId: e.COORDINATOR_CHANNEL_ID,
      coordinatorUserIds: Object.freeze(e.COORDINATOR_USER_IDS),
      skillTaxonomyPath: e.SKILL_TAXONOMY_PATH,
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
