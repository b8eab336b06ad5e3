export { SlackEmulator, type EmulatorOptions } from './server.js';
export { UserActor, sign, type Delivery, type FormInput, type SendOptions, type SuggestedOption } from './actors.js';
export { renderBlocks, renderMessage, renderText } from './render.js';
export { validateBlocks, validateView, validateOptionsResponse, LIMITS } from './blockKit.js';
export { BOT, TEAM } from './webApi.js';
export type { EmulatedChannel, EmulatedUser, Fault, FaultCall, FaultPolicy, RecordedCall, StoredFile, StoredMessage, StoredView, VisibleEvent } from './state.js';
