export { SlackEmulator, type EmulatorOptions } from './server.js';
export { UserActor, sign, type Delivery, type FormInput, type SendOptions } from './actors.js';
export { renderBlocks, renderMessage, renderText } from './render.js';
export { validateBlocks, validateView, LIMITS } from './blockKit.js';
export { BOT, TEAM } from './webApi.js';
export type { EmulatedUser, Fault, RecordedCall, StoredMessage, StoredView, VisibleEvent } from './state.js';
