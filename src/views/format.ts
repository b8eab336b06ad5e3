/**
 * Slack's date token: each reader sees the instant in their own time zone.
 * The fallback text (UTC) is what clients that cannot render it show.
 */
export function slackDate(at: Date, format: string): string {
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}
