/** Who the emulated workspace is; Slack reports it in auth.test, payloads and view JSON. */
export interface TeamIdentity {
  id: string;
  name: string;
  domain: string;
}

/** The app's bot user, as Slack knows it: member of conversations, author of the app's messages. */
export interface BotIdentity {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export const DEFAULT_TEAM: Readonly<TeamIdentity> = Object.freeze({ id: 'T0EMULATED', name: 'Emulated Workspace', domain: 'emulated' });
export const DEFAULT_BOT: Readonly<BotIdentity> = Object.freeze({ userId: 'U0BOT00001', botId: 'B0BOT00001', appId: 'A0APP00001', name: 'mentorbot' });
