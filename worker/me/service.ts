import { effectiveRole, type Grant, type Role, sourceOf } from '../authz/roles';
import { decodeCursor, encodeCursor } from '../lib/cursor';
import { rowsOf } from '../lib/d1';
import { AppError } from '../lib/errors';
import { containing } from '../lib/search';
import { toGrant } from '../resources/repo';
import type { Kind } from '../resources/schema';
import { selectUser, setNotificationsEnabled, toUser, type UserRow } from '../users/repo';
import {
  type DecidableRequestRow,
  type ExpiringInviteRow,
  type OpenReviewRow,
  type PendingRequestRow,
  type ReachRow,
  type ResourcePageQuery,
  type SummaryRow,
  selectDecidableRequests,
  selectExpiringInvites,
  selectOpenReviews,
  selectPendingRequests,
  selectResourcePage,
  selectSummary,
} from './repo';

/**
 * ホーム's first page of each kind: a phone screen. The first answer must stay under 20 KB (SPEC §7) and an
 * entry grows with its names: with every name 100 Japanese characters, an account reached directly and
 * through two groups is 1.3 KB, a group or one of the caller's own join requests 0.5 KB, a request to decide
 * 0.9 KB (two names), an invite about to expire 0.5 KB, the two cursors 0.9 KB. What waits for a decision
 * comes first on ホーム, so it keeps five of each, and the lists of what the person reaches give way: five of
 * each kind and three of their own requests (test/worker/me.test.ts measures it at 1,000 accounts).
 */
export const FIRST_PAGE = 5;
/** A page of GET /api/me/resources: what 「もっと見る」 and a search show at a time. */
export const PAGE = 30;
/** Join requests shown on ホーム; the summary counts them all. */
export const PENDING_SHOWN = 3;
/** What waits for the person on ホーム, of each sort; `total` counts them all. */
export const WAITING_SHOWN = 5;
/** Open access reviews shown on ホーム: the soonest due; `total` counts them all. Two keep the answer ≤ 20 KB. */
export const REVIEWS_SHOWN = 2;
/** An invite the caller issued is "about to expire" within this much of now. */
export const EXPIRING_WITHIN_MS = 3 * 60 * 60 * 1000;

interface Reach {
  kind: Kind;
  id: string;
  name: string;
  basicId: string | null;
  adminCount: number;
  grants: Grant[];
}

/** The rows of a page, one per grant and in the page's order, as one entry per resource. */
function groupByResource(rows: readonly ReachRow[]): Reach[] {
  const byId = new Map<string, Reach>();
  for (const row of rows) {
    const reach = byId.get(row.id) ?? {
      kind: row.kind,
      id: row.id,
      name: row.name,
      basicId: row.basic_id,
      adminCount: row.admin_count,
      grants: [],
    };
    reach.grants.push(toGrant(row));
    byId.set(row.id, reach);
  }
  return [...byId.values()];
}

/** A page from rows read for `size` + 1 resources: the extra one only says that a next page exists. */
function toPage(rows: readonly ReachRow[], size: number) {
  const reached = groupByResource(rows);
  const resources = reached.slice(0, size).map((reach) => ({
    ...reach,
    // A resource is on the page through at least one grant, and a union of grants always names a role.
    role: effectiveRole(reach.grants) as Role,
    source: sourceOf(reach.grants),
  }));
  const last = resources.at(-1);
  return { resources, nextCursor: reached.length > size && last ? encodeCursor(last) : null };
}

function pageQuery(userId: string, kind: Kind, size: number): ResourcePageQuery {
  return { userId, kind, after: null, search: null, directAdmin: false, limit: size + 1 };
}

/**
 * What GET /api/me reads besides the user: the totals, the first page of each kind, the latest requests, and
 * what waits for the user (requests to decide, their invites about to expire at `now`).
 */
export function accessStatements(db: D1Database, userId: string, now: number): D1PreparedStatement[] {
  return [
    selectSummary(db, userId),
    selectResourcePage(db, pageQuery(userId, 'account', FIRST_PAGE)),
    selectResourcePage(db, pageQuery(userId, 'group', FIRST_PAGE)),
    selectPendingRequests(db, userId, PENDING_SHOWN),
    selectDecidableRequests(db, userId, WAITING_SHOWN),
    selectExpiringInvites(db, userId, { from: now, to: now + EXPIRING_WITHIN_MS, limit: WAITING_SHOWN }),
    selectOpenReviews(db, userId, REVIEWS_SHOWN),
  ];
}

const resourceOf = (row: { resource_kind: Kind; resource_id: string; resource_name: string }) => ({
  kind: row.resource_kind,
  id: row.resource_id,
  name: row.resource_name,
});

