import { withChainRetry } from '../audit/chain';
import type { Bindings } from '../env';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError } from '../lib/errors';
import { resourceAccess } from '../resources/access';
import { type AccessRow, selectAccess } from '../resources/repo';
import { type ChannelKeyBindings, decryptToken, UnreadableTokenError } from './crypto';
import type { ChannelCall } from './line-api';
import { type ChannelRow, sealedTokenOf } from './repo';

export type ChannelConfig = Pick<Bindings, 'LINE_API_BASE'> & ChannelKeyBindings;

/** The account, the caller's access and the results of `more`, read in one round trip. */
export async function readAccount(
  db: D1Database,
  caller: Caller,
  accountId: string,
  more: readonly D1PreparedStatement[],
) {
  const [accessResult, ...results] = await db.batch([
    selectAccess(db, 'account', accountId, caller.userId),
    ...more,
  ]);
  return { found: resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId), results };
}

/**
 * The connected channel and the way to call LINE with its token; CHANNEL_NOT_CONNECTED when none. A token the
 * keys no longer open is, like one LINE revoked, the admin's to replace: CHANNEL_TOKEN_UNREADABLE (409), with
 * the key id logged for whoever keeps the keys.
 */
export async function channelCall(
  config: ChannelConfig,
  accountId: string,
  row: ChannelRow | undefined,
): Promise<ChannelCall> {
  if (!row) throw new AppError('CHANNEL_NOT_CONNECTED');
  try {
    return {
      apiBase: config.LINE_API_BASE,
      token: await decryptToken(config, accountId, sealedTokenOf(row)),
    };
  } catch (error) {
    if (!(error instanceof UnreadableTokenError)) throw error;
    console.error(
      JSON.stringify({
        event: 'channel_token_unreadable',
        accountId,
        keyId: error.keyId,
        error: error.message,
      }),
    );
    throw new AppError('CHANNEL_TOKEN_UNREADABLE');
  }
}

/**
 * `withChainRetry` for a change that read its state before calling LINE: the first attempt uses that read, a
 * retry (the chain moved meanwhile) reads again. Keeps the common case at two round trips.
 */
export function retryFrom<State, T>(
  first: State,
  read: () => Promise<State>,
  change: (state: State) => Promise<T>,
): Promise<T> {
  let unused: State | null = first;
  return withChainRetry(async () => {
    const state = unused ?? (await read());
    unused = null;
    return change(state);
  });
}
