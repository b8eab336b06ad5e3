/**
 * Slack's date token: each reader sees the instant in their own time zone.
 * The fallback text (UTC) is what clients that cannot render it show.
 */
export function slackDate(at: Date, format: string): string {
  const fallback = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(at.getTime() / 1000)}^${format}|${fallback}>`;
}

/** Keeps free text inside a Block Kit limit, marking the cut, for text the bot composes itself. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Escapes what people type before it goes into mrkdwn, so "<!channel>" stays text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
