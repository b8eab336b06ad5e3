/**
 * Every `/mentor` subcommand, in the order help lists them. The router, the
 * help text and Home all read this list, so help can never fall behind and
 * the router enforces the coordinatorOnly flag help shows.
 */
export interface SubcommandInfo {
  name: string;
  usage: string;
  summary: string;
  coordinatorOnly?: boolean;
  /** Only workspace admins (COORDINATOR_USER_IDS): creating and running programs. */
  adminOnly?: boolean;
}

export const SUBCOMMANDS = [
  { name: 'join', usage: '/mentor join', summary: 'Join the program: your role, skills, goals and when you can meet.' },
  { name: 'profile', usage: '/mentor profile', summary: 'See your profile and edit it.' },
  { name: 'match', usage: '/mentor match', summary: 'Get your three best-fitting mentors, with why, and ask one.' },
  { name: 'schedule', usage: '/mentor schedule', summary: 'Offer your partner three times in the next two weeks that fit you both.' },
  { name: 'office-hours', usage: '/mentor office-hours', summary: 'Leaders: offer your reverse mentors times to book with you.' },
  { name: 'pause', usage: '/mentor pause [weeks]', summary: 'Take a break from prompts, check-ins and matching (until you resume, or for 1–26 weeks).' },
  { name: 'resume', usage: '/mentor resume', summary: 'End your break.' },
  { name: 'leave', usage: '/mentor leave', summary: 'Leave the program; your mentorships end and partners are told.' },
  { name: 'export-my-data', usage: '/mentor export-my-data', summary: 'Get a file with everything we store about you.' },
  { name: 'delete-my-data', usage: '/mentor delete-my-data', summary: 'Erase your data; only anonymous totals remain.' },
  { name: 'programs', usage: '/mentor programs', summary: 'See the programs you can join, and where you stand in yours.' },
  { name: 'circles', usage: '/mentor circles', summary: 'See the mentoring circles you can join, and join or leave one; `time <number>` offers a circle new times.' },
  { name: 'about-me', usage: '/mentor about-me', summary: "If your program asks: describe yourself, optionally, for its anonymous fairness audit; `remove` takes your answers back." },
  { name: 'help', usage: '/mentor help', summary: 'Show this list of commands.' },
  { name: 'overview', usage: '/mentor overview', summary: 'People by role, and how many are active.', coordinatorOnly: true },
  { name: 'digest', usage: '/mentor digest', summary: "Preview this week's program digest.", coordinatorOnly: true },
  { name: 'export', usage: '/mentor export', summary: 'Get the program metrics as a CSV file.', coordinatorOnly: true },
  { name: 'round', usage: '/mentor round', summary: 'Propose the best matching for the whole program; preview, then publish.', coordinatorOnly: true },
  { name: 'circle', usage: '/mentor circle form [program]', summary: 'Form circles from everyone who asked for one (preview, then publish); `new` opens one by hand.', coordinatorOnly: true },
  { name: 'pair', usage: '/mentor pair [program]', summary: 'Pair two people by hand; every rule is checked, and setting one aside needs a reason.', coordinatorOnly: true },
  { name: 'audit', usage: '/mentor audit [program]', summary: 'The bias audit: match, acceptance, decline, stall and rating rates by group, with a CSV.', coordinatorOnly: true },
  { name: 'exclude', usage: '/mentor exclude', summary: 'Keep two people from ever being matched (a known conflict), with a reason only coordinators see.', coordinatorOnly: true },
  { name: 'program', usage: '/mentor program new', summary: 'Create a program; `edit`, `pause`, `resume` or `close` followed by its name runs one.', coordinatorOnly: true, adminOnly: true },
] as const satisfies readonly SubcommandInfo[];

export type SubcommandName = (typeof SUBCOMMANDS)[number]['name'];
