import { env } from 'cloudflare:test';

/** Reads storage directly, to assert what a request wrote (or did not write). */

export async function directRole(resourceId: string, userId: string): Promise<string | null> {
  const row = await env.DB.prepare('SELECT role FROM memberships WHERE resource_id = ?1 AND user_id = ?2')
    .bind(resourceId, userId)
    .first<{ role: string }>();
  return row?.role ?? null;
}

export async function adminCount(resourceId: string): Promise<number> {
  const row = await env.DB.prepare(
    `SELECT count(*) AS n FROM memberships WHERE resource_id = ?1 AND role = 'admin'`,
  )
    .bind(resourceId)
    .first<{ n: number }>();
  return row?.n ?? 0;
}

export interface StoredEvent {
  seq: number;
  action: string;
  actorId: string;
  targetUserId: string | null;
  before: unknown;
  after: unknown;
  requestId: string;
}

/** A resource's audit events, oldest first, with before and after parsed. */
export async function auditEvents(resourceId: string): Promise<StoredEvent[]> {
  const { results } = await env.DB.prepare(
    `SELECT seq, action, actor_id, target_user_id, before, after, request_id
       FROM audit_events WHERE resource_id = ?1 ORDER BY seq`,
  )
    .bind(resourceId)
    .all<{
      seq: number;
      action: string;
      actor_id: string;
      target_user_id: string | null;
      before: string | null;
      after: string | null;
      request_id: string;
    }>();
  return results.map((row) => ({
    seq: row.seq,
    action: row.action,
    actorId: row.actor_id,
    targetUserId: row.target_user_id,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
    requestId: row.request_id,
  }));
}
