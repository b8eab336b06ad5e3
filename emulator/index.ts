/*
 * A local Slack for tests and demos: the Web API an app calls, the people who
 * send it slash commands, clicks, submissions and events (signed HTTP requests,
 * or Socket Mode envelopes over a WebSocket), and what each of them then sees.
 * It depends on nothing in the app (src/) nor on its demo or tests, which are
 * its clients: this file is its whole public surface.
 */
export { SlackEmulator, type EmulatorOptions } from './server.js';
export { sign, type Delivery, type FormInput, type SendOptions, type SlackUser, type SuggestedOption } from './actors.js';
export { ACK_TIMEOUT_MS, MAX_CONNECTIONS, SocketModeGateway, type AckOutcome, type DisconnectReason, type Envelope, type EnvelopeType, type ReceivedAck } from './socketMode.js';
export { DEFAULT_BOT, DEFAULT_TEAM, type BotIdentity, type TeamIdentity } from './identity.js';
export { renderBlocks, renderMessage, renderText, type Names } from './render.js';
export { validateBlocks, validateView, validateOptionsResponse, LIMITS } from './blockKit.js';
export type { ChannelState, ChannelText, EmulatedChannel, EmulatedUser, Fault, FaultCall, FaultPolicy, RecordedCall, StoredFile, StoredMessage, StoredView, VisibleEvent } from './state.js';
