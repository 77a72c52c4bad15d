import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { selectOverdueReviews } from '../../worker/access/repo';
import { DEMO_OWNER_ID } from '../../worker/dev/seed';
import { encodeCursor, encodeTimeCursor } from '../../worker/lib/cursor';
import { removeMember } from '../../worker/members/service';
import { insertMembership } from '../../worker/resources/repo';
import { completeAndApply } from '../../worker/reviews/complete';
import { type OverdueRow, remindAbout, selectOverdueToRemind } from '../../worker/reviews/overdue';
import { recordRemoved, selectResourceReviews, selectReviewCount } from '../../worker/reviews/repo';
import { call, createAccount, errorCode, json, type Session, signIn, signInAs } from '../support/api';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';
import { cron, friend, rows } from '../support/notifications';
import { planOf } from '../support/plans';
import { complete, completed, decideAll, type Review, start, team } from '../support/reviews';
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
    // The snapshot is of 100 days ago: the last sign-ins it knows are older, the memberships older still.
    for (const item of review.items) {
      expect(Date.parse(item.lastSeenAt ?? '')).toBeLessThan(Date.parse(review.startedAt));
      expect(Math.round((Date.now() - Date.parse(item.since)) / DAY)).toBe(190);
    }
    const joined = await env.DB.prepare('SELECT min(created_at) AS at FROM users WHERE id = ?1')
      .bind(DEMO_OWNER_ID)
      .first<number>('at');
    expect(joined ?? Date.now()).toBeLessThanOrEqual(Date.parse(review.items[0]?.since ?? ''));
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
    // Due 15 days ago, and the cron has not come round yet: past the deadline it would have had (14 days).
    await env.DB.prepare('UPDATE resources SET review_due_at = ?2 WHERE id = ?1')
      .bind(due, Date.now() - 15 * DAY)
      .run();
    // Due yesterday: to be opened, not late (ホーム would not call its review overdue either).
    const justDue = await createAccount(admin, '今日から棚卸しの店');
    await env.DB.prepare('UPDATE resources SET review_due_at = ?2 WHERE id = ?1')
      .bind(justDue, Date.now() - DAY)
      .run();
    const groupId = await createGroup(groupAdmin, '期限の系列');
    await addAccountToGroup(groupId, late, groupAdmin.userId);

    const overdue = await overdueOf(admin);
    expect(overdue?.total).toBe(2);
    expect(overdue?.items.map((item) => [item.resource.name, item.reviewId])).toEqual([
      ['遅れた店', open.id],
      ['まだ始めていない店', null],
    ]);
    // The deadline reported for the one not opened: its due date plus the two weeks a review has.
    const dueAt = await env.DB.prepare('SELECT review_due_at FROM resources WHERE id = ?1')
      .bind(due)
      .first<number>('review_due_at');
    expect(overdue?.items[1]?.dueAt).toBe(new Date((dueAt ?? 0) + 14 * DAY).toISOString());
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

