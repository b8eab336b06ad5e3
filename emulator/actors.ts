import { createHmac, randomUUID } from 'node:crypto';
import { validateOptionsResponse } from './blockKit.js';
import type { SlackEmulator } from './server.js';
import { ACK_TIMEOUT_MS, type AckOutcome, type EnvelopeType } from './socketMode.js';
import type { StoredMessage, StoredView } from './state.js';

const FORM = 'application/x-www-form-urlencoded';

/**
 * What came back from the app. Over Socket Mode, an ack is status 200 and
 * its payload is the body, where Slack reads one (slash commands, view
 * submissions, options requests), so both receivers answer alike.
 */
export interface Delivery {
  /**
   * The app's HTTP status (200 for a Socket Mode ack), or 0 when it did not
   * answer within Slack's 3-second ack window (body `operation_timeout`) or,
   * in Socket Mode, had no connection open (body `dispatch_failed`).
   */
  status: number;
  body: string;
  /** The parsed JSON body, when the app answered with JSON. */
  json?: Record<string, unknown>;
}

/** Over HTTP only: Socket Mode envelopes are not signed. */
export interface SendOptions {
  /** Overrides the signing timestamp (seconds), e.g. to send a stale request. */
  timestamp?: number;
  /** Overrides the secret used to sign, e.g. to send a forged request. */
  signingSecret?: string;
}

/** An option as the app served it to an external select (option_groups are flattened). */
export interface SuggestedOption {
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  value: string;
  description?: { type: 'plain_text'; text: string; emoji?: boolean };
}

/** Slack asks for external options only once the person has typed this many characters, unless the element says otherwise. */
const DEFAULT_MIN_QUERY_LENGTH = 3;

/** Values a person types or picks in a modal, keyed by block_id then action_id. */
export type FormInput = Record<string, Record<string, string | string[] | undefined>>;

