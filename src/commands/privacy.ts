import type { Deps } from '../deps.js';
import { exportPersonData, sendExport } from '../services/membership.js';
import { findPerson } from '../repos/profiles.js';
import { buildDeleteConfirmation, NO_DATA_MESSAGE } from '../views/membershipMessages.js';
import type { SubcommandHandler } from './mentor.js';
import { replyPrivately } from './reply.js';

export const exportMyData =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    const userId = args.command.user_id;
    const data = await exportPersonData(deps, userId);
    if (!data) return replyPrivately(args, NO_DATA_MESSAGE);
    await replyPrivately(args, 'Preparing your data; it arrives as a file in your messages with me in a moment.');
    await sendExport(deps, args.client, userId, data);
  };

export const deleteMyData =
  (deps: Deps): SubcommandHandler =>
  async (args) => {
    if (!await findPerson(deps.db, args.command.user_id)) return replyPrivately(args, NO_DATA_MESSAGE);
    await replyPrivately(args, buildDeleteConfirmation());
  };
