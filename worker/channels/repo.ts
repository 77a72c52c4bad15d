import type { z } from 'zod';
import type { SealedToken } from './crypto';
import type { channelSchema, deliverySchema } from './schema';

export type Channel = z.infer<typeof channelSchema>;
export type Delivery = z.infer<typeof deliverySchema>;
export type DeliveryKind = Delivery['kind'];

export interface ChannelRow {
  bot_user_id: string;
  basic_id: string;
  display_name: string;
  picture_url: string | null;
  token_ciphertext: string;
  token_iv: string;
  key_id: string;
  connected_at: number;
  connected_by: string;
  connected_by_name: string;
}

export function toChannel(row: ChannelRow | undefined): Channel {
  if (!row) return { connected: false };
  return {
    connected: true,
    basicId: row.basic_id,
    displayName: row.display_name,
    pictureUrl: row.picture_url,
    connectedAt: new Date(row.connected_at).toISOString(),
    connectedBy: { userId: row.connected_by, displayName: row.connected_by_name },
  };
}

export function sealedTokenOf(row: ChannelRow): SealedToken {
  return { ciphertext: row.token_ciphertext, iv: row.token_iv, keyId: row.key_id };
}

/** The account's channel (no row when none is connected); ?1 = account id. */
export function selectChannel(db: D1Database, accountId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT c.bot_user_id, c.basic_id, c.display_name, c.picture_url, c.token_ciphertext, c.token_iv,
              c.key_id, c.connected_at, c.connected_by, u.display_name AS connected_by_name
         FROM account_channels c JOIN users u ON u.id = c.connected_by
        WHERE c.account_id = ?1`,
    )
    .bind(accountId);
}

export interface ChannelWrite {
  accountId: string;
  botUserId: string;
  basicId: string;
  displayName: string;
  pictureUrl: string | null;
  token: SealedToken;
  connectedBy: string;
  at: number;
}

/** Connects, or replaces the token and the bot's profile of a connected account (a reissued token). */
export function upsertChannel(db: D1Database, channel: ChannelWrite): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO account_channels (account_id, bot_user_id, basic_id, display_name, picture_url,
         token_ciphertext, token_iv, key_id, connected_by, connected_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
       ON CONFLICT (account_id) DO UPDATE SET bot_user_id = excluded.bot_user_id,
         basic_id = excluded.basic_id, display_name = excluded.display_name,
         picture_url = excluded.picture_url, token_ciphertext = excluded.token_ciphertext,
         token_iv = excluded.token_iv, key_id = excluded.key_id, connected_by = excluded.connected_by,
         connected_at = excluded.connected_at`,
    )
    .bind(
      channel.accountId,
      channel.botUserId,
      channel.basicId,
      channel.displayName,
      channel.pictureUrl,
      channel.token.ciphertext,
      channel.token.iv,
      channel.token.keyId,
      channel.connectedBy,
      channel.at,
    );
}

/** An account registered without a basic ID takes its channel's (SPEC §9); one that has one keeps it. */
export function adoptBasicId(db: D1Database, accountId: string, basicId: string): D1PreparedStatement {
  return db
    .prepare('UPDATE resources SET basic_id = ?2 WHERE id = ?1 AND basic_id IS NULL')
    .bind(accountId, basicId);
}

export function deleteChannel(db: D1Database, accountId: string): D1PreparedStatement {
  return db.prepare('DELETE FROM account_channels WHERE account_id = ?1').bind(accountId);
}
