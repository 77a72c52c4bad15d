import { auditHeadSql } from '../audit/chain';
import type { Grant, Role } from '../authz/roles';
import { encodeTimeCursor } from '../lib/cursor';
import type { ErrorCode } from '../lib/errors';
import { accessSql } from '../resources/repo';
import type { Kind } from '../resources/schema';
import type { Decision } from './schema';

const DAY_MS = 86_400_000;
/** A review is to be completed within two weeks of opening. */
export const REVIEW_WINDOW_MS = 14 * DAY_MS;

export interface ReviewRow {
  id: string;
  resource_id: string;
  kind: Kind;
  name: string;
  status: 'open' | 'completed';
  due_at: number;
  started_by: string | null;
  started_by_name: string | null;
  started_at: number;
  completed_by: string | null;
  completed_by_name: string | null;
  completed_at: number | null;
}

export interface ItemRow {
  user_id: string;
  display_name: string;
  role: Role;
  grants: string;
  since: number;
  last_seen_at: number | null;
  decision: Decision | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: number | null;
  outcome: 'kept' | 'removed' | 'refused' | null;
  outcome_code: ErrorCode | null;
}

/** The review's resource, for `accessSql`: the caller's grants on it, read in the same batch. */
const REVIEW_RESOURCE = '(SELECT resource_id FROM reviews WHERE id = ?1)';

/** ?1 = review, ?2 = caller: the caller's access to the review's resource (no row: not theirs to see). */
export function selectReviewAccess(db: D1Database, reviewId: string, userId: string) {
  return db.prepare(accessSql(REVIEW_RESOURCE)).bind(reviewId, userId);
}

/** The head of the review's resource's audit chain. */
export function selectReviewHead(db: D1Database, reviewId: string) {
  return db.prepare(auditHeadSql(REVIEW_RESOURCE)).bind(reviewId);
}

export function selectReview(db: D1Database, reviewId: string) {
  return db
    .prepare(
      `SELECT v.id, v.resource_id, r.kind, r.name, v.status, v.due_at, v.started_by, s.display_name AS started_by_name,
              v.started_at, v.completed_by, c.display_name AS completed_by_name, v.completed_at
         FROM reviews v JOIN resources r ON r.id = v.resource_id
         LEFT JOIN users s ON s.id = v.started_by LEFT JOIN users c ON c.id = v.completed_by
        WHERE v.id = ?1`,
    )
    .bind(reviewId);
}

const ITEM_COLUMNS = `i.user_id, i.display_name, i.role, i.grants, i.since, i.last_seen_at, i.decision, i.decided_by,
  d.display_name AS decided_by_name, i.decided_at, i.outcome, i.outcome_code`;

/** A review's people, by name. With `userId`, that one person. */
export function selectItems(db: D1Database, reviewId: string, userId?: string) {
  const one = userId === undefined ? '' : ' AND i.user_id = ?2';
  const statement = db.prepare(
    `SELECT ${ITEM_COLUMNS} FROM review_items i LEFT JOIN users d ON d.id = i.decided_by
      WHERE i.review_id = ?1${one} ORDER BY i.display_name, i.user_id`,
  );
  return userId === undefined ? statement.bind(reviewId) : statement.bind(reviewId, userId);
}

export function insertReview(
  db: D1Database,
  review: { id: string; resourceId: string; startedBy: string | null; at: number },
) {
  return db
    .prepare(
      `INSERT INTO reviews (id, resource_id, status, due_at, started_by, started_at)
       VALUES (?1, ?2, 'open', ?3, ?4, ?5)`,
    )
    .bind(review.id, review.resourceId, review.at + REVIEW_WINDOW_MS, review.startedBy, review.at);
}

/**
 * The snapshot, taken in SQL in the batch that opens the review: everyone who reaches resource ?1 at that
 * moment (directly, or through each group holding an account), one row per person, with every grant. The
 * combined role is the union of the grants' capabilities as `effectiveRole` computes it (an admin grant wins;
 * 配信権限なし ∪ 分析の閲覧権限なし = 運用担当者); test/worker/reviews.test.ts holds the two to the same answer.
 */
