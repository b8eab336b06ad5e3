/**
 * Slack's date token: each reader sees the instant in their own time zone.
 * The fallback text (UTC) is what clients that cannot render it show.
 */
export function slackDate(at: Date, format: string): string {
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}

/** A date and time, in the reader's zone. */
export const slackWhen = (at: Date) => slackDate(at, '{date_long} {time}');

export const weeks = (n: number) => (n < 1 ? 'less than a week' : `${n} week${n === 1 ? '' : 's'}`);
