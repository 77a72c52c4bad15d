import type { AuditAction, SealedAuditEvent } from './chain';

export interface AuditEventRow {
  resource_id: string;
  seq: number;
  id: string;
  action: AuditAction;
  actor_id: string;
  target_user_id: string | null;
  before: string | null;
  after: string | null;
  request_id: string;
  created_at: number;
  prev_hash: string;
  hash: string;
  key_id: string;
}

export type NamedAuditEventRow = AuditEventRow & { actor_name: string | null; target_name: string | null };

const COLUMNS = `e.resource_id, e.seq, e.id, e.action, e.actor_id, e.target_user_id, e.before, e.after,
  e.request_id, e.created_at, e.prev_hash, e.hash, e.key_id`;

/** The event as it was sealed: the stored JSON text parses back to the values `canonicalEvent` hashed. */
export function toSealedEvent(row: AuditEventRow): SealedAuditEvent {
  return {
    resourceId: row.resource_id,
    seq: row.seq,
    id: row.id,
    action: row.action,
    actorId: row.actor_id,
    targetUserId: row.target_user_id,
    before: row.before === null ? null : JSON.parse(row.before),
    after: row.after === null ? null : JSON.parse(row.after),
    requestId: row.request_id,
    at: row.created_at,
    prevHash: row.prev_hash,
    keyId: row.key_id,
    hash: row.hash,
  };
}

/** Newest first, below `beforeSeq`, with the names of actor and target (either may not be a user). */
export function selectEventsBefore(
  db: D1Database,
  resourceId: string,
  beforeSeq: number,
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${COLUMNS}, a.display_name AS actor_name, t.display_name AS target_name
         FROM audit_events e
         LEFT JOIN users a ON a.id = e.actor_id
         LEFT JOIN users t ON t.id = e.target_user_id
        WHERE e.resource_id = ?1 AND e.seq < ?2
        ORDER BY e.seq DESC
        LIMIT ?3`,
    )
    .bind(resourceId, beforeSeq, limit);
}

/** Oldest first, above `afterSeq`: one page of the chain to verify. */
export function selectEventsAfter(
  db: D1Database,
  resourceId: string,
  afterSeq: number,
  limit: number,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${COLUMNS} FROM audit_events e WHERE e.resource_id = ?1 AND e.seq > ?2 ORDER BY e.seq LIMIT ?3`,
    )
    .bind(resourceId, afterSeq, limit);
}
