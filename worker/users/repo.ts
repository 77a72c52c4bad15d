import type { LineIdentity } from '../lib/line/id-token';
import { cleanDisplayName } from '../lib/text';

export interface UserRow {
  id: string;
  display_name: string;
  picture_url: string | null;
}

export interface User {
  id: string;
  displayName: string;
  pictureUrl: string | null;
}

export function toUser(row: UserRow): User {
  return { id: row.id, displayName: row.display_name, pictureUrl: row.picture_url };
}

/**
 * Display name and picture come from the verified token at each sign-in (SPEC §2). The name is cleaned, not
 * refused: a person cannot change what LINE calls them, and must still be able to sign in (rule 13).
 */
export function upsertUser(db: D1Database, identity: LineIdentity, nowMs: number): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO users (id, display_name, picture_url, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
       ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,
         picture_url = excluded.picture_url, updated_at = excluded.updated_at
       RETURNING id, display_name, picture_url`,
    )
    .bind(identity.userId, cleanDisplayName(identity.displayName), identity.pictureUrl, nowMs);
}

export function selectUser(db: D1Database, userId: string): D1PreparedStatement {
  return db.prepare('SELECT id, display_name, picture_url FROM users WHERE id = ?1').bind(userId);
}
