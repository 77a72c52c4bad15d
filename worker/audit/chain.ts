import { sha256Hex } from '../lib/crypto';
import { AppError, sqlAbortCode } from '../lib/errors';
import { newId } from '../lib/ids';

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
  hash: string;
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value);
}

/** The bytes an event's hash covers: every stored field but the hash itself, in a fixed order. */
export function canonicalEvent(event: Omit<SealedAuditEvent, 'hash'>): string {
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

/** Links an event to the head of its resource's chain. */
export async function sealEvent(head: AuditHead | null, input: AuditEventInput): Promise<SealedAuditEvent> {
  const unsealed = {
    ...input,
    id: newId(),
    seq: (head?.seq ?? 0) + 1,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { ...unsealed, hash: await sha256Hex(canonicalEvent(unsealed)) };
}

export function insertAuditEvent(db: D1Database, event: SealedAuditEvent): D1PreparedStatement {
  return db
    .prepare(
      `INSERT INTO audit_events (resource_id, seq, id, action, actor_id, target_user_id, before, after,
         request_id, created_at, prev_hash, hash)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)`,
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
 * Concurrent writers on one resource's chain: each round of a race has a winner, so a loser succeeds
 * within as many rounds as there are writers. Human-driven traffic rarely has more than two or three.
 */
const CHAIN_ATTEMPTS = 10;

/**
 * Runs a read-then-write change again when another request appended to the same chain in between
 * (the trigger aborted our batch whole, so nothing was written). A short random pause spreads the
 * retrying writers apart.
 */
export async function withChainRetry<T>(change: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await change();
    } catch (error) {
      if (!sqlAbortCode(error, ['AUDIT_CHAIN_CONFLICT'])) {
        throw error;
      }
      if (attempt >= CHAIN_ATTEMPTS) {
        throw new AppError('CONFLICT');
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * attempt));
    }
  }
}
