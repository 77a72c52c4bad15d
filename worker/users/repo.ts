import type { LineIdentity } from '../lib/line/id-token';
import { cleanDisplayName } from '../lib/text';

export interface UserRow {
  id: string;
  display_name: string;
  picture_url: string | null;
  /** Whether the bot may talk to them (follow / unfollow, migration 0007), and their own choice. */
  line_friend: number;
  notifications_enabled: number;
}

export interface User {
  id: string;
  displayName: string;
  pictureUrl: string | null;
}

const USER_COLUMNS = 'id, display_name, picture_url, line_friend, notifications_enabled';

export function toUser(row: UserRow): User {
  return { id: row.id, displayName: row.display_name, pictureUrl: row.picture_url };
}

/**
 * Display name and picture come from the verified token at each sign-in (SPEC §2). The name is cleaned, not
 * refused: a person cannot change what LINE calls them, and must still be able to sign in (rule 13). The LINE
 * language comes from the app (LIFF), when it sent a valid one; otherwise the stored one stays. The sign-in is
 * also when the person was last seen (access reviews, SPEC §10), written here at no extra round trip.
 */
export function upsertUser(
  db: D1Database,
  identity: LineIdentity,
  nowMs: number,
  language?: string,
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO users (id, display_name, picture_url, language, created_at, updated_at, last_seen_at)
       VALUES (?1, ?2, ?3, ?5, ?4, ?4, ?4)
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
         picture_url = excluded.picture_url, language = coalesce(excluded.language, users.language),
         updated_at = excluded.updated_at, last_seen_at = excluded.last_seen_at
       RETURNING ${USER_COLUMNS}`,
    )
    .bind(
      identity.userId,
      cleanDisplayName(identity.displayName),
      identity.pictureUrl,
      nowMs,
      language ?? null,
    );
}

export function selectUser(db: D1Database, userId: string): D1PreparedStatement {
  return db.prepare(`SELECT ${USER_COLUMNS} FROM users WHERE id = ?1`).bind(userId);
}

/** The person's own switch for LINE notifications; answers nothing when the user does not exist. */
export function setNotificationsEnabled(
  db: D1Database,
  userId: string,
  enabled: boolean,
): D1PreparedStatement {
  return db
    .prepare('UPDATE users SET notifications_enabled = ?2 WHERE id = ?1 RETURNING notifications_enabled')
    .bind(userId, enabled ? 1 : 0);
}