/** The binding, running `between` once right after its `after`-th batch: a change landing in between. */
function changingDb(after: number, between: () => Promise<unknown>): D1Database {
  let batches = 0;
  return new Proxy(env.DB, {
    get(target, property) {
      if (property === 'batch') {
        return async (statements: D1PreparedStatement[]) => {
          const results = await target.batch(statements);
          batches += 1;
          if (batches === after) await between();
          return results;
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function storedReview(session: Session, reviewId: string): Promise<Review> {
  return (
    await json<{ review: Review }>(await call('GET', `/api/reviews/${reviewId}`, { token: session.token }))
  ).review;
}

const outcomeOf = (review: Review, userId: string) => {
  const item = review.items.find((entry) => entry.userId === userId);
  return [item?.outcome ?? null, item?.outcomeCode ?? null];
};

/** An account with two direct admins and `people` operators, all marked remove but the admins. */
async function reviewToFinish(people: number) {
  const a = await signIn('fin-a', '完了 一郎');
  const b = await signIn('fin-b', '完了 二郎');
  const accountId = await createAccount(a, '完了の店');
  await grantRole(accountId, b.userId, 'admin', a.userId);
  const staff: Session[] = [];
  for (let n = 0; n < people; n++) {
    const person = await signIn(`fin-staff${n}`, `外す ${n}`);
    await grantRole(accountId, person.userId, 'operator', a.userId);
    staff.push(person);
  }
  const review = await start(a, accountId);
  await decideAll(a, review, Object.fromEntries(staff.map((person) => [person.userId, 'remove' as const])));
  // The order the completion removes them in: the review's, by name.
  const order = review.items.map((item) => item.userId).filter((id) => staff.some((p) => p.userId === id));
  return { a, b, accountId, review, order };
}

describe('completing: refusals about the person, and stops about the caller', () => {
  it('a caller who loses the admin role half way stops: the rest stay pending (not refused) for another admin', async () => {
    const { a, b, accountId, review, order } = await reviewToFinish(2);
    const [first, second] = order as [string, string];
    // Batches: the claim's read and write, the first removal's read and write; then a is made an operator.
    const demote = () =>
      env.DB.prepare(`UPDATE memberships SET role = 'operator' WHERE resource_id = ?1 AND user_id = ?2`)
        .bind(accountId, a.userId)
        .run();
    const caller = { userId: a.userId, requestId: crypto.randomUUID() };
    await expect(
      completeAndApply(changingDb(4, demote), caller, review.id, Date.now()),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await directRole(accountId, first)).toBeNull();
    expect(await directRole(accountId, second)).toBe('operator');
    const cut = await storedReview(b, review.id);
    expect(outcomeOf(cut, first)).toEqual(['removed', null]);
    expect(outcomeOf(cut, second)).toEqual([null, null]);
    // Another admin finishes it.
    const finished = await completed(b, review.id);
    expect(finished.removed.map((p) => p.userId).sort()).toEqual([first, second].sort());
    expect(finished.refused).toEqual([]);
    expect(await directRole(accountId, second)).toBeNull();
  });

  it('a removal on a busy chain that gives up (CONFLICT) leaves that person and the rest pending, not refused', async () => {
    const owner = await signIn('busy-owner');
    const staff = await signIn('busy-staff', 'い 外す');
    const accountId = await createAccount(owner, '混んだ店');
    await grantRole(accountId, staff.userId, 'operator', owner.userId);
    const review = await start(owner, accountId);
    // The sole admin marks themself too: refused LAST_ADMIN, removed last (the caller comes last).
    await decideAll(owner, review, { [staff.userId]: 'remove', [owner.userId]: 'remove' });
    let reads = 0;
    // Every removal write of the staff aborts as if the chain moved, until the retry budget runs out.
    const busy = new Proxy(env.DB, {
      get(target, property) {
        if (property === 'batch') {
          return async (statements: D1PreparedStatement[]) => {
            reads += 1;
            if (reads > 2 && statements.length > 3) throw new Error('AUDIT_CHAIN_CONFLICT');
            return target.batch(statements);
          };
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const caller = { userId: owner.userId, requestId: crypto.randomUUID() };
    await expect(completeAndApply(busy, caller, review.id, Date.now())).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const cut = await storedReview(owner, review.id);
    expect(outcomeOf(cut, staff.userId)).toEqual([null, null]);
    expect(await directRole(accountId, staff.userId)).toBe('operator');
    const finished = await completed(owner, review.id);
    expect(finished.removed.map((p) => p.userId)).toEqual([staff.userId]);
    expect(finished.refused).toEqual([expect.objectContaining({ userId: owner.userId, code: 'LAST_ADMIN' })]);
  }, 20_000);

  it('an admin through a group taken out of it while completing cannot complete (the claim’s guard)', async () => {
    const t = await team();
    const review = await start(t.groupAdmin, t.accountId);
    await decideAll(t.groupAdmin, review, {});
    // After the claim's read: the account leaves the group, and with it the group admin's rights.
    const detach = () =>
      env.DB.prepare('DELETE FROM group_accounts WHERE group_id = ?1 AND account_id = ?2')
        .bind(t.groupId, t.accountId)
        .run();
    const caller = { userId: t.groupAdmin.userId, requestId: crypto.randomUUID() };
    await expect(
      completeAndApply(changingDb(1, detach), caller, review.id, Date.now()),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await storedReview(t.admin, review.id)).status).toBe('open');
    const actions = (await auditEvents(t.accountId)).map((event) => event.action);
    expect(actions).not.toContain('review.completed');
  });
});

describe('resuming a cut-off completion applies only the removals reviewed', () => {
  it('someone removed by hand and added again (or promoted) since the review opened is left alone and reported', async () => {
    const { a, accountId, review, order } = await reviewToFinish(3);
    const [done, readded, promoted] = order as [string, string, string];
    const caller = { userId: a.userId, requestId: crypto.randomUUID() };
    // Stops before the second person's removal: two are pending.
    await expect(completeAndApply(stoppingDb(5), caller, review.id, Date.now())).rejects.toThrow('stopped');
    const byHand = await call('DELETE', `/api/accounts/${accountId}/members/${readded}`, { token: a.token });
    expect(byHand.status).toBe(204);
    // Invited again and accepted: a new membership, one nobody reviewed.
    await insertMembership(env.DB, {
      resourceId: accountId,
      userId: readded,
      role: 'operator',
      addedBy: a.userId,
      at: Date.now() + 1,
    }).run();
    await env.DB.prepare(`UPDATE memberships SET role = 'admin' WHERE resource_id = ?1 AND user_id = ?2`)
      .bind(accountId, promoted)
      .run();

    const finished = await completed(a, review.id);
    expect(finished.removed.map((p) => p.userId)).toEqual([done]);
    expect(finished.refused).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: readded, code: 'NOT_FOUND' }),
        expect.objectContaining({ userId: promoted, code: 'CONFLICT' }),
      ]),
    );
    expect(await directRole(accountId, readded)).toBe('operator');
    expect(await directRole(accountId, promoted)).toBe('admin');
    const csv = await (await call('GET', `/api/reviews/${review.id}/export.csv`, { token: a.token })).text();
    expect(csv).toContain('再追加されたため削除せず');
    expect(csv).toContain('役割が変わったため削除せず');
    const removals = (await auditEvents(accountId)).filter((event) => event.action === 'member.removed');
    // The first by the review, the second by hand: none by the resumed completion.
    expect(removals).toHaveLength(2);
  });

  it('two admins resuming at once remove each person once, and both answers say so', async () => {
    for (let round = 0; round < 3; round++) {
      const { a, b, accountId, review, order } = await reviewToFinish(2);
      const caller = { userId: a.userId, requestId: crypto.randomUUID() };
      // Stops after the claim: both removals pending.
      await expect(completeAndApply(stoppingDb(3), caller, review.id, Date.now())).rejects.toThrow('stopped');
      const responses = await Promise.all([complete(a, review.id), complete(b, review.id)]);
      for (const response of responses) {
        if (response.status === 409) {
          expect(await errorCode(response)).toBe('REVIEW_CLOSED');
          continue;
        }
        expect(response.status).toBe(200);
        const body = await json<{ removed: Array<{ userId: string }>; refused: unknown[] }>(response);
        expect(body.removed.map((p) => p.userId).sort()).toEqual([...order].sort());
        expect(body.refused).toEqual([]);
      }
      const removals = (await auditEvents(accountId)).filter((event) => event.action === 'member.removed');
      expect(removals).toHaveLength(2);
    }
  });

  it('a removal whose outcome is already written aborts whole: nobody is removed twice unrecorded', async () => {
    const { a, accountId, review, order } = await reviewToFinish(1);
    const [person] = order as [string];
    await completed(a, review.id);
    // Added again; a stale removal carrying the review's outcome statement must not go through.
    await grantRole(accountId, person, 'operator', a.userId);
    const caller = { userId: a.userId, requestId: crypto.randomUUID() };
    const ref = { kind: 'account' as const, resourceId: accountId, userId: person };
    await expect(
      removeMember(env.DB, caller, ref, Date.now(), {
        alongside: [recordRemoved(env.DB, review.id, person)],
      }),
    ).rejects.toThrow(/REVIEW_OUTCOME_SET|REVIEW_CLOSED/);
    expect(await directRole(accountId, person)).toBe('operator');
    const removals = (await auditEvents(accountId)).filter((event) => event.action === 'member.removed');
    expect(removals).toHaveLength(1);
  });
});

describe('the outcome answers the decision, in SQL', () => {
  it('refuses kept on a "remove", removed or refused on a "keep", and any second write of an outcome', async () => {
    const { a, review, order } = await reviewToFinish(1);
    const [person] = order as [string];
    // Completed with the "remove" still pending: the claim only, as a cut-off completion leaves it.
    const caller = { userId: a.userId, requestId: crypto.randomUUID() };
    await expect(completeAndApply(stoppingDb(3), caller, review.id, Date.now())).rejects.toThrow('stopped');
    const write = (userId: string, outcome: string, code: string | null) =>
      env.DB.prepare(
        'UPDATE review_items SET outcome = ?3, outcome_code = ?4 WHERE review_id = ?1 AND user_id = ?2',
      )
        .bind(review.id, userId, outcome, code)
        .run();
    await expect(write(person, 'kept', null)).rejects.toThrow(/REVIEW_OUTCOME_MISMATCH/);
    // The admins were kept by the claim; their outcome is written already.
    await expect(write(a.userId, 'kept', null)).rejects.toThrow(/REVIEW_OUTCOME_SET|REVIEW_CLOSED/);
    await write(person, 'removed', null);
    await expect(write(person, 'removed', null)).rejects.toThrow(/REVIEW_OUTCOME_SET/);
  });

  it('refuses an outcome that contradicts the decision on a fresh item too', async () => {
    const { a, accountId } = await reviewToFinish(0);
    const review = await start(a, await createAccount(a, '別の完了の店'));
    expect(accountId).not.toBe('');
    await expect(
      env.DB.prepare(
        `INSERT INTO review_items (review_id, user_id, display_name, role, grants, since, decision, decided_by, decided_at, outcome)
         VALUES (?1, 'U-x', 'x', 'operator', '[]', 0, 'keep', ?2, 0, 'removed')`,
      )
        .bind(review.id, a.userId)
        .run(),
    ).rejects.toThrow(/REVIEW_OUTCOME_MISMATCH/);
  });
});

describe('overlapping reminder runs', () => {
  it('two runs on the same read tell the admins once', async () => {
    const owner = await friend('overlap-owner', '重複 花子');
    const accountId = await createAccount(owner, '重なる店');
    const review = await start(owner, accountId);
    await openedLongAgo(accountId, review.id, 20);
    const now = Date.now();
    const { results } = await selectOverdueToRemind(env.DB, now).all<OverdueRow>();
    const mine = results.filter((row) => row.resource_id === accountId);
    expect(mine).toHaveLength(1);
    const [first, second] = [await remindAbout(env.DB, mine, now), await remindAbout(env.DB, mine, now + 1)];
    expect(first).toHaveLength(1);
    expect(second).toEqual([]);
    expect(await rows(`kind = 'review.due' AND resource_id = ?1`, accountId)).toHaveLength(1);
  });
});

interface PastPage {
  total: number;
  reviews: Array<{
    id: string;
    status: string;
    startedAt: string;
    counts: { kept: number; removed: number; refused: number; pending: number };
  }>;
  nextCursor: string | null;
}

function pastPage(session: Session, resourceId: string, cursor: string | null) {
  const query = cursor === null ? '' : `?cursor=${encodeURIComponent(cursor)}`;
  return call('GET', `/api/accounts/${resourceId}/reviews${query}`, { token: session.token });
}

/** Every page of the resource's past reviews, following the cursors. */
async function everyPastPage(session: Session, resourceId: string): Promise<PastPage[]> {
  const pages: PastPage[] = [];
  let cursor: string | null = null;
  do {
    const response = await pastPage(session, resourceId, cursor);
    expect(response.status, await response.clone().text()).toBe(200);
    const page: PastPage = await json<PastPage>(response);
    pages.push(page);
    cursor = page.nextCursor;
  } while (cursor !== null && pages.length < 10);
  return pages;
}

/**
 * `count` completed reviews of the resource, written straight into D1 (as the triggers allow: born open, then
 * completed), opened `perMillisecond` at a time in the same millisecond from `from` on: their ids.
 */
async function writeCompletedReviews(
  resourceId: string,
  by: string,
  shape: { count: number; from: number; perMillisecond: number },
): Promise<Array<{ id: string; at: number }>> {
  const written = Array.from({ length: shape.count }, (_, i) => ({
    id: crypto.randomUUID(),
    at: shape.from + Math.floor(i / shape.perMillisecond),
  }));
  await env.DB.batch(
    written.flatMap(({ id, at }) => [
      env.DB.prepare(
        `INSERT INTO reviews (id, resource_id, status, due_at, started_at) VALUES (?1, ?2, 'open', ?3, ?4)`,
      ).bind(id, resourceId, at + 14 * DAY, at),
      env.DB.prepare(
        `UPDATE reviews SET status = 'completed', completed_by = ?2, completed_at = ?3 WHERE id = ?1`,
      ).bind(id, by, at + DAY),
    ]),
  );
  return written;
}

/** The order of the list: the newest first, reviews opened in the same millisecond by id, descending. */
const newestFirst = (a: { id: string; at: number }, b: { id: string; at: number }) =>
  b.at - a.at || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

describe('the resource’s past reviews, page by page', () => {
  it('reaches every review of a long record, 20 a page, without gaps or repeats, counts on every page', async () => {
    const admin = await signIn('pages-admin', '頁 管理');
    const staff = await signIn('pages-staff', '頁 外す');
    const accountId = await createAccount(admin, '記録の長い店');
    await grantRole(accountId, staff.userId, 'operator', admin.userId);
    // The oldest, completed through the API: its counts are on the last page.
    const real = await start(admin, accountId);
    await decideAll(admin, real, { [staff.userId]: 'remove' });
    await completed(admin, real.id);
    const realAt = Date.parse(
      (await json<PastPage>(await pastPage(admin, accountId, null))).reviews[0]?.startedAt ?? '',
    );
    // 44 more, seven to a millisecond: the page boundaries (20, 40) fall inside such a millisecond.
    const written = await writeCompletedReviews(accountId, admin.userId, {
      count: 44,
      from: realAt + 1,
      perMillisecond: 7,
    });

    const pages = await everyPastPage(admin, accountId);
    expect(pages.map((page) => page.reviews.length)).toEqual([20, 20, 5]);
    expect(pages.map((page) => page.total)).toEqual([45, 45, 45]);
    expect(pages.map((page) => page.nextCursor === null)).toEqual([false, false, true]);
    const expected = [...written, { id: real.id, at: realAt }].sort(newestFirst).map((review) => review.id);
    expect(pages.flatMap((page) => page.reviews.map((review) => review.id))).toEqual(expected);
    expect(pages[2]?.reviews.at(-1)).toMatchObject({
      id: real.id,
      status: 'completed',
      counts: { kept: 1, removed: 1, refused: 0, pending: 0 },
    });
    // Its CSV, from the last page, as an auditor asks for it.
    const csv = await call('GET', `/api/reviews/${real.id}/export.csv`, { token: admin.token });
    expect(csv.status).toBe(200);

    // The same cursor again answers the same page: the order is stable, ties included.
    const again = await json<PastPage>(await pastPage(admin, accountId, pages[0]?.nextCursor ?? null));
    expect(again).toEqual(pages[1]);
    // A later page is its admins' alone, as the first is.
    const outsider = await signIn('pages-outsider');
    const asOutsider = await pastPage(outsider, accountId, pages[0]?.nextCursor ?? null);
    expect(asOutsider.status).toBe(404);
  });

  it('orders reviews opened in the same millisecond by id, across a page boundary', async () => {
    const admin = await signIn('ties-admin');
    const accountId = await createAccount(admin, '同時刻の店');
    const written = await writeCompletedReviews(accountId, admin.userId, {
      count: 25,
      from: Date.now() - 30 * DAY,
      perMillisecond: 25,
    });
    const pages = await everyPastPage(admin, accountId);
    expect(pages.map((page) => page.reviews.length)).toEqual([20, 5]);
    expect(pages.flatMap((page) => page.reviews.map((review) => review.id))).toEqual(
      [...written].sort(newestFirst).map((review) => review.id),
    );
  });

  it('answers an empty last page with the total, and a resource without reviews with none', async () => {
    const admin = await signIn('empty-pages-admin');
    const accountId = await createAccount(admin, 'まだ棚卸ししていない店');
    expect(await json<PastPage>(await pastPage(admin, accountId, null))).toEqual({
      total: 0,
      reviews: [],
      nextCursor: null,
    });
    await writeCompletedReviews(accountId, admin.userId, {
      count: 2,
      from: Date.now() - DAY,
      perMillisecond: 1,
    });
    // After the oldest there is nothing: a cursor older than every review.
    const beyond = encodeTimeCursor({ at: 0, id: '' });
    expect(await json<PastPage>(await pastPage(admin, accountId, beyond))).toEqual({
      total: 2,
      reviews: [],
      nextCursor: null,
    });
  });

  it('refuses a cursor that is not one of this list (400) before reading anything', async () => {
    const admin = await signIn('forged-admin');
    const accountId = await createAccount(admin, '偽の続きの店');
    const forged = [
      'not-a-cursor',
      'bm90LWpzb24',
      // A cursor of a list by name: its name is not a time.
      encodeCursor({ name: '山田', id: crypto.randomUUID() }),
      encodeCursor({ name: '1e3', id: 'x' }),
      encodeCursor({ name: '-5', id: 'x' }),
      encodeCursor({ name: '99999999999999999', id: 'x' }),
      btoa(JSON.stringify([123, 'x'])),
      'a'.repeat(801),
    ];
    for (const cursor of forged) {
      const response = await pastPage(admin, accountId, cursor);
      expect(response.status, cursor).toBe(400);
      expect(await errorCode(response)).toBe('INVALID_INPUT');
    }
    // Told apart from the resource: an outsider with a forged cursor learns nothing of it either.
    const outsider = await signIn('forged-outsider');
    expect((await pastPage(outsider, accountId, 'not-a-cursor')).status).toBe(400);
    expect((await pastPage(outsider, crypto.randomUUID(), 'not-a-cursor')).status).toBe(400);
  });
});

describe('past reviews: the page first, then its counts', () => {
  it('reads a page of the index from the cursor, counts the items of that page only (a materialised page)', async () => {
    for (const after of [null, { at: Date.now(), id: crypto.randomUUID() }]) {
      const plan = await planOf((db) => selectResourceReviews(db, 'r1', { after, limit: 21 }));
      expect(plan).toContain('MATERIALIZE page');
      expect(plan).toContain(
        after === null
          ? 'SEARCH reviews USING INDEX reviews_by_resource (resource_id=?)'
          : 'SEARCH reviews USING INDEX reviews_by_resource (resource_id=? AND started_at<?)',
      );
      expect(plan.filter((line) => /^SCAN (?!v$)/.test(line))).toEqual([]);
    }
  });

  it('counts the total by the index, not the items', async () => {
    const plan = await planOf((db) => selectReviewCount(db, 'r1'));
    expect(plan).toEqual(['SEARCH reviews USING COVERING INDEX reviews_by_resource (resource_id=?)']);
  });
});
