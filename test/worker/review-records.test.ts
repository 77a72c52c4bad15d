import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { selectOverdueReviews } from '../../worker/access/repo';
import { DEMO_OWNER_ID } from '../../worker/dev/seed';
import { completeAndApply } from '../../worker/reviews/complete';
import { selectOverdueToRemind } from '../../worker/reviews/overdue';
import { call, createAccount, errorCode, json, type Session, signIn, signInAs } from '../support/api';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';
import { cron, friend, rows } from '../support/notifications';
import { planOf } from '../support/plans';
import { completed, decideAll, type Review, start, team } from '../support/reviews';
import { auditEvents, directRole } from '../support/storage';

// SPEC §10 after the review screen: overdue reviews where admins look (the demo, アクセス一覧), a resource's
// past reviews with their evidence, and a completion cut off half way.

const DAY = 86_400_000;

interface Overdue {
  total: number;
  items: Array<{
    resource: { kind: string; id: string; name: string };
    dueAt: string;
    reviewId: string | null;
  }>;
}

async function overdueOf(session: Session, query = ''): Promise<Overdue | null> {
  const response = await call('GET', `/api/access${query}`, { token: session.token });
  expect(response.status).toBe(200);
  return (await json<{ overdueReviews: Overdue | null }>(response)).overdueReviews;
}

/**
 * Makes the resource's review overdue: a review's dates never change, so it is written anew in the past (its
 * people go with the old one).
 */
async function openedLongAgo(resourceId: string, reviewId: string, daysAgo: number) {
  const at = Date.now() - daysAgo * DAY;
  await env.DB.batch([
    env.DB.prepare('DELETE FROM reviews WHERE id = ?1').bind(reviewId),
    env.DB.prepare(
      `INSERT INTO reviews (id, resource_id, status, due_at, started_at) VALUES (?1, ?2, 'open', ?3, ?4)`,
    ).bind(reviewId, resourceId, at + 14 * DAY, at),
  ]);
}

describe('the demo seed', () => {
  const shop = '5a1b0000-0000-4000-8000-000000000003';
  const reviewId = '5a1b0000-0000-4000-8000-000000000101';

  it('holds an overdue review as the schedule writes one, on an intact chain, shown on ホーム and アクセス一覧', async () => {
    // First in this file: the seed writes only into an empty database.
    expect(await json(await call('POST', '/dev/seed'))).toEqual({ seeded: true });
    const owner = await signInAs(DEMO_OWNER_ID, '山田 花子');

    const me = await json<{ waiting: { reviews: { items: Array<{ id: string; overdue: boolean }> } } }>(
      await call('GET', '/api/me', { token: owner.token }),
    );
    expect(me.waiting.reviews.items).toEqual([expect.objectContaining({ id: reviewId, overdue: true })]);

    const { review } = await json<{ review: Review & { startedAt: string } }>(
      await call('GET', `/api/reviews/${reviewId}`, { token: owner.token }),
    );
    expect(review).toMatchObject({ status: 'open', startedBy: null });
    expect(review.items.map((item) => [item.displayName, item.role, item.decision])).toEqual([
      ['佐藤 健', 'operator', null],
      ['山田 花子', 'admin', null],
    ]);
    expect(Math.round((Date.now() - Date.parse(review.startedAt)) / DAY)).toBe(100);
    expect(Math.round((Date.now() - Date.parse(review.dueAt)) / DAY)).toBe(86);

    const verify = await json<{ ok: boolean }>(
      await call('GET', `/api/accounts/${shop}/audit/verify`, { token: owner.token }),
    );
    expect(verify.ok).toBe(true);
    const started = (await auditEvents(shop)).at(-1);
    expect(started).toMatchObject({ action: 'review.started', actorId: 'system' });

    expect(await overdueOf(owner)).toEqual({
      total: 1,
      items: [
        {
          resource: { kind: 'account', id: shop, name: 'カフェ花 オンラインショップ' },
          dueAt: review.dueAt,
          reviewId,
        },
      ],
    });
  });
});