export function insertItems(db: D1Database, reviewId: string, resourceId: string) {
  return db
    .prepare(
      `INSERT INTO review_items (review_id, user_id, display_name, role, grants, since, last_seen_at)
       SELECT ?2, p.user_id, u.display_name,
              CASE WHEN max(p.role = 'admin') THEN 'admin'
                   WHEN max(p.role = 'operator')
                     OR (max(p.role = 'operator_no_broadcast') AND max(p.role = 'operator_no_stats')) THEN 'operator'
                   WHEN max(p.role = 'operator_no_broadcast') THEN 'operator_no_broadcast'
                   ELSE 'operator_no_stats' END,
              json_group_array(json(p.held)), min(p.since), u.last_seen_at
         FROM (SELECT m.user_id, m.role, json_object('role', m.role, 'source', 'direct') AS held,
                      m.created_at AS since
                 FROM memberships m WHERE m.resource_id = ?1
               UNION ALL
               SELECT gm.user_id, gm.role,
                      json_object('role', gm.role, 'source', 'group', 'group', json_object('id', g.id, 'name', g.name)),
                      max(gm.created_at, ga.created_at)
                 FROM group_accounts ga
                 JOIN resources g ON g.id = ga.group_id
                 JOIN memberships gm ON gm.resource_id = ga.group_id
                WHERE ga.account_id = ?1) p
         JOIN users u ON u.id = p.user_id
        GROUP BY p.user_id`,
    )
    .bind(resourceId, reviewId);
}

export function updateDecision(
  db: D1Database,
  reviewId: string,
  userId: string,
  decision: { decision: Decision; by: string; at: number },
) {
  return db
    .prepare(
      `UPDATE review_items SET decision = ?3, decided_by = ?4, decided_at = ?5
        WHERE review_id = ?1 AND user_id = ?2`,
    )
    .bind(reviewId, userId, decision.decision, decision.by, decision.at);
}

/** 「すべて残す」: every person of ?2 (a JSON array of user ids) still undecided is kept. */
export function keepUndecided(
  db: D1Database,
  reviewId: string,
  userIds: readonly string[],
  by: string,
  at: number,
) {
  return db
    .prepare(
      `UPDATE review_items SET decision = 'keep', decided_by = ?3, decided_at = ?4
        WHERE review_id = ?1 AND decision IS NULL AND user_id IN (SELECT value FROM json_each(?2))`,
    )
    .bind(reviewId, JSON.stringify(userIds), by, at);
}

/** Completes the review; the triggers refuse a completed one (REVIEW_CLOSED) or an undecided person. */
export function completeReview(db: D1Database, reviewId: string, by: string, at: number) {
  return db
    .prepare(`UPDATE reviews SET status = 'completed', completed_by = ?2, completed_at = ?3 WHERE id = ?1`)
    .bind(reviewId, by, at);
}

/** Outcomes, written once after completion: [{userId, outcome, code}] as JSON. */
export function setOutcomes(
  db: D1Database,
  reviewId: string,
  outcomes: ReadonlyArray<{ userId: string; outcome: 'kept' | 'removed' | 'refused'; code: string | null }>,
) {
  return db
    .prepare(
      `UPDATE review_items
          SET outcome = (SELECT json_extract(o.value, '$.outcome') FROM json_each(?2) o WHERE json_extract(o.value, '$.userId') = user_id),
              outcome_code = (SELECT json_extract(o.value, '$.code') FROM json_each(?2) o WHERE json_extract(o.value, '$.userId') = user_id)
        WHERE review_id = ?1 AND outcome IS NULL
          AND user_id IN (SELECT json_extract(o.value, '$.userId') FROM json_each(?2) o)`,
    )
    .bind(reviewId, JSON.stringify(outcomes));
}

/**
 * One person removed, written in the removal's batch. Unlike `setOutcomes` it matches the row whatever its
 * outcome, so on an outcome already written the triggers abort the batch (REVIEW_OUTCOME_SET, migration 0013)
 * and the removal with it: two admins finishing the same review never remove a person twice.
 */
export function recordRemoved(db: D1Database, reviewId: string, userId: string) {
  return db
    .prepare(
      `UPDATE review_items SET outcome = 'removed', outcome_code = NULL WHERE review_id = ?1 AND user_id = ?2`,
    )
    .bind(reviewId, userId);
}

/** A page of a resource's reviews, the newest first. */
export const PAST_PAGE = 20;

export interface PastReviewRow {
  id: string;
  status: 'open' | 'completed';
  started_at: number;
  due_at: number;
  completed_at: number | null;
  completed_by: string | null;
  completed_by_name: string | null;
  kept: number;
  removed: number;
  refused: number;
  pending: number;
}

/**
 * Resource ?1's reviews, the newest first, in (started_at, id) order, after `after` (the last review of the
 * previous page; null: from the newest), at most `limit` of them: a range of reviews_by_resource. Each with
 * what completing did, counted over its own items (their primary key). `pending`: people marked remove whose
 * removal has not been applied yet, left by a completion that was cut off (see complete.ts).
 */
