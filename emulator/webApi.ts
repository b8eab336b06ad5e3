import { createHash, randomUUID } from 'node:crypto';
import { LIMITS, validateBlocks, validateView } from './blockKit.js';
import type { BotIdentity, TeamIdentity } from './identity.js';
import {
  ApiError,
  type EmulatedChannel,
  type EmulatedUser,
  type StoredFile,
  type StoredMessage,
  type StoredView,
  type VisibleEvent,
} from './state.js';

const TRIGGER_TTL_MS = 3_000;
const MAX_MODAL_STACK = 3;
/** conversations.create: lowercase letters, digits, hyphens and underscores, at most 80 characters. */
const MAX_CHANNEL_NAME = 80;
/** conversations.invite takes up to 1000 user IDs. */
const MAX_INVITES = 1000;
/** conversations.setTopic / setPurpose: at most 250 characters. */
const MAX_TOPIC_CHARS = 250;

type Args = Record<string, unknown>;
type Handler = (args: Args) => Record<string, unknown>;

/**
 * The Web API methods the app calls, answering as Slack does: the same
 * success shapes, and the same error codes for the same mistakes.
 */
export class Workspace {
  readonly users = new Map<string, EmulatedUser>();
  readonly channels = new Map<string, EmulatedChannel>();
  readonly messages: StoredMessage[] = [];
  readonly views = new Map<string, StoredView>();
  /** Per user, the stack of open modal view IDs (bottom first). */
  readonly modalStacks = new Map<string, string[]>();
  readonly homes = new Map<string, StoredView>();
  readonly files = new Map<string, StoredFile & { channels?: string[] }>();
  /** IDs of files removed by files.delete, so a second delete answers file_deleted. */
  readonly deletedFiles = new Set<string>();
  private readonly triggers = new Map<string, { userId: string; issuedAt: number }>();
  private tsCounter = 0;

  constructor(
    private readonly now: () => number,
    private readonly emit: (event: VisibleEvent) => void,
    private readonly uploadBase: () => string,
    readonly team: TeamIdentity,
    readonly bot: BotIdentity,
  ) {}

