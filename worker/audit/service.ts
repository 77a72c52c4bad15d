import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { authorize, resourceAccess } from '../resources/access';
import { type AccessRow, selectAccess } from '../resources/repo';
import type { Kind } from '../resources/schema';
import { auditDigest } from './keys';
import {
  type AuditEventRow,
  type NamedAuditEventRow,
  selectEventsAfter,
  selectEventsBefore,
  toSealedEvent,
} from './repo';
import { checkLinks, UNCHECKED } from './verify';

/**
 * Rows per page when verifying: a chain of up to twice this many events is verified in two round trips;
 * a longer one takes one more round trip per page instead of holding it all in memory.
 */
export const VERIFY_PAGE_SIZE = 5000;

function toAuditEvent(row: NamedAuditEventRow) {
  const event = toSealedEvent(row);
  return {
    id: event.id,
    seq: event.seq,
    action: event.action,
    actor: { userId: event.actorId, displayName: row.actor_name },
    target: event.targetUserId === null ? null : { userId: event.targetUserId, displayName: row.target_name },
    before: event.before,
    after: event.after,
    requestId: event.requestId,
    createdAt: new Date(event.at).toISOString(),
    hash: event.hash,
    prevHash: event.prevHash,
  };
}

/** One page of a resource's history, newest first (admin): one round trip. */
export async function listAuditEvents(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  page: { cursor?: number | undefined; limit: number },
) {
  const [accessResult, eventsResult] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    // One row more than asked tells whether another page follows, without counting.
    selectEventsBefore(db, resourceId, page.cursor ?? Number.MAX_SAFE_INTEGER, page.limit + 1),
  ]);
  authorize(resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId).access, 'audit.read');
  const rows = rowsOf<NamedAuditEventRow>(eventsResult);
  const events = rows.slice(0, page.limit).map(toAuditEvent);
  const last = events.at(-1);
  return { events, nextCursor: rows.length > page.limit && last ? String(last.seq) : null };
}

/** Recomputes a resource's keyed hash chain from its first event (admin). */
export async function verifyAuditChain(
  db: D1Database,
  caller: Caller,
  kind: Kind,
  resourceId: string,
  pageSize = VERIFY_PAGE_SIZE,
) {
  const [accessResult, firstPage] = await db.batch([
    selectAccess(db, kind, resourceId, caller.userId),
    selectEventsAfter(db, resourceId, 0, pageSize),
  ]);
  authorize(resourceAccess(rowsOf<AccessRow>(accessResult), caller.userId).access, 'audit.read');
  const digest = auditDigest();
  let rows = rowsOf<AuditEventRow>(firstPage);
  let check = await checkLinks(UNCHECKED, rows.map(toSealedEvent), digest);
  while (check.brokenAt === undefined && rows.length === pageSize) {
    rows = (await selectEventsAfter(db, resourceId, check.head?.seq ?? 0, pageSize).all<AuditEventRow>())
      .results;
    check = await checkLinks(check, rows.map(toSealedEvent), digest);
  }
  return check.brokenAt === undefined
    ? { ok: true, events: check.events }
    : { ok: false, events: check.events, brokenAt: check.brokenAt };
}