describe('アクセス一覧: what is overdue, from the server', () => {
  it('lists every resource the caller administers whose review is overdue, open or not yet opened', async () => {
    const admin = await signIn('od-admin', '期限 管理');
    const groupAdmin = await signIn('od-group', '系列 管理');
    const operator = await signIn('od-operator', '期限 運用');
    const late = await createAccount(admin, '遅れた店');
    const due = await createAccount(admin, 'まだ始めていない店');
    await createAccount(admin, '間に合っている店');
    await grantRole(late, operator.userId, 'operator', admin.userId);
    const open = await start(admin, late);
    await openedLongAgo(late, open.id, 30);
    // Due yesterday, and the cron has not come round yet.
    await env.DB.prepare('UPDATE resources SET review_due_at = ?2 WHERE id = ?1')
      .bind(due, Date.now() - DAY)
      .run();
    const groupId = await createGroup(groupAdmin, '期限の系列');
    await addAccountToGroup(groupId, late, groupAdmin.userId);

    const overdue = await overdueOf(admin);
    expect(overdue?.total).toBe(2);
    expect(overdue?.items.map((item) => [item.resource.name, item.reviewId])).toEqual([
      ['遅れた店', open.id],
      ['まだ始めていない店', null],
    ]);
    // An admin through a group runs the account's reviews too.
    expect((await overdueOf(groupAdmin))?.items.map((item) => item.resource.id)).toEqual([late]);
    expect(await overdueOf(operator)).toEqual({ total: 0, items: [] });

    // The first page brings them; the next pages and one person's access do not ask again.
    const first = await json<{ nextCursor: string | null }>(
      await call('GET', '/api/access?limit=1', { token: admin.token }),
    );
    expect(first.nextCursor).not.toBeNull();
    expect(
      await overdueOf(admin, `?limit=1&cursor=${encodeURIComponent(first.nextCursor ?? '')}`),
    ).toBeNull();
    expect(await overdueOf(admin, `?userId=${operator.userId}`)).toBeNull();
  });

  it('reads the caller’s own admin grants and each resource’s open review by key (SPEC §7 Scale)', async () => {
    const plan = await planOf((db) => selectOverdueReviews(db, 'U1', Date.now()));
    expect(plan).toContain(
      'SEARCH memberships USING COVERING INDEX memberships_by_user (user_id=? AND role=?)',
    );
    expect(plan).toContain('SEARCH gm USING COVERING INDEX memberships_by_user (user_id=? AND role=?)');
    expect(plan).toContain('SEARCH r USING INDEX sqlite_autoindex_resources_1 (id=?)');
    expect(plan).toContain('SEARCH v USING INDEX reviews_one_open (resource_id=?) LEFT-JOIN');
    // The only scans are of the caller's own administered set and its overdue rows (numbered for `total`).
    expect(plan.filter((line) => /^SCAN (?!a$|\(subquery-\d+\)$)/.test(line))).toEqual([]);
  });
});

describe('the resource’s past reviews', () => {
  it('lists its reviews newest first, with what each completion did, for its admins', async () => {
    const t = await team();
    const first = await start(t.admin, t.accountId);
    await decideAll(t.admin, first, { [t.operator.userId]: 'remove', [t.viaGroup.userId]: 'remove' });
    await completed(t.admin, first.id);
    const second = await start(t.admin, t.accountId);

    const response = await call('GET', `/api/accounts/${t.accountId}/reviews`, { token: t.admin.token });
    expect(response.status).toBe(200);
    const body = await json<{
      total: number;
      reviews: Array<{ id: string; status: string; completedBy: { userId: string } | null; counts: unknown }>;
    }>(response);
    expect(body.total).toBe(2);
    expect(body.reviews.map((review) => [review.id, review.status])).toEqual([
      [second.id, 'open'],
      [first.id, 'completed'],
    ]);
    expect(body.reviews[1]).toMatchObject({
      completedBy: { userId: t.admin.userId },
      // The person through the group is refused (GRANT_VIA_GROUP): changed on the group.
      counts: { kept: 3, removed: 1, refused: 1, pending: 0 },
    });

    const asGroupAdmin = await call('GET', `/api/accounts/${t.accountId}/reviews`, {
      token: t.groupAdmin.token,
    });
    expect(asGroupAdmin.status).toBe(200);
    const asOperator = await call('GET', `/api/accounts/${t.accountId}/reviews`, {
      token: t.partTimer.token,
    });
    expect(asOperator.status).toBe(403);
    const outsider = await signIn('past-outsider');
    const asOutsider = await call('GET', `/api/accounts/${t.accountId}/reviews`, { token: outsider.token });
    expect(asOutsider.status).toBe(404);
    const wrongKind = await call('GET', `/api/groups/${t.accountId}/reviews`, { token: t.admin.token });
    expect(wrongKind.status).toBe(404);
  });
});