/** Rows that each carry the count of all of them (a window over the rows before the limit). */
const totalOf = (rows: readonly { total: number }[]) => rows[0]?.total ?? 0;

function toWaiting(
  requestRows: readonly DecidableRequestRow[],
  inviteRows: readonly ExpiringInviteRow[],
  reviewRows: readonly OpenReviewRow[],
  now: number,
) {
  return {
    reviews: {
      total: totalOf(reviewRows),
      items: reviewRows.map((row) => ({
        id: row.id,
        dueAt: new Date(row.due_at).toISOString(),
        overdue: row.due_at < now,
        resource: resourceOf(row),
      })),
    },
    requests: {
      total: totalOf(requestRows),
      items: requestRows.map((row) => ({
        id: row.id,
        role: row.role,
        createdAt: new Date(row.created_at).toISOString(),
        requester: { userId: row.user_id, displayName: row.display_name },
        resource: resourceOf(row),
      })),
    },
    expiringInvites: {
      total: totalOf(inviteRows),
      items: inviteRows.map((row) => ({
        id: row.id,
        role: row.role,
        expiresAt: new Date(row.expires_at).toISOString(),
        resource: resourceOf(row),
      })),
    },
  };
}

/** The body of GET /api/me from the row of the user and the results of `accessStatements`. */
export function toMe(
  user: UserRow,
  [
    summaryResult,
    accountsResult,
    groupsResult,
    requestsResult,
    decidableResult,
    expiringResult,
    reviewsResult,
  ]: D1Result[],
  // A review is overdue by the request's clock.
  now: number,
) {
  const summary = rowsOf<SummaryRow>(summaryResult)[0];
  const accounts = toPage(rowsOf<ReachRow>(accountsResult), FIRST_PAGE);
  const groups = toPage(rowsOf<ReachRow>(groupsResult), FIRST_PAGE);
  const pendingRequests = rowsOf<PendingRequestRow>(requestsResult).map((row) => ({
    id: row.id,
    role: row.role,
    createdAt: new Date(row.created_at).toISOString(),
    resource: resourceOf(row),
  }));
  return {
    user: toUser(user),
    notifications: { enabled: user.notifications_enabled === 1, reachable: user.line_friend === 1 },
    summary: {
      accounts: summary?.accounts ?? 0,
      groups: summary?.groups ?? 0,
      administered: summary?.administered ?? 0,
      pendingRequests: summary?.pending_requests ?? 0,
    },
    resources: [...accounts.resources, ...groups.resources],
    nextCursor: { account: accounts.nextCursor, group: groups.nextCursor },
    pendingRequests,
    waiting: toWaiting(
      rowsOf<DecidableRequestRow>(decidableResult),
      rowsOf<ExpiringInviteRow>(expiringResult),
      rowsOf<OpenReviewRow>(reviewsResult),
      now,
    ),
  };
}

/** The caller, their totals, the first page of what they reach of each kind, their latest requests: one round trip. */
export async function describeMe(db: D1Database, userId: string, now: number) {
  const [userResult, ...accessResults] = await db.batch([
    selectUser(db, userId),
    ...accessStatements(db, userId, now),
  ]);
  const [user] = rowsOf<UserRow>(userResult);
  if (!user) {
    throw new AppError('UNAUTHENTICATED');
  }
  return toMe(user, accessResults, now);
}

/** A page of what the caller reaches of one kind, after `cursor`, optionally searched by name. One round trip. */
export async function listMyResources(
  db: D1Database,
  userId: string,
  options: {
    kind: Kind;
    cursor?: string | undefined;
    q?: string | undefined;
    directAdmin?: 'true' | 'false' | undefined;
  },
) {
  const rows = await selectResourcePage(db, {
    userId,
    kind: options.kind,
    after: options.cursor ? decodeCursor(options.cursor) : null,
    search: options.q ? containing(options.q) : null,
    directAdmin: options.directAdmin === 'true',
    limit: PAGE + 1,
  }).all<ReachRow>();
  return toPage(rowsOf<ReachRow>(rows), PAGE);
}

/**
 * The person's own switch for LINE notifications. No audit event: it is their preference about their own
 * messages, not a change to anyone's access, and audit chains belong to resources. Outbox statements read it
 * when a change is written, and the consumer again before each push, so turning it off stops what is queued.
 */
export async function setMyNotifications(db: D1Database, userId: string, enabled: boolean) {
  const [row] = rowsOf<{ notifications_enabled: number }>(
    await setNotificationsEnabled(db, userId, enabled).all(),
  );
  if (!row) {
    throw new AppError('UNAUTHENTICATED');
  }
  return { enabled: row.notifications_enabled === 1 };
}