export function sign(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/**
 * What a client of the emulator does as one person in the workspace, and what
 * that person sees. Every request reaches the app's /slack/events signed the
 * way Slack signs it or, when the app is in Socket Mode, as an envelope over
 * its WebSocket.
 */
export interface SlackUser {
  /** Runs a slash command, e.g. `slash('/mentor help')`, from the person's DM with the bot. */
  slash(commandLine: string, options?: SendOptions): Promise<Delivery>;
  /** Clicks the button with this action_id wherever the person sees it: modal, then Home, then newest message. */
  click(actionId: string, options?: SendOptions & { value?: string }): Promise<Delivery>;
  /**
   * Submits the person's top modal with these inputs. Applies the app's
   * response_action the way Slack does: errors keep the modal open.
   */
  submit(input?: FormInput, options?: SendOptions): Promise<Delivery & { errors?: Record<string, string> }>;
  /**
   * Types `value` into the external select (or multi external select) with
   * this action_id in the person's open modal: Slack sends the app a signed
   * block_suggestion (to the options load URL, for Bolt the same endpoint) and
   * shows the options it answers with. Returns them, option_groups flattened,
   * and remembers them so submit() can pick them. Throws when Slack would not
   * ask (fewer characters than min_query_length, 3 unless set) or when the
   * app's answer is not a valid options list.
   */
  suggest(actionId: string, value?: string, options?: SendOptions): Promise<SuggestedOption[]>;
  /**
   * Writes a message as this person (in their DM with the bot unless a
   * channel is given). It is stored and shown; no Events API callback is sent.
   */
  say(text: string, channel?: string): StoredMessage;
  /** Opens the app's Home tab, which Slack reports as an app_home_opened event. */
  openHome(options?: SendOptions): Promise<Delivery>;
  /**
   * An admin deactivates this person's account: Slack tells the app with a
   * user_change event whose user is marked deleted. (From then on this
   * emulator answers user_not_found for them; real Slack's users.info still
   * returns them, with deleted: true.)
   */
  deactivate(options?: SendOptions): Promise<Delivery>;
  /** The person's DM with the bot and their ephemerals, oldest first. */
  messages(): StoredMessage[];
  lastMessage(): StoredMessage | undefined;
  home(): StoredView | undefined;
  /** The person's top open modal, if any. */
  modal(): StoredView | undefined;
  /**
   * Posts a raw body to the app's /slack/events, signed as Slack signs it or,
   * through the options, stale or forged: for requests Slack itself would not send.
   * Over HTTP only; it throws when the app is in Socket Mode.
   */
  send(body: string, contentType: string, options?: SendOptions): Promise<Delivery>;
}

/** The emulator's SlackUser; clients hold it only as a SlackUser, from emulator.user(id). */
export class UserActor implements SlackUser {
  constructor(
    private readonly emulator: SlackEmulator,
    private readonly id: string,
  ) {}

  async slash(commandLine: string, options: SendOptions = {}): Promise<Delivery> {
    const [command = '', ...rest] = commandLine.trim().split(/\s+/);
    const channel = this.emulator.workspace.imFor(this.id).id;
    const user = this.emulator.workspace.requireUser(this.id);
    const form = new URLSearchParams({
      token: 'emulated-verification-token',
      team_id: this.emulator.team.id,
      team_domain: this.emulator.team.domain,
      channel_id: channel,
      channel_name: 'directmessage',
      user_id: this.id,
      user_name: user.name,
      command,
      text: rest.join(' '),
      api_app_id: this.emulator.bot.appId,
      is_enterprise_install: 'false',
      response_url: this.emulator.issueResponseUrl(this.id, channel),
      trigger_id: this.emulator.workspace.issueTrigger(this.id),
    });
    const delivery = await this.dispatch('slash_commands', Object.fromEntries(form), options);
    this.showAckReply(delivery, channel);
    return delivery;
  }

  async click(actionId: string, options: SendOptions & { value?: string } = {}): Promise<Delivery> {
    const found = this.findElement(actionId);
    if (!found) throw new Error(`${this.id} sees no element with action_id "${actionId}"`);
    const { element, blockId, container } = found;
    const action = {
      type: element.type,
      action_id: actionId,
      block_id: blockId,
      value: options.value ?? element.value,
      text: element.text,
      action_ts: `${this.emulator.now() / 1000}`,
    };
    const payload: Record<string, unknown> = {
      type: 'block_actions',
      user: { id: this.id, team_id: this.emulator.team.id },
      team: { id: this.emulator.team.id, domain: this.emulator.team.domain },
      api_app_id: this.emulator.bot.appId,
      token: 'emulated-verification-token',
      trigger_id: this.emulator.workspace.issueTrigger(this.id),
      actions: [action],
    };
    if ('view' in container) {
      payload.container = { type: 'view', view_id: container.view.id };
      payload.view = this.viewPayload(container.view);
    } else {
      const { message } = container;
      payload.container = { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: Boolean(message.visibleTo) };
      payload.channel = { id: message.channel };
      payload.message = { ts: message.ts, text: message.text, blocks: message.blocks };
      payload.response_url = this.emulator.issueResponseUrl(this.id, message.channel, message.ts);
    }
    return this.dispatch('interactive', payload, options);
  }

  async submit(input: FormInput = {}, options: SendOptions = {}): Promise<Delivery & { errors?: Record<string, string> }> {
    const stack = this.emulator.workspace.modalStacks.get(this.id) ?? [];
    const viewId = stack.at(-1);
    const stored = viewId ? this.emulator.workspace.views.get(viewId) : undefined;
    if (!stored) throw new Error(`${this.id} has no open modal to submit`);
    const served = (actionId: string) => this.emulator.optionsServed(this.id, actionId);
    const payload = {
      type: 'view_submission',
      user: { id: this.id, team_id: this.emulator.team.id },
      team: { id: this.emulator.team.id, domain: this.emulator.team.domain },
      api_app_id: this.emulator.bot.appId,
      token: 'emulated-verification-token',
      trigger_id: this.emulator.workspace.issueTrigger(this.id),
      view: { ...this.viewPayload(stored), state: { values: formState(stored.view, input, served) } },
    };
    const delivery = await this.dispatch('interactive', payload, options);
    if (delivery.status !== 200) return delivery;
    const action = delivery.json?.response_action;
    if (action === 'errors') {
      const errors = delivery.json?.errors as Record<string, string>;
      this.emulator.show({ kind: 'modal', userId: this.id, action: 'errors', view: stored, errors });
      return { ...delivery, errors };
    }
    if (action === 'update') {
      stored.view = delivery.json?.view as Record<string, unknown>;
      this.emulator.show({ kind: 'modal', userId: this.id, action: 'update', view: stored });
    } else if (action === 'clear') {
      this.emulator.workspace.closeModals(this.id);
    } else if (action !== 'push') {
      stack.pop();
      this.emulator.show({ kind: 'modal', userId: this.id, action: 'close', view: stored });
    }
    return delivery;
  }

  async suggest(actionId: string, value = '', options: SendOptions = {}): Promise<SuggestedOption[]> {
    const stored = this.modal();
    if (!stored) throw new Error(`${this.id} has no open modal`);
    const hit = findIn((stored.view.blocks as unknown[]) ?? [], actionId);
    if (!hit) throw new Error(`${this.id}'s modal has no element with action_id "${actionId}"`);
    const { element, blockId } = hit;
    if (element.type !== 'external_select' && element.type !== 'multi_external_select') {
      throw new Error(`"${actionId}" is a ${element.type}, not an external select`);
    }
    const minLength = typeof element.min_query_length === 'number' ? element.min_query_length : DEFAULT_MIN_QUERY_LENGTH;
    if (value.length < minLength) {
      throw new Error(`Slack does not ask for "${actionId}" options before ${minLength} typed characters (min_query_length); got "${value}"`);
    }
    const user = this.emulator.workspace.requireUser(this.id);
    const payload = {
      type: 'block_suggestion',
      user: { id: this.id, username: user.name, name: user.name, team_id: this.emulator.team.id },
      container: { type: 'view', view_id: stored.id },
      api_app_id: this.emulator.bot.appId,
      token: 'emulated-verification-token',
      action_id: actionId,
      block_id: blockId,
      value,
      team: { id: this.emulator.team.id, domain: this.emulator.team.domain },
      enterprise: null,
      is_enterprise_install: false,
      view: { ...this.viewPayload(stored), state: { values: {} } },
    };
    const delivery = await this.dispatch('interactive', payload, options);
    if (delivery.status !== 200 || !delivery.json) {
      throw new Error(`the app answered the block_suggestion for "${actionId}" with ${delivery.status}: ${delivery.body || '(empty)'}`);
    }
    const errors = validateOptionsResponse(delivery.json);
    if (errors.length) throw new Error(`the app's options for "${actionId}" are invalid: ${errors.join('; ')}`);
    const answer = delivery.json as { options?: SuggestedOption[]; option_groups?: { options: SuggestedOption[] }[] };
    const served = [...(answer.options ?? []), ...(answer.option_groups ?? []).flatMap((g) => g.options)];
    this.emulator.rememberServed(this.id, actionId, served);
    return served;
  }

  say(text: string, channel?: string): StoredMessage {
    return this.emulator.workspace.postAsUser(this.id, channel ?? this.emulator.workspace.imFor(this.id).id, text);
  }

  async openHome(options: SendOptions = {}): Promise<Delivery> {
    const now = this.emulator.now();
    const event = {
      type: 'app_home_opened',
      user: this.id,
      channel: this.emulator.workspace.imFor(this.id).id,
      tab: 'home',
      event_ts: `${now / 1000}`,
      view: this.emulator.workspace.homes.get(this.id)?.view,
    };
    return this.dispatch('events_api', this.eventCallback(event), options);
  }

  async deactivate(options: SendOptions = {}): Promise<Delivery> {
    const user = this.emulator.workspace.requireUser(this.id);
    user.deleted = true;
    const now = this.emulator.now();
    return this.dispatch('events_api', this.eventCallback({ type: 'user_change', user: this.emulator.workspace.describeUser(user), cache_ts: Math.floor(now / 1000), event_ts: `${now / 1000}` }), options);
  }

  /** An Events API callback around `event`, as Slack wraps every event it sends the app. */
  private eventCallback(event: Record<string, unknown>): Record<string, unknown> {
    return {
      token: 'emulated-verification-token',
      team_id: this.emulator.team.id,
      api_app_id: this.emulator.bot.appId,
      type: 'event_callback',
      event_id: `Ev${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`,
      event_time: Math.floor(this.emulator.now() / 1000),
      event,
      authorizations: [{ team_id: this.emulator.team.id, user_id: this.emulator.bot.userId, is_bot: true }],
    };
  }

  messages(): StoredMessage[] {
    return this.emulator.messagesFor(this.id);
  }

  lastMessage(): StoredMessage | undefined {
    return this.messages().at(-1);
  }

  home(): StoredView | undefined {
    return this.emulator.workspace.homes.get(this.id);
  }

  modal(): StoredView | undefined {
    const id = this.emulator.workspace.modalStacks.get(this.id)?.at(-1);
    return id ? this.emulator.workspace.views.get(id) : undefined;
  }

  async send(body: string, contentType: string, options: SendOptions = {}): Promise<Delivery> {
    if (!this.emulator.appUrl) {
      throw new Error(
        this.emulator.socketModeEnabled
          ? 'the app receives over Socket Mode, not at an HTTP URL: send() has nowhere to post'
          : 'set emulator.appUrl to the app’s /slack/events URL first',
      );
    }
    const timestamp = options.timestamp ?? Math.floor(this.emulator.now() / 1000);
    const signature = sign(options.signingSecret ?? this.emulator.options.signingSecret, timestamp, body);
    let response: Response;
    try {
      response = await fetch(this.emulator.appUrl, {
        method: 'POST',
        headers: { 'content-type': contentType, 'x-slack-request-timestamp': String(timestamp), 'x-slack-signature': signature },
        body,
        // Slack waits three seconds for the ack, then tells the person it failed.
        signal: AbortSignal.timeout(ACK_TIMEOUT_MS),
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') return { status: 0, body: 'operation_timeout' };
      throw error;
    }
    const text = await response.text();
    let json: Record<string, unknown> | undefined;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
    } catch {
      json = undefined;
    }
    return { status: response.status, body: text, json };
  }

  /**
   * What Slack sends the app for one slash command, interaction or event: an
   * envelope over the app's WebSocket in Socket Mode, otherwise a signed
   * request to appUrl (the form Slack posts, or the Events API's JSON).
   */
  private async dispatch(type: EnvelopeType, payload: Record<string, unknown>, options: SendOptions): Promise<Delivery> {
    if (this.emulator.socketModeEnabled) return asDelivery(await this.emulator.socketMode.deliver(type, payload));
    if (type === 'events_api') return this.send(JSON.stringify(payload), 'application/json', options);
    const form = type === 'slash_commands' ? new URLSearchParams(payload as Record<string, string>) : new URLSearchParams({ payload: JSON.stringify(payload) });
    return this.send(form.toString(), FORM, options);
  }

  /** What the app put in its ack of a slash command is what the person sees. */
  private showAckReply(delivery: Delivery, channel: string): void {
    if (delivery.status !== 200 || !delivery.body) return;
    const reply = delivery.json ?? { text: delivery.body };
    const method = reply.response_type === 'in_channel' ? 'chat.postMessage' : 'chat.postEphemeral';
    this.emulator.workspace.methods[method]?.({ channel, user: this.id, text: reply.text, blocks: reply.blocks });
  }

  private findElement(actionId: string): { element: ElementLike; blockId: string; container: { view: StoredView } | { message: StoredMessage } } | undefined {
    const ws = this.emulator.workspace;
    const modalId = ws.modalStacks.get(this.id)?.at(-1);
    const views = [modalId ? ws.views.get(modalId) : undefined, ws.homes.get(this.id)].filter((v): v is StoredView => Boolean(v));
    for (const view of views) {
      const hit = findIn(view.view.blocks as unknown[], actionId);
      if (hit) return { ...hit, container: { view } };
    }
    const channels = [...ws.channels.values()].filter((c) => c.members.includes(this.id)).map((c) => c.id);
    const candidates = ws.messages.filter(
      (m) => !m.deleted && (m.visibleTo === this.id || (!m.visibleTo && channels.includes(m.channel))),
    );
    for (const message of [...candidates].reverse()) {
      const hit = findIn(message.blocks ?? [], actionId);
      if (hit) return { ...hit, container: { message } };
    }
    return undefined;
  }

  private viewPayload(stored: StoredView): Record<string, unknown> {
    return { ...stored.view, id: stored.id, hash: stored.hash, team_id: this.emulator.team.id, app_id: this.emulator.bot.appId, bot_id: this.emulator.bot.botId };
  }
}

/** An envelope's outcome in the shape an HTTP delivery has. */
function asDelivery(outcome: AckOutcome): Delivery {
  if (outcome.kind === 'timeout') return { status: 0, body: 'operation_timeout' };
  if (outcome.kind === 'no_connection') return { status: 0, body: 'dispatch_failed' };
  return outcome.payload ? { status: 200, body: JSON.stringify(outcome.payload), json: outcome.payload } : { status: 200, body: '' };
}

interface ElementLike {
  type: string;
  action_id?: string;
  value?: string;
  text?: unknown;
  options?: { value: string; text: unknown }[];
  option_groups?: { options: { value: string; text: unknown }[] }[];
  min_query_length?: number;
  initial_option?: { value: string; text: unknown };
  initial_options?: { value: string; text: unknown }[];
}

function findIn(blocks: unknown[], actionId: string): { element: ElementLike; blockId: string } | undefined {
  for (const [i, raw] of blocks.entries()) {
    const block = raw as { block_id?: string; element?: ElementLike; accessory?: ElementLike; elements?: ElementLike[] };
    const elements = [block.element, block.accessory, ...(block.elements ?? [])];
    const element = elements.find((e) => e?.action_id === actionId);
    if (element) return { element, blockId: block.block_id ?? `block-${i}` };
  }
  return undefined;
}

/**
 * Builds view.state.values as Slack does for each input element, refusing
 * options the modal never offered, since a person cannot pick those.
 */
function formState(
  view: Record<string, unknown>,
  input: FormInput,
  served: (actionId: string) => { value: string; text: unknown }[] = () => [],
): Record<string, Record<string, unknown>> {
  const state: Record<string, Record<string, unknown>> = {};
  for (const raw of (view.blocks as unknown[]) ?? []) {
    const block = raw as { type: string; block_id?: string; element?: ElementLike };
    if (block.type !== 'input' || !block.block_id || !block.element?.action_id) continue;
    const { element } = block;
    const actionId = element.action_id as string;
    const given = input[block.block_id]?.[actionId];
    const options = [...(element.options ?? []), ...(element.option_groups ?? []).flatMap((g) => g.options)];
    const pick = (value: string) => {
      const option = options.find((o) => o.value === value);
      if (!option) throw new Error(`"${value}" is not an option of ${block.block_id}.${actionId}`);
      return option;
    };
    // An external select offers what the app served (and its initial options), nothing else.
    const pickServed = (value: string) => {
      const offered = [...served(actionId), ...(element.initial_option ? [element.initial_option] : []), ...(element.initial_options ?? [])];
      const option = offered.find((o) => o.value === value);
      if (!option) {
        const known = offered.map((o) => `"${o.value}"`).join(', ') || 'nothing yet: call suggest() first';
        throw new Error(`"${value}" was never offered by ${block.block_id}.${actionId} (offered: ${known})`);
      }
      return option;
    };
    const values = given === undefined ? [] : Array.isArray(given) ? given : [given];
    const single = values[0];
    let value: Record<string, unknown>;
    switch (element.type) {
      case 'static_select':
      case 'radio_buttons':
        value = { selected_option: single === undefined ? null : pick(single) };
        break;
      case 'multi_static_select':
      case 'checkboxes':
        value = { selected_options: values.map(pick) };
        break;
      case 'external_select':
        value = { selected_option: single === undefined ? null : pickServed(single) };
        break;
      case 'multi_external_select':
        value = { selected_options: values.map(pickServed) };
        break;
      case 'datepicker':
        value = { selected_date: single ?? null };
        break;
      case 'timepicker':
        value = { selected_time: single ?? null };
        break;
      case 'users_select':
        value = { selected_user: single ?? null };
        break;
      case 'multi_users_select':
        value = { selected_users: values };
        break;
      case 'conversations_select':
        value = { selected_conversation: single ?? null };
        break;
      case 'channels_select':
        value = { selected_channel: single ?? null };
        break;
      case 'multi_conversations_select':
        value = { selected_conversations: values };
        break;
      default:
        value = { value: single ?? null };
    }
    state[block.block_id] = { [actionId]: { type: element.type, ...value } };
  }
  return state;
}