export function selectResourceReviews(
  db: D1Database,
  resourceId: string,
  page: { after: { at: number; id: string } | null; limit: number },
) {
  const count = (condition: string) =>
    `(SELECT count(*) FROM review_items i WHERE i.review_id = v.id AND ${condition})`;
  // The index reads from the cursor's time down; reviews opened in the same millisecond go by id.
  const after = page.after ? 'AND started_at <= ?2 AND (started_at < ?2 OR id < ?3)' : '';
  // The page is cut first (MATERIALIZED keeps the planner from pushing the counts inside it), so the counts
  // run over its reviews only.
  const statement = db.prepare(
    `WITH page AS MATERIALIZED (
       SELECT id, status, started_at, due_at, completed_at, completed_by
         FROM reviews WHERE resource_id = ?1 ${after}
        ORDER BY started_at DESC, id DESC
        LIMIT ${Math.trunc(page.limit)}
     )
     SELECT v.id, v.status, v.started_at, v.due_at, v.completed_at, v.completed_by,
            c.display_name AS completed_by_name, ${count(`i.outcome = 'kept'`)} AS kept,
            ${count(`i.outcome = 'removed'`)} AS removed, ${count(`i.outcome = 'refused'`)} AS refused,
            ${count(`v.status = 'completed' AND i.decision = 'remove' AND i.outcome IS NULL`)} AS pending
       FROM page v LEFT JOIN users c ON c.id = v.completed_by
      ORDER BY v.started_at DESC, v.id DESC`,
  );
  return page.after ? statement.bind(resourceId, page.after.at, page.after.id) : statement.bind(resourceId);
}

/** How many reviews resource ?1 has had: its entries of reviews_by_resource, not their items. */
export function selectReviewCount(db: D1Database, resourceId: string) {
  return db.prepare('SELECT count(*) AS total FROM reviews WHERE resource_id = ?1').bind(resourceId);
}

/** A page of `rows` (read one past `size`), the reviews' total, and the cursor after the page. */
export function toPastReviews(rows: readonly PastReviewRow[], total: number, size: number) {
  const shown = rows.slice(0, size);
  const last = shown.at(-1);
  return {
    total,
    reviews: shown.map((row) => ({
      id: row.id,
      status: row.status,
      startedAt: new Date(row.started_at).toISOString(),
      dueAt: new Date(row.due_at).toISOString(),
      completedAt: iso(row.completed_at),
      completedBy: person(row.completed_by, row.completed_by_name),
      counts: { kept: row.kept, removed: row.removed, refused: row.refused, pending: row.pending },
    })),
    nextCursor: rows.length > size && last ? encodeTimeCursor({ at: last.started_at, id: last.id }) : null,
  };
}

/** The resource's review state: cadence, next due date, and the open review. ?1 = resource. */
export function selectReviewState(db: D1Database, resourceId: string) {
  return db
    .prepare(
      `SELECT r.review_every_days, coalesce(v.due_at, r.review_due_at) AS due_at, v.id AS open_review_id
         FROM resources r LEFT JOIN reviews v ON v.resource_id = r.id AND v.status = 'open'
        WHERE r.id = ?1`,
    )
    .bind(resourceId);
}

export interface ReviewStateRow {
  review_every_days: number;
  due_at: number | null;
  open_review_id: string | null;
}

export function toReviewState(row: ReviewStateRow | undefined) {
  if (!row) return null;
  return {
    everyDays: row.review_every_days,
    dueAt: row.due_at === null ? null : new Date(row.due_at).toISOString(),
    openReviewId: row.open_review_id,
  };
}

export function setCadence(db: D1Database, resourceId: string, everyDays: number) {
  return db.prepare('UPDATE resources SET review_every_days = ?2 WHERE id = ?1').bind(resourceId, everyDays);
}

const iso = (at: number | null) => (at === null ? null : new Date(at).toISOString());
const person = (userId: string | null, name: string | null) =>
  userId === null ? null : { userId, displayName: name ?? '' };

export function toItem(row: ItemRow) {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    role: row.role,
    grants: JSON.parse(row.grants) as Grant[],
    since: new Date(row.since).toISOString(),
    lastSeenAt: iso(row.last_seen_at),
    decision: row.decision,
    decidedBy: person(row.decided_by, row.decided_by_name),
    decidedAt: iso(row.decided_at),
    outcome: row.outcome,
    outcomeCode: row.outcome_code,
  };
}

export type Item = ReturnType<typeof toItem>;

export function toReview(row: ReviewRow, items: readonly ItemRow[]) {
  return {
    id: row.id,
    status: row.status,
    resource: { kind: row.kind, id: row.resource_id, name: row.name },
    dueAt: new Date(row.due_at).toISOString(),
    startedAt: new Date(row.started_at).toISOString(),
    startedBy: person(row.started_by, row.started_by_name),
    completedAt: iso(row.completed_at),
    completedBy: person(row.completed_by, row.completed_by_name),
    items: items.map(toItem),
  };
}

export type Review = ReturnType<typeof toReview>;
