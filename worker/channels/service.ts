import { type AuditHead, selectAuditHead, withChainRetry } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import { stillAdministers } from '../authz/guard';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, translateAbort } from '../lib/errors';
import { cleanDisplayName } from '../lib/text';
import { authorize } from '../resources/access';
import { selectUser, type UserRow } from '../users/repo';
import { encryptToken } from './crypto';
import { botInfo } from './line-api';
import { type ChannelConfig, readAccount, retryFrom } from './read';
import { adoptBasicId, type ChannelRow, deleteChannel, selectChannel, upsertChannel } from './repo';

/**
 * Connects the account's channel, or replaces its token (LINE reissued it). LINE is asked whose channel the
 * token opens before anything is written, and only after the caller is known to be an admin: nobody else can
 * make Kengen try tokens.
 */
export async function connectChannel(
  db: D1Database,
  config: ChannelConfig,
  caller: Caller,
  accountId: string,
  token: string,
  now: number,
) {
  const read = async () => {
    const { found, results } = await readAccount(db, caller, accountId, [
      selectAuditHead(db, accountId),
      selectChannel(db, accountId),
      selectUser(db, caller.userId),
    ]);
    authorize(found.access, 'channel.manage');
    const [headResult, channelResult, userResult] = results;
    return {
      basicId: found.resource.basicId,
      head: rowsOf<AuditHead>(headResult)[0] ?? null,
      previous: rowsOf<ChannelRow>(channelResult)[0],
      callerName: rowsOf<UserRow>(userResult)[0]?.display_name ?? '',
    };
  };
  const first = await read();
  const bot = await botInfo({ apiBase: config.LINE_API_BASE, token });
  const sealed = await encryptToken(config, accountId, token);
  const displayName = cleanDisplayName(bot.displayName);
  const pictureUrl = bot.pictureUrl ?? null;
  return retryFrom(first, read, async ({ basicId, head, previous, callerName }) => {
    // An account registered under its premium ID (the @name it chose) is the same bot as its basic ID.
    if (basicId !== null && basicId !== bot.basicId && basicId !== bot.premiumId) {
      throw new AppError(
        'CHANNEL_MISMATCH',
        `The token opens the channel of ${bot.basicId}, but this account is ${basicId}.`,
        { accountBasicId: basicId, channelBasicId: bot.basicId },
      );
    }
    try {
      await commitWithAudit(
        db,
        head,
        {
          resourceId: accountId,
          action: 'channel.connected',
          actorId: caller.userId,
          targetUserId: null,
          before: previous ? { basicId: previous.basic_id, displayName: previous.display_name } : null,
          after: { basicId: bot.basicId, displayName },
          requestId: caller.requestId,
          at: now,
        },
        [
          stillAdministers(db, accountId, caller.userId, 'channel.manage'),
          upsertChannel(db, {
            accountId,
            botUserId: bot.userId,
            basicId: bot.basicId,
            displayName,
            pictureUrl,
            token: sealed,
            connectedBy: caller.userId,
            at: now,
          }),
          adoptBasicId(db, accountId, bot.basicId),
        ],
      );
    } catch (error) {
      translateAbort(error, { 'account_channels.bot_user_id': 'CHANNEL_IN_USE' });
    }
    return {
      connected: true as const,
      basicId: bot.basicId,
      displayName,
      pictureUrl,
      connectedAt: new Date(now).toISOString(),
      connectedBy: { userId: caller.userId, displayName: callerName },
    };
  });
}

/** Disconnects: the token is deleted, not kept (an admin connects again with a token from LINE). */
export async function disconnectChannel(db: D1Database, caller: Caller, accountId: string, now: number) {
  await withChainRetry(async () => {
    const { found, results } = await readAccount(db, caller, accountId, [
      selectAuditHead(db, accountId),
      selectChannel(db, accountId),
    ]);
    authorize(found.access, 'channel.manage');
    const [headResult, channelResult] = results;
    const channel = rowsOf<ChannelRow>(channelResult)[0];
    if (!channel) throw new AppError('CHANNEL_NOT_CONNECTED');
    await commitWithAudit(
      db,
      rowsOf<AuditHead>(headResult)[0] ?? null,
      {
        resourceId: accountId,
        action: 'channel.disconnected',
        actorId: caller.userId,
        targetUserId: null,
        before: { basicId: channel.basic_id, displayName: channel.display_name },
        after: null,
        requestId: caller.requestId,
        at: now,
      },
      [stillAdministers(db, accountId, caller.userId, 'channel.manage'), deleteChannel(db, accountId)],
    );
  });
}
