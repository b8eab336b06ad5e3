/**
 * Every `/mentor` subcommand, in the order help lists them. The router and
 * the help text both read this list, so help can never fall behind.
 */
export interface SubcommandInfo {
  name: string;
  usage: string;
  summary: string;
  coordinatorOnly?: boolean;
}

export const SUBCOMMANDS = [
  { name: 'help', usage: '/mentor help', summary: 'Show this list of commands.' },
] as const satisfies readonly SubcommandInfo[];

export type SubcommandName = (typeof SUBCOMMANDS)[number]['name'];

export function parseCommandText(text: string): { name: string; args: string[] } {
  const [name = '', ...args] = text.trim().split(/\s+/).filter(Boolean);
  return { name: name.toLowerCase(), args };
}
