import type { Role } from '../authz/roles';
import type { Kind } from '../resources/schema';

/** Invites are valid for exactly 24 hours (rule 1; also a CHECK in the schema). */
export const INVITE_TTL_MS = 24 * 60 * 60 * 1000;

export type InviteStatus =
  | 'pending'
  | 'accepted'
  | 'awaiting_approval'
  | 'declined'
  | 'revoked'
  | 'expired'
  | 'rejected';

export interface InviteRow {
  id: string;
  resource_id: string;
  role: Role;
  created_by: string;
  created_at: number;
  expires_at: number;
  status: InviteStatus;
  used_by: string | null;
  memo: string | null;
}

/**
 * A pending invite past its expiry is expired, whether or not the scheduled job has marked it yet; one whose
 * issuer can no longer issue it (`live` = 0, rule 10) is revoked, as the schema's trigger will say at use.
 */
export function currentStatus(
  invite: Pick<InviteRow, 'status' | 'expires_at'> & { live?: number },
  now: number,
): InviteStatus {
  if (invite.status !== 'pending') return invite.status;
  if (invite.expires_at <= now) return 'expired';
  return invite.live === 0 ? 'revoked' : 'pending';
}

export function insertInvite(
  db: D1Database,
  invite: {
    id: string;
    resourceId: string;
    role: Role;
    tokenHash: string;
    createdBy: string;
    at: number;
    memo?: string | null;
    /** 再発行: the invite this one replaces (unique: an invite is issued again at most once). */
    reissuedFrom?: string | null;
  },
): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO invites (id, resource_id, role, token_hash, created_by, created_at, expires_at, status, memo,
                            reissued_from)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', ?8, ?9)`,
    )
    .bind(
      invite.id,
      invite.resourceId,
      invite.role,
      invite.tokenHash,
      invite.createdBy,
      invite.at,
      invite.at + INVITE_TTL_MS,
      invite.memo ?? null,
      invite.reissuedFrom ?? null,
    );
}

/**
 * Moves an invite to its next status. No status guard here on purpose: the schema's triggers abort the
 * whole batch when the invite is no longer pending (INVITE_USED, INVITE_REVOKED) or has expired
 * (INVITE_EXPIRED), which is what decides races such as two people accepting at once.
 */
export function setInviteStatus(
  db: D1Database,
  inviteId: string,
  change: { status: Exclude<InviteStatus, 'pending'>; usedBy: string | null; at: number },
): D1PreparedStatement {
  return db
    .prepare('UPDATE invites SET status = ?2, used_by = coalesce(?3, used_by), decided_at = ?4 WHERE id = ?1')
    .bind(inviteId, change.status, change.usedBy, change.at);
}

export type InviteByTokenRow = InviteRow & {
  kind: Kind;
  resource_name: string;
  basic_id: string | null;
  require_approval: number;
  inviter_name: string;
  inviter_picture: string | null;
  already_member: number;
  live: number;
};

/** The invite behind a token, what it is for, who sent it, and whether the caller is already a member. */
export function selectInviteByToken(db: D1Database, tokenHash: string, userId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT i.id, i.resource_id, i.role, i.created_by, i.created_at, i.expires_at, i.status, i.used_by, i.memo,
              r.kind, r.name AS resource_name, r.basic_id, r.require_approval,
              u.display_name AS inviter_name, u.picture_url AS inviter_picture,
              EXISTS (SELECT 1 FROM memberships m WHERE m.resource_id = i.resource_id AND m.user_id = ?2)
                AS already_member,
              EXISTS (SELECT 1 FROM live_invites l WHERE l.id = i.id) AS live
         FROM invites i
         JOIN resources r ON r.id = i.resource_id
         JOIN users u ON u.id = i.created_by
        WHERE i.token_hash = ?1`,
    )
    .bind(tokenHash, userId);
}

export function selectInvite(db: D1Database, inviteId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT id, resource_id, role, created_by, created_at, expires_at, status, used_by, memo,
              EXISTS (SELECT 1 FROM live_invites l WHERE l.id = invites.id) AS live,
              EXISTS (SELECT 1 FROM invites n WHERE n.reissued_from = invites.id) AS reissued
         FROM invites WHERE id = ?1`,
    )
    .bind(inviteId);
}

export type SelectedInviteRow = InviteRow & { live: number; reissued: number };

export type OpenInviteRow = InviteRow & { creator_name: string };

/** Invites still waiting for someone: live (rule 10) and within their 24 hours. */
export function selectOpenInvites(db: D1Database, resourceId: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT i.id, i.resource_id, i.role, i.created_by, i.created_at, i.expires_at, i.status, i.used_by, i.memo,
              u.display_name AS creator_name
         FROM live_invites i JOIN users u ON u.id = i.created_by
        WHERE i.resource_id = ?1 AND +i.expires_at > ?2
        ORDER BY i.created_at DESC`,
    )
    .bind(resourceId, now);
}

/** How long an invite that ended unused stays in its admins' list, with 再発行. */
export const ENDED_SHOWN_MS = 7 * 24 * 60 * 60 * 1000;

export type EndedInviteRow = InviteRow & {
  creator_name: string;
  ended_at: number;
  decliner_name: string | null;
};

/**
 * Invites that ended unused within the last 7 days and were not issued again: expired (also those past their
 * 24 hours that the scheduled job has yet to mark) and declined. At most 20, newest end first.
 */
export function selectEndedInvites(db: D1Database, resourceId: string, now: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT i.id, i.resource_id, i.role, i.created_by, i.created_at, i.expires_at, i.status, i.used_by, i.memo,
              i.ended_at, u.display_name AS creator_name, d.display_name AS decliner_name
         FROM (SELECT *, decided_at AS ended_at FROM invites
                WHERE resource_id = ?1 AND status IN ('expired', 'declined') AND decided_at > ?2 - ?3
               UNION ALL
               SELECT *, expires_at AS ended_at FROM invites
                WHERE resource_id = ?1 AND status = 'pending' AND +expires_at <= ?2 AND +expires_at > ?2 - ?3) i
         JOIN users u ON u.id = i.created_by
         LEFT JOIN users d ON d.id = i.used_by
        WHERE NOT EXISTS (SELECT 1 FROM invites n WHERE n.reissued_from = i.id)
        ORDER BY i.ended_at DESC
        LIMIT 20`,
    )
    .bind(resourceId, now, ENDED_SHOWN_MS);
}