/** The binding, failing from its `from`-th batch on: the Worker stopping between two round trips. */
function stoppingDb(from: number): D1Database {
  let batches = 0;
  return new Proxy(env.DB, {
    get(target, property) {
      if (property === 'batch') {
        return (statements: D1PreparedStatement[]) => {
          batches += 1;
          if (batches >= from) return Promise.reject(new Error('the Worker stopped'));
          return target.batch(statements);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a completion cut off half way', () => {
  it('shows the removals still pending, and completing again finishes exactly those', async () => {
    const admin = await signIn('cut-admin', '中断 管理');
    const first = await signIn('cut-a', '先に 外れる');
    const second = await signIn('cut-b', 'あとで 外れる');
    const accountId = await createAccount(admin, '中断した店');
    await grantRole(accountId, first.userId, 'operator', admin.userId);
    await grantRole(accountId, second.userId, 'operator', admin.userId);
    const review = await start(admin, accountId);
    await decideAll(admin, review, { [first.userId]: 'remove', [second.userId]: 'remove' });
    const order = review.items.filter((item) => item.userId !== admin.userId).map((item) => item.userId);

    // Batches: the claim's read and write, then per person the removal's read and write. The Worker stops
    // before the second person's removal.
    const caller = { userId: admin.userId, requestId: crypto.randomUUID() };
    await expect(completeAndApply(stoppingDb(5), caller, review.id, Date.now())).rejects.toThrow('stopped');
    const [done, pending] = order as [string, string];
    expect(await directRole(accountId, done)).toBeNull();
    expect(await directRole(accountId, pending)).toBe('operator');

    const { review: cut } = await json<{ review: Review }>(
      await call('GET', `/api/reviews/${review.id}`, { token: admin.token }),
    );
    expect(cut.status).toBe('completed');
    const outcome = (userId: string) => cut.items.find((item) => item.userId === userId)?.outcome;
    expect([outcome(done), outcome(pending), outcome(admin.userId)]).toEqual(['removed', null, 'kept']);
    const past = await json<{ reviews: Array<{ counts: { pending: number; removed: number } }> }>(
      await call('GET', `/api/accounts/${accountId}/reviews`, { token: admin.token }),
    );
    expect(past.reviews[0]?.counts).toMatchObject({ removed: 1, pending: 1 });
    const csv = await (
      await call('GET', `/api/reviews/${review.id}/export.csv`, { token: admin.token })
    ).text();
    expect(csv).toContain('削除待ち');

    const finished = await completed(admin, review.id);
    expect(finished.removed.map((person) => person.userId).sort()).toEqual([done, pending].sort());
    expect(finished.kept.map((person) => person.userId)).toEqual([admin.userId]);
    expect(await directRole(accountId, pending)).toBeNull();
    const actions = (await auditEvents(accountId)).map((event) => event.action);
    expect(actions.filter((action) => action === 'review.completed')).toHaveLength(1);
    expect(actions.filter((action) => action === 'member.removed')).toHaveLength(2);

    const again = await call('POST', `/api/reviews/${review.id}/complete`, { token: admin.token });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('REVIEW_CLOSED');
  });

  it('records a removal with its outcome or not at all: stopped right after one, nothing is applied twice', async () => {
    const admin = await signIn('cut2-admin');
    const staff = await signIn('cut2-staff');
    const accountId = await createAccount(admin, '一人だけ外す店');
    await grantRole(accountId, staff.userId, 'operator', admin.userId);
    const review = await start(admin, accountId);
    await decideAll(admin, review, { [staff.userId]: 'remove' });
    const caller = { userId: admin.userId, requestId: crypto.randomUUID() };
    // Stops before the last batch, which writes the refusals and reads the outcomes back.
    await expect(completeAndApply(stoppingDb(5), caller, review.id, Date.now())).rejects.toThrow('stopped');
    expect(await directRole(accountId, staff.userId)).toBeNull();
    const again = await call('POST', `/api/reviews/${review.id}/complete`, { token: admin.token });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('REVIEW_CLOSED');
    const { review: stored } = await json<{ review: Review }>(
      await call('GET', `/api/reviews/${review.id}`, { token: admin.token }),
    );
    expect(stored.items.find((item) => item.userId === staff.userId)?.outcome).toBe('removed');
  });
});

describe('the overdue reminder (SPEC §8: an access review due → admins)', () => {
  it('tells the reachable direct admins once the deadline has passed, then at most once a week', async () => {
    const owner = await friend('remind-owner', '催促 花子');
    const staff = await signIn('remind-staff');
    const accountId = await createAccount(owner, '期限切れの店');
    await grantRole(accountId, staff.userId, 'operator', owner.userId);
    const review = await start(owner, accountId);
    await openedLongAgo(accountId, review.id, 20);
    // Nobody to tell: its only admin never added the bot.
    const unreachable = await signIn('remind-unreachable');
    const quiet = await createAccount(unreachable, '誰にも届かない店');
    await openedLongAgo(quiet, (await start(unreachable, quiet)).id, 20);

    const now = Date.now();
    const enqueued = await cron(now);
    const told = await rows(`kind = 'review.due' AND resource_id = ?1`, accountId);
    expect(told.map((row) => [row.recipient_id, row.subject_id])).toEqual([[owner.userId, review.id]]);
    expect(enqueued).toContain(told[0]?.id);
    const stored = await env.DB.prepare('SELECT messages FROM notifications WHERE id = ?1')
      .bind(told[0]?.id)
      .first<string>('messages');
    expect(stored).toContain('棚卸しの期限が過ぎています');
    expect(stored).toContain(`https://liff.line.me/${env.LIFF_ID}/reviews/${review.id}`);
    expect(await rows(`resource_id = ?1`, quiet)).toEqual([]);

    await cron(now + 15 * 60_000);
    expect(await rows(`kind = 'review.due' AND resource_id = ?1`, accountId)).toHaveLength(1);
    await cron(now + 7 * DAY + 60_000);
    expect(await rows(`kind = 'review.due' AND resource_id = ?1`, accountId)).toHaveLength(2);

    // Completed (written anew, it has no people left to decide): nothing more to remind.
    await completed(owner, review.id);
    await cron(now + 14 * DAY + 60_000);
    expect(await rows(`kind = 'review.due' AND resource_id = ?1`, accountId)).toHaveLength(2);
  });

  it('streams the open reviews from their partial index, each probed by key', async () => {
    const plan = await planOf((db) => selectOverdueToRemind(db, Date.now()));
    expect(plan[0]).toMatch(/^SCAN v USING INDEX reviews_one_open/);
    expect(plan).toContain('SEARCH r USING INDEX sqlite_autoindex_resources_1 (id=?)');
    expect(
      plan.some((line) => line.includes('notifications_by_resource (resource_id=? AND created_at>?)')),
    ).toBe(true);
    expect(plan.filter((line) => /^SCAN (?!v USING INDEX reviews_one_open)/.test(line))).toEqual([]);
  });
});
