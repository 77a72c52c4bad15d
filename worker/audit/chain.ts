import { AppError, sqlAbortCode } from '../lib/errors';
import { newId } from '../lib/ids';
import type { AuditSigner } from './keys';

export const GENESIS_HASH = '0'.repeat(64);

export const AUDIT_ACTIONS = [
  'resource.created',
  'resource.updated',
  'member.added',
  'member.role_changed',
  'member.removed',
  'member.left',
  'invite.issued',
  'invite.revoked',
  'invite.accepted',
  'invite.declined',
  'invite.expired',
  'request.created',
  'request.approved',
  'request.rejected',
  'request.withdrawn',
  'group.account_added',
  'group.account_removed',
  'review.started',
  'review.decided',
  'review.completed',
  'channel.connected',
  'channel.disconnected',
  'broadcast.sent',
  'broadcast.test_sent',
  'broadcast.failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The newest event of a resource's chain; null before its first event. */
export interface AuditHead {
  seq: number;
  hash: string;
}

export interface AuditEventInput {
  resourceId: string;
  action: AuditAction;
  actorId: string;
  targetUserId: string | null;
  before: unknown;
  after: unknown;
  requestId: string;
  at: number;
}

export interface SealedAuditEvent extends AuditEventInput {
  id: string;
  seq: number;
  prevHash: string;
  /** Which key sealed the event: `UNKEYED` (plain SHA-256) for events written before the chain was keyed. */
  keyId: string;
  hash: string;
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/**
 * The bytes an event's hash covers: every stored field but the hash and the key id, in a fixed order. The
 * key id stays out so that events sealed before keys existed keep their bytes; the key itself binds it.
 */
export function canonicalEvent(event: Omit<SealedAuditEvent, 'hash' | 'keyId'>): string {
  return JSON.stringify([
    event.resourceId,
    event.seq,
    event.id,
    event.action,
    event.actorId,
    event.targetUserId,
    json(event.before),
    json(event.after),
    event.requestId,
    event.at,
    event.prevHash,
  ]);
}

/** Links an event to the head of its resource's chain, sealed with the signer's key. */
export async function sealEvent(
  head: AuditHead | null,
  input: AuditEventInput,
  signer: AuditSigner,
): Promise<SealedAuditEvent> {
  const unsealed = {
    ...input,
    id: newId(),
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unsealed, keyId: signer.keyId, hash: await signer.seal(canonicalEvent(unsealed)) };
}

export function insertAuditEvent(db: D1Database, event: SealedAuditEvent): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_events (resource_id, seq, id, action, actor_id, target_user_id, before, after,
         request_id, created_at, prev_hash, hash, key_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
    )
    .bind(
      event.resourceId,
      event.seq,
      event.id,
      event.action,
      event.actorId,
      event.targetUserId,
      json(event.before),
      json(event.after),
      event.requestId,
      event.at,
      event.prevHash,
      event.hash,
      event.keyId,
    );
}

/** The head of a chain; `resourceId` is SQL yielding the resource id (?1 by default), as in `accessSql`. */
export function auditHeadSql(resourceId = '?1'): string {
  return `SELECT seq, hash FROM audit_events WHERE resource_id = ${resourceId} ORDER BY seq DESC LIMIT 1`;
}

export function selectAuditHead(db: D1Database, resourceId: string): D1PreparedStatement {
  return db.prepare(auditHeadSql()).bind(resourceId);
}

/**
 * How long a change may keep retrying on a busy chain. Each round of contention has exactly one winner, so
 * N writers need at most N rounds; a round costs a read and a write (a few milliseconds to a few tens on
 * D1). Thirty people writing to one account at once must all succeed (SPEC §7): the budget is a time, not a
 * count, so that a busy account waits a little longer instead of refusing a write that commutes.
 */
const CHAIN_RETRY_BUDGET_MS = 8_000;
/** Exponential backoff with full jitter (cap per pause): losers spread out instead of colliding again. */
const BACKOFF_BASE_MS = 4;
const BACKOFF_CAP_MS = 250;

/**
 * Runs a read-then-write change again when another request appended to the same chain in between (the
 * trigger aborted our batch whole, so nothing was written). Only when the chain stays contended for the whole
 * budget does the caller hear CONFLICT.
 */
export async function withChainRetry<T>(change: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + CHAIN_RETRY_BUDGET_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      // Both mean "what was read is stale": another change appended first, or took the caller's role away.
      if (!sqlAbortCode(error, ['AUDIT_CHAIN_CONFLICT', 'AUTHORITY_CHANGED'])) {
        throw error;
      }
      if (Date.now() >= deadline) {
        throw new AppError('CONFLICT');
      }
      const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempt, 16));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