  readonly methods: Record<string, Handler> = {
    'auth.test': () => ({
      url: `https://${this.team.domain}.slack.com/`,
      team: this.team.name,
      user: this.bot.name,
      team_id: this.team.id,
      user_id: this.bot.userId,
      bot_id: this.bot.botId,
      is_enterprise_install: false,
    }),
    'users.info': (a) => ({ user: this.describeUser(this.requireUser(str(a.user, 'user'))) }),
    'users.list': (a) => {
      const limit = Math.min(Number(a.limit ?? 200) || 200, 1000);
      const all = [...this.users.values()].sort((x, y) => x.id.localeCompare(y.id));
      const { page, next } = paginate(all, limit, a.cursor);
      return { members: page.map((u) => this.describeUser(u)), response_metadata: { next_cursor: next } };
    },
    'conversations.open': (a) => {
      const ids = str(a.users, 'users')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      if (ids.length === 0) throw new ApiError('users_list_not_supplied');
      if (ids.length > 8) throw new ApiError('too_many_users');
      ids.forEach((id) => this.requireUser(id));
      const channel = ids.length === 1 ? this.imFor(ids[0] as string) : this.mpimFor(ids);
      return { channel: { id: channel.id } };
    },
    'chat.postMessage': (a) => {
      const channel = this.resolveChannel(str(a.channel, 'channel'), { posting: true });
      const message = this.newMessage(channel.id, a);
      if (a.metadata !== undefined) message.metadata = parseJson(a.metadata, 'metadata');
      this.messages.push(message);
      this.emit({ kind: 'message', channel: channel.id, audience: this.audience(channel), message });
      return { channel: channel.id, ts: message.ts, message: { type: 'message', text: message.text, blocks: message.blocks, ts: message.ts, bot_id: this.bot.botId } };
    },
    'chat.postEphemeral': (a) => {
      const channel = this.resolveChannel(str(a.channel, 'channel'), { posting: true });
      const user = this.requireUser(str(a.user, 'user'));
      if (channel.kind !== 'im' && !channel.members.includes(user.id)) throw new ApiError('user_not_in_channel');
      const message = { ...this.newMessage(channel.id, a), visibleTo: user.id };
      this.messages.push(message);
      this.emit({ kind: 'ephemeral', userId: user.id, message });
      return { message_ts: message.ts };
    },
    'chat.update': (a) => {
      const channel = this.resolveChannel(str(a.channel, 'channel'));
      const ts = str(a.ts, 'ts');
      const existing = this.ownMessage(channel.id, ts, 'cant_update_message');
      const updated = this.newMessage(channel.id, a, ts);
      existing.text = updated.text;
      existing.blocks = updated.blocks;
      this.emit({ kind: 'message', channel: channel.id, audience: this.audience(channel), message: existing, edit: true });
      return { channel: channel.id, ts, text: existing.text };
    },
    'chat.delete': (a) => {
      const channel = this.visibleChannel(str(a.channel, 'channel'));
      const ts = str(a.ts, 'ts');
      const message = this.ownMessage(channel.id, ts, 'cant_delete_message');
      message.deleted = true;
      this.emit({ kind: 'delete', channel: channel.id, audience: this.audience(channel), message });
      return { channel: channel.id, ts };
    },
    // Slack's types: public_channel (the default), private_channel, mpim, im; a private one only when the bot is in it.
    'conversations.list': (a) => {
      const wanted = new Set(String(a.types ?? 'public_channel').split(',').map((t) => t.trim()));
      const typeOf = (c: EmulatedChannel) => (c.kind === 'channel' ? (c.isPrivate ? 'private_channel' : 'public_channel') : c.kind);
      const limit = Math.min(Number(a.limit ?? 100) || 100, 1000);
      const all = [...this.channels.values()]
        .filter((c) => wanted.has(typeOf(c)) && !(truthy(a.exclude_archived) && c.archived))
        .filter((c) => typeOf(c) === 'public_channel' || c.members.includes(this.bot.userId))
        .sort((x, y) => x.id.localeCompare(y.id));
      const { page, next } = paginate(all, limit, a.cursor);
      return { channels: page.map((c) => this.conversationJson(c)), response_metadata: { next_cursor: next } };
    },
    'conversations.info': (a) => {
      const channel = this.visibleChannel(str(a.channel, 'channel'));
      // Like Slack, num_members only when asked for.
      const count = truthy(a.include_num_members) ? { num_members: channel.members.length } : {};
      if (channel.kind === 'im') {
        // An IM has no name, topic or purpose in Slack; it names the person instead.
        const json = this.conversationJson(channel);
        for (const key of ['name', 'name_normalized', 'topic', 'purpose', 'previous_names']) delete json[key];
        const user = channel.members.find((m) => m !== this.bot.userId) ?? '';
        return { channel: { ...json, user, is_open: true, ...count } };
      }
      return { channel: { ...this.conversationJson(channel), ...count } };
    },
    'conversations.members': (a) => {
      const channel = this.visibleChannel(str(a.channel, 'channel'));
      const raw = a.limit === undefined || a.limit === '' ? 100 : Number(a.limit);
      if (!Number.isInteger(raw) || raw < 0) throw new ApiError('invalid_limit');
      const { page, next } = paginate(channel.members, Math.min(raw || 100, 1000), a.cursor);
      return { members: page, response_metadata: { next_cursor: next } };
    },
    'conversations.create': (a) => {
      const name = channelName(a.name);
      // Archived channels keep their names, and a private channel's name is taken even for those who cannot see it.
      if ([...this.channels.values()].some((c) => c.kind === 'channel' && c.name === name)) throw new ApiError('name_taken');
      const channel: EmulatedChannel = {
        id: this.newChannelId(),
        name,
        kind: 'channel',
        members: [this.bot.userId],
        created: this.seconds(),
        creator: this.bot.userId,
        ...(truthy(a.is_private) ? { isPrivate: true } : {}),
      };
      this.channels.set(channel.id, channel);
      return { channel: this.conversationJson(channel) };
    },
    'conversations.invite': (a) => {
      const channel = this.channelToManage(a.channel);
      const listed = (Array.isArray(a.users) ? a.users.join(',') : typeof a.users === 'string' ? a.users : '')
        .split(',')
        .map((id) => id.trim())
        .filter(Boolean);
      if (listed.length === 0) throw new ApiError('no_user');
      if (listed.length > MAX_INVITES) throw new ApiError('too_many_users');
      const failures: { user: string; ok: false; error: string }[] = [];
      const invited: string[] = [];
      for (const id of new Set(listed)) {
        const error = this.inviteProblem(channel, id);
        if (error) failures.push({ user: id, ok: false, error });
        else invited.push(id);
      }
      // Without force, one bad ID fails the whole call and nobody is invited; with it, the valid ones are.
      const [first] = failures;
      if (first && (!truthy(a.force) || invited.length === 0)) throw new ApiError(first.error, { body: { errors: failures } });
      channel.members.push(...invited);
      return { channel: this.conversationJson(channel), ...(failures.length ? { errors: failures } : {}) };
    },
    'conversations.kick': (a) => {
      const channel = this.channelToManage(a.channel);
      const userId = typeof a.user === 'string' ? a.user : '';
      if (userId === this.bot.userId) throw new ApiError('cant_kick_self');
      this.requireUser(userId);
      const at = channel.members.indexOf(userId);
      // Slack's not_in_channel here: the user was not in the channel.
      if (at < 0) throw new ApiError('not_in_channel');
      channel.members.splice(at, 1);
      return {};
    },
    'conversations.setTopic': (a) => this.setChannelText(a, 'topic'),
    'conversations.setPurpose': (a) => this.setChannelText(a, 'purpose'),
    'conversations.archive': (a) => {
      const channel = this.visibleChannel(str(a.channel, 'channel'));
      if (channel.kind !== 'channel') throw new ApiError('method_not_supported_for_channel_type');
      if (channel.archived) throw new ApiError('already_archived');
      if (!channel.members.includes(this.bot.userId)) throw new ApiError('not_in_channel');
      channel.archived = true;
      return {};
    },
    'conversations.history': (a) => {
      const channel = this.visibleChannel(str(a.channel, 'channel'));
      if (!channel.members.includes(this.bot.userId)) throw new ApiError('not_in_channel');
      const oldest = Number(a.oldest ?? 0);
      const limit = Math.min(Number(a.limit ?? 100) || 100, 999);
      const withMetadata = a.include_all_metadata === true || a.include_all_metadata === 'true';
      const messages = this.messages
        .filter((m) => m.channel === channel.id && !m.visibleTo && !m.deleted && Number(m.ts) >= oldest)
        .sort((x, y) => Number(y.ts) - Number(x.ts))
        .slice(0, limit)
        .map((m) => ({
          type: 'message',
          ts: m.ts,
          text: m.text,
          ...(m.user === undefined ? { bot_id: this.bot.botId, user: this.bot.userId } : { user: m.user }),
          ...(m.files?.length ? { files: m.files.map((f) => ({ id: f.id, name: f.name, title: f.title ?? f.name })) } : {}),
          ...(withMetadata && m.metadata ? { metadata: m.metadata } : {}),
        }));
      return { messages, has_more: false };
    },
    'views.open': (a) => {
      const userId = this.consumeTrigger(a.trigger_id);
      const view = this.storeView(userId, parseJson(a.view, 'view'), 'modal');
      this.modalStacks.set(userId, [view.id]);
      this.emit({ kind: 'modal', userId, action: 'open', view });
      return { view: this.viewJson(view) };
    },
    'views.push': (a) => {
      const userId = this.consumeTrigger(a.trigger_id);
      const stack = this.modalStacks.get(userId) ?? [];
      if (stack.length === 0) throw new ApiError('not_found');
      if (stack.length >= MAX_MODAL_STACK) throw new ApiError('push_limit_reached');
      const view = this.storeView(userId, parseJson(a.view, 'view'), 'modal');
      stack.push(view.id);
      this.emit({ kind: 'modal', userId, action: 'push', view });
      return { view: this.viewJson(view) };
    },
    'views.update': (a) => {
      const existing =
        typeof a.view_id === 'string'
          ? this.views.get(a.view_id)
          : [...this.views.values()].find((v) => v.externalId !== undefined && v.externalId === a.external_id);
      if (!existing) throw new ApiError('not_found');
      if (typeof a.hash === 'string' && a.hash !== existing.hash) throw new ApiError('hash_conflict');
      const next = parseJson(a.view, 'view');
      const kind = next.type === 'home' ? 'home' : 'modal';
      const errors = validateView(next, kind);
      if (errors.length) throw new ApiError('invalid_blocks', { errors });
      existing.view = next;
      existing.hash = hashOf(next);
      this.emit(kind === 'home' ? { kind: 'home', userId: existing.userId, view: existing } : { kind: 'modal', userId: existing.userId, action: 'update', view: existing });
      return { view: this.viewJson(existing) };
    },
    'views.publish': (a) => {
      const user = this.requireUser(str(a.user_id, 'user_id'));
      const previous = this.homes.get(user.id);
      if (typeof a.hash === 'string' && previous && a.hash !== previous.hash) throw new ApiError('hash_conflict');
      const view = this.storeView(user.id, parseJson(a.view, 'view'), 'home', previous?.id);
      this.homes.set(user.id, view);
      this.emit({ kind: 'home', userId: user.id, view });
      return { view: this.viewJson(view) };
    },
    'files.getUploadURLExternal': (a) => {
      const filename = str(a.filename, 'filename');
      const length = Number(a.length);
      if (!Number.isInteger(length) || length <= 0) throw new ApiError('invalid_arg_name');
      const id = `F${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
      this.files.set(id, { id, name: filename, content: Buffer.alloc(0) });
      return { upload_url: `${this.uploadBase()}${id}`, file_id: id };
    },
    'files.completeUploadExternal': (a) => {
      const list = parseJson(a.files, 'files') as unknown as { id: string; title?: string }[];
      if (!Array.isArray(list) || list.length === 0) throw new ApiError('invalid_arguments');
      const stored = list.map(({ id, title }) => {
        const file = this.files.get(id);
        if (!file) throw new ApiError('file_not_found');
        file.title = title ?? file.name;
        return file;
      });
      if (typeof a.channel_id === 'string') {
        const channel = this.resolveChannel(a.channel_id);
        const text = typeof a.initial_comment === 'string' ? a.initial_comment : '';
        const message: StoredMessage = { channel: channel.id, ts: this.nextTs(), text, files: stored };
        this.messages.push(message);
        this.emit({ kind: 'message', channel: channel.id, audience: this.audience(channel), message });
      }
      return { files: stored.map((f) => ({ id: f.id, title: f.title, name: f.name })) };
    },
    'files.delete': (a) => {
      const id = str(a.file, 'file');
      if (this.deletedFiles.has(id)) throw new ApiError('file_deleted');
      if (!this.files.has(id)) throw new ApiError('file_not_found');
      this.files.delete(id);
      this.deletedFiles.add(id);
      for (const message of this.messages) {
        if (!message.files?.some((f) => f.id === id)) continue;
        message.files = message.files.filter((f) => f.id !== id);
        if (message.deleted || message.visibleTo) continue;
        const channel = this.channels.get(message.channel);
        if (channel) this.emit({ kind: 'message', channel: channel.id, audience: this.audience(channel), message, edit: true });
      }
      return {};
    },
  };

  /** Issues a trigger_id for an interaction the emulated user just performed. */
  issueTrigger(userId: string): string {
    const id = `${Math.floor(this.now() / 1000)}.${randomUUID().replace(/-/g, '').slice(0, 16)}`;
    this.triggers.set(id, { userId, issuedAt: this.now() });
    return id;
  }

  /** Stores a message a person wrote, as channel members see it. No Events API callback is sent for it. */
  postAsUser(userId: string, channelId: string, text: string): StoredMessage {
    const user = this.requireUser(userId);
    const channel = /^[UW]/.test(channelId) ? this.imFor(this.requireUser(channelId).id) : this.channels.get(channelId);
    if (!channel) throw new ApiError('channel_not_found');
    if (!channel.members.includes(user.id)) throw new ApiError('not_in_channel');
    if (channel.archived) throw new ApiError('is_archived');
    if (!text) throw new ApiError('no_text');
    const message: StoredMessage = { channel: channel.id, ts: this.nextTs(), text, user: user.id };
    this.messages.push(message);
    this.emit({ kind: 'message', channel: channel.id, audience: this.audience(channel), message });
    return message;
  }

  acceptUpload(fileId: string, content: Buffer): boolean {
    const file = this.files.get(fileId);
    if (!file) return false;
    file.content = content;
    return true;
  }

  requireUser(id: string): EmulatedUser {
    const user = this.users.get(id);
    if (!user || user.deleted) throw new ApiError('user_not_found');
    return user;
  }

  imFor(userId: string): EmulatedChannel {
    const id = `D${userId.slice(1)}`;
    let channel = this.channels.get(id);
    if (!channel) {
      channel = { id, name: `dm-${userId}`, kind: 'im', members: [userId, this.bot.userId] };
      this.channels.set(id, channel);
    }
    return channel;
  }

  audience(channel: EmulatedChannel): string[] {
    return channel.members.filter((m) => m !== this.bot.userId);
  }

  closeModals(userId: string): void {
    this.modalStacks.set(userId, []);
  }

  nextTs(): string {
    this.tsCounter = (this.tsCounter + 1) % 1_000_000;
    return `${Math.floor(this.now() / 1000)}.${String(this.tsCounter).padStart(6, '0')}`;
  }

  private mpimFor(userIds: string[]): EmulatedChannel {
    const members = [...new Set(userIds)].sort();
    const id = `G${createHash('sha1').update(members.join(',')).digest('hex').slice(0, 10).toUpperCase()}`;
    let channel = this.channels.get(id);
    if (!channel) {
      channel = { id, name: `mpdm-${members.join('--')}`, kind: 'mpim', members: [...members, this.bot.userId] };
      this.channels.set(id, channel);
    }
    return channel;
  }

  /** chat.postMessage accepts a user ID as the channel and opens the DM itself. */
  /**
   * A message the bot posted, for chat.update and chat.delete. Ephemeral
   * messages are not found: the Web API cannot change them, only their
   * response_url can. A person's message is the bot's to leave alone.
   */
  private ownMessage(channelId: string, ts: string, notOwn: 'cant_update_message' | 'cant_delete_message'): StoredMessage {
    const message = this.messages.find((m) => m.channel === channelId && m.ts === ts && !m.visibleTo && !m.deleted);
    if (!message) throw new ApiError('message_not_found');
    if (message.user !== undefined) throw new ApiError(notOwn);
    return message;
  }

  private resolveChannel(id: string, options: { posting?: boolean } = {}): EmulatedChannel {
    if (/^[UW]/.test(id)) return this.imFor(this.requireUser(id).id);
    const channel = this.visibleChannel(id);
    if (options.posting && channel.archived) throw new ApiError('is_archived');
    if (!channel.members.includes(this.bot.userId)) throw new ApiError('not_in_channel');
    return channel;
  }

  /** A channel (not a DM) the bot changes: visible to it, not archived, with the bot in it. */
  private channelToManage(id: unknown): EmulatedChannel {
    const channel = this.visibleChannel(str(id, 'channel'));
    if (channel.kind !== 'channel') throw new ApiError('method_not_supported_for_channel_type');
    if (channel.archived) throw new ApiError('is_archived');
    if (!channel.members.includes(this.bot.userId)) throw new ApiError('not_in_channel');
    return channel;
  }

  /** Why one user ID cannot be invited to the channel, as conversations.invite reports it per user. */
  private inviteProblem(channel: EmulatedChannel, userId: string): string | undefined {
    if (userId === this.bot.userId) return 'cant_invite_self';
    const user = this.users.get(userId);
    if (!user || user.deleted) return 'user_not_found';
    if (channel.members.includes(userId)) return 'already_in_channel';
    return undefined;
  }

  private setChannelText(a: Args, field: 'topic' | 'purpose'): Record<string, unknown> {
    const channel = this.channelToManage(a.channel);
    const value = a[field];
    if (typeof value !== 'string') throw new ApiError('invalid_arguments', { arg: field });
    if ([...value].length > MAX_TOPIC_CHARS) throw new ApiError('too_long');
    channel[field] = { value, creator: this.bot.userId, lastSet: this.seconds() };
    return { channel: this.conversationJson(channel) };
  }

  private newChannelId(): string {
    let id: string;
    do id = `C${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    while (this.channels.has(id));
    return id;
  }

  private seconds(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Slack's conversation object, as conversations.info, create, invite, setTopic and setPurpose return it. */
  private conversationJson(channel: EmulatedChannel): Record<string, unknown> {
    const text = (t: EmulatedChannel['topic']) => ({ value: t?.value ?? '', creator: t?.creator ?? '', last_set: t?.lastSet ?? 0 });
    return {
      id: channel.id,
      name: channel.name,
      name_normalized: channel.name,
      is_channel: channel.kind === 'channel',
      is_group: channel.kind === 'mpim',
      is_im: channel.kind === 'im',
      is_mpim: channel.kind === 'mpim',
      is_private: channel.kind !== 'channel' || Boolean(channel.isPrivate),
      is_archived: Boolean(channel.archived),
      is_general: false,
      is_shared: false,
      is_ext_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      is_member: channel.members.includes(this.bot.userId),
      created: channel.created ?? 0,
      creator: channel.creator ?? '',
      unlinked: 0,
      context_team_id: this.team.id,
      parent_conversation: null,
      pending_shared: [],
      previous_names: [],
      topic: text(channel.topic),
      purpose: text(channel.purpose),
    };
  }

  /** A conversation the bot can see: any public channel, or a private one it is in. */
  private visibleChannel(id: string): EmulatedChannel {
    const channel = this.channels.get(id);
    if (!channel) throw new ApiError('channel_not_found');
    const isPrivate = channel.kind !== 'channel' || Boolean(channel.isPrivate);
    if (isPrivate && !channel.members.includes(this.bot.userId)) throw new ApiError('channel_not_found');
    return channel;
  }

  private newMessage(channel: string, a: Args, ts = this.nextTs()): StoredMessage {
    const text = typeof a.text === 'string' ? a.text : '';
    const blocks = a.blocks === undefined ? undefined : (parseJson(a.blocks, 'blocks') as unknown as unknown[]);
    if (!text && !blocks) throw new ApiError('no_text');
    if (text.length > LIMITS.messageText) throw new ApiError('msg_too_long');
    if (blocks) {
      const errors = validateBlocks(blocks);
      if (errors.length) throw new ApiError('invalid_blocks', { errors });
    }
    return { channel, ts, text, blocks };
  }

  private consumeTrigger(raw: unknown): string {
    if (typeof raw !== 'string' || raw === '') throw new ApiError('invalid_arguments');
    const trigger = this.triggers.get(raw);
    if (!trigger) throw new ApiError('invalid_trigger_id');
    if (this.now() - trigger.issuedAt > TRIGGER_TTL_MS) throw new ApiError('expired_trigger_id');
    this.triggers.delete(raw); // a trigger opens one view, once
    return trigger.userId;
  }

  private storeView(userId: string, view: Record<string, unknown>, kind: 'modal' | 'home', reuseId?: string): StoredView {
    const errors = validateView(view, kind);
    if (errors.length) throw new ApiError('invalid_blocks', { errors });
    const id = reuseId ?? `V${randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase()}`;
    const stored: StoredView = {
      id,
      hash: hashOf(view),
      userId,
      view,
      externalId: typeof view.external_id === 'string' ? view.external_id : undefined,
    };
    this.views.set(id, stored);
    return stored;
  }

  private viewJson(v: StoredView): Record<string, unknown> {
    return { ...v.view, id: v.id, hash: v.hash, team_id: this.team.id, app_id: this.bot.appId, bot_id: this.bot.botId, state: { values: {} } };
  }

  /** A user as users.info, users.list and the events describe them. */
  describeUser(u: EmulatedUser): Record<string, unknown> {
    return {
      id: u.id,
      team_id: this.team.id,
      name: u.name,
      real_name: u.realName,
      deleted: Boolean(u.deleted),
      is_bot: Boolean(u.isBot),
      tz: u.tz,
      tz_label: u.tz,
      tz_offset: tzOffsetSeconds(u.tz, this.now()),
      profile: { email: u.email, real_name: u.realName, display_name: u.name },
    };
  }
}

function str(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '') throw new ApiError(name === 'channel' ? 'channel_not_found' : 'invalid_arguments', { arg: name });
  return value;
}

/** A form-encoded boolean ('true', '1') or a JSON one. */
function truthy(value: unknown): boolean {
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** Validates a new channel's name the way conversations.create does. */
function channelName(raw: unknown): string {
  const name = typeof raw === 'string' ? raw : '';
  if (name.trim() === '') throw new ApiError('invalid_name_required');
  if ([...name].length > MAX_CHANNEL_NAME) throw new ApiError('invalid_name_maxlength');
  if (!/^[a-z0-9_-]+$/.test(name)) throw new ApiError('invalid_name_specials');
  if (/^[-_]+$/.test(name)) throw new ApiError('invalid_name_punctuation');
  return name;
}

/** One page of a list and the cursor to the next ('' at the end), as Slack's paginated methods answer. */
function paginate<T>(all: readonly T[], limit: number, cursor: unknown): { page: T[]; next: string } {
  const start = cursor ? Number(Buffer.from(String(cursor), 'base64url').toString()) : 0;
  if (!Number.isInteger(start) || start < 0) throw new ApiError('invalid_cursor');
  const page = all.slice(start, start + limit);
  const next = start + limit < all.length ? Buffer.from(String(start + limit)).toString('base64url') : '';
  return { page, next };
}

function parseJson(value: unknown, name: string): Record<string, unknown> {
  if (typeof value === 'object' && value !== null) return value as Record<string, unknown>;
  if (typeof value !== 'string') throw new ApiError('invalid_arguments', { arg: name });
  try {
    return JSON.parse(value) as Record<string, unknown>;
  } catch {
    throw new ApiError(name === 'blocks' ? 'invalid_blocks_format' : 'invalid_arguments', { arg: name });
  }
}

function hashOf(view: unknown): string {
  return createHash('sha1').update(JSON.stringify(view)).digest('hex').slice(0, 16);
}

function tzOffsetSeconds(tz: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(at);
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60);
}
