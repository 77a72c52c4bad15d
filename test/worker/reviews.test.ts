import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { selectOpenReviews } from '../../worker/me/repo';
import { selectDue } from '../../worker/reviews/schedule';
import { call, createAccount, errorCode, json, type Session, signIn, signInAs } from '../support/api';
import { accountWithAdmins, createGroup, grantRole } from '../support/fixtures';
import { cron, friend, rows } from '../support/notifications';
import { planOf } from '../support/plans';
import {
  type Completed,
  complete,
  completed,
  decide,
  decideAll,
  type Item,
  type Review,
  start,
  team,
} from '../support/reviews';
import { auditEvents, directRole } from '../support/storage';

/** SPEC §10: access reviews (棚卸し), their HTTP contract, and the rules completing them keeps. */

/** The race tests' start: two admins, a staff member, and an open review that marks the staff member remove. */
async function staffMarkedRemove() {
  const { accountId, admins } = await accountWithAdmins(2);
  const [a, b] = admins as [Session, Session];
  const staff = await signIn('staff');
  await grantRole(accountId, staff.userId, 'operator', a.userId);
  const review = await start(a, accountId);
  await decideAll(a, review, { [staff.userId]: 'remove' });
  return { accountId, a, b, staff, review };
}

describe('starting a review', () => {
  it('lists everyone who reaches the account, with combined role, sources, since and last sign-in', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    expect(review.status).toBe('open');
    expect(review.startedBy?.userId).toBe(t.admin.userId);
    expect(Date.parse(review.dueAt) - Date.now()).toBeGreaterThan(13 * 86_400_000);
    const byId = new Map(review.items.map((item) => [item.userId, item]));
    expect([...byId.keys()].sort()).toEqual(
      [t.admin.userId, t.operator.userId, t.partTimer.userId, t.groupAdmin.userId, t.viaGroup.userId].sort(),
    );
    expect(byId.get(t.admin.userId)).toMatchObject({
      role: 'admin',
      decision: null,
      displayName: '管理 太郎',
    });
    expect(byId.get(t.groupAdmin.userId)).toMatchObject({
      role: 'admin',
      grants: [{ role: 'admin', source: 'group', group: { id: t.groupId, name: '棚卸しの系列' } }],
    });
    const partTimer = byId.get(t.partTimer.userId);
    // The SQL snapshot names the union of the grants as effectiveRole does.
    expect(partTimer?.role).toBe('operator');
    expect(partTimer?.grants).toHaveLength(2);
    for (const item of review.items) {
      expect(Number.isNaN(Date.parse(item.since))).toBe(false);
      // Everyone here signed in through POST /api/session, which records when (users.last_seen_at).
      expect(Date.now() - Date.parse(item.lastSeenAt ?? '')).toBeLessThan(60_000);
    }
  });

  it('allows one open review per resource (409 REVIEW_OPEN), also when two admins start at once', async () => {
    const { accountId, admins } = await accountWithAdmins(2);
    const [a, b] = admins as [Session, Session];
    const responses = await Promise.all([
      call('POST', `/api/accounts/${accountId}/reviews`, { token: a.token }),
      call('POST', `/api/accounts/${accountId}/reviews`, { token: b.token }),
    ]);
    expect(responses.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = responses.find((r) => r.status === 409) as Response;
    expect(await errorCode(refused)).toBe('REVIEW_OPEN');
    const again = await call('POST', `/api/accounts/${accountId}/reviews`, { token: a.token });
    expect(again.status).toBe(409);
    expect(await errorCode(again)).toBe('REVIEW_OPEN');
  });

  it('is for admins: an operator is refused, anyone else is told it does not exist', async () => {
    const t = await team();
    const byOperator = await call('POST', `/api/accounts/${t.accountId}/reviews`, {
      token: t.operator.token,
    });
    expect(byOperator.status).toBe(403);
    const outsider = await signIn('outsider');
    const byOutsider = await call('POST', `/api/accounts/${t.accountId}/reviews`, { token: outsider.token });
    expect(byOutsider.status).toBe(404);
    // An admin through a group runs reviews too (the union of permissions).
    expect((await start(t.groupAdmin, t.accountId)).items.length).toBe(5);
  });

  it('reviews a group: its members', async () => {
    const owner = await signIn('group-owner');
    const member = await signIn('group-member');
    const groupId = await createGroup(owner, '見直す系列');
    await grantRole(groupId, member.userId, 'operator_no_stats', owner.userId);
    const review = await start(owner, groupId, 'groups');
    expect(review.items.map((item) => item.role).sort()).toEqual(['admin', 'operator_no_stats']);
  });
});

describe('reading and deciding', () => {
  it('shows the review to the resource’s admins only (404 for members and outsiders)', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    for (const session of [t.admin, t.groupAdmin]) {
      const response = await call('GET', `/api/reviews/${review.id}`, { token: session.token });
      expect(response.status).toBe(200);
      expect((await json<{ review: Review }>(response)).review.items).toHaveLength(5);
    }
    for (const session of [t.operator, t.viaGroup, await signIn('outsider')]) {
      const response = await call('GET', `/api/reviews/${review.id}`, { token: session.token });
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe('NOT_FOUND');
      expect((await decide(session, review.id, t.operator.userId, 'remove')).status).toBe(404);
      expect((await complete(session, review.id)).status).toBe(404);
    }
    expect((await call('GET', `/api/reviews/${crypto.randomUUID()}`, { token: t.admin.token })).status).toBe(
      404,
    );
  });

  it('records a decision (and each change of it) in the history; a repeat writes nothing', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    const response = await decide(t.admin, review.id, t.operator.userId, 'remove');
    expect(response.status).toBe(200);
    const { item } = await json<{ item: Item & { decidedBy: { userId: string } } }>(response);
    expect(item).toMatchObject({
      userId: t.operator.userId,
      decision: 'remove',
      decidedBy: { userId: t.admin.userId },
    });
    expect((await decide(t.admin, review.id, t.operator.userId, 'remove')).status).toBe(200);
    expect((await decide(t.admin, review.id, t.operator.userId, 'keep')).status).toBe(200);
    const decided = (await auditEvents(t.accountId)).filter((event) => event.action === 'review.decided');
    expect(decided.map((event) => event.after)).toEqual([
      { reviewId: review.id, decision: 'remove' },
      { reviewId: review.id, decision: 'keep' },
    ]);
    expect(decided[0]?.targetUserId).toBe(t.operator.userId);
  });

  it('refuses a decision that is not keep or remove, and a person not in the review', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    for (const bad of ['maybe', null, 1, '']) {
      const response = await decide(t.admin, review.id, t.operator.userId, bad);
      expect(response.status).toBe(400);
      expect(await errorCode(response)).toBe('INVALID_INPUT');
    }
    expect((await decide(t.admin, review.id, 'U-nobody', 'keep')).status).toBe(404);
    expect((await decide(t.admin, 'not-a-uuid', t.operator.userId, 'keep')).status).toBe(400);
  });
});

describe('「すべて残す」', () => {
  it('keeps everyone still undecided, leaves the decided ones alone, and then the review completes', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    await decide(t.admin, review.id, t.operator.userId, 'remove');
    const response = await call('POST', `/api/reviews/${review.id}/keep-rest`, { token: t.admin.token });
    expect(response.status).toBe(200);
    const { review: after } = await json<{ review: Review }>(response);
    const decisions = Object.fromEntries(after.items.map((item) => [item.userId, item.decision]));
    expect(decisions[t.operator.userId]).toBe('remove');
    expect(Object.values(decisions).filter((d) => d === 'keep')).toHaveLength(4);
    const decided = (await auditEvents(t.accountId)).filter((event) => event.action === 'review.decided');
    expect(decided).toHaveLength(5);
    // Nothing left to keep: the same again writes nothing.
    expect((await call('POST', `/api/reviews/${review.id}/keep-rest`, { token: t.admin.token })).status).toBe(
      200,
    );
    expect((await auditEvents(t.accountId)).filter((e) => e.action === 'review.decided')).toHaveLength(5);
    const result = await completed(t.admin, review.id);
    expect(result.removed.map((p) => p.userId)).toEqual([t.operator.userId]);
    const closed = await call('POST', `/api/reviews/${review.id}/keep-rest`, { token: t.admin.token });
    expect(closed.status).toBe(409);
    expect(await errorCode(closed)).toBe('REVIEW_CLOSED');
    const byOperator = await call('POST', `/api/reviews/${review.id}/keep-rest`, { token: t.operator.token });
    expect(byOperator.status).toBe(404);
  });
});

describe('completing', () => {
  it('is refused while someone is undecided (409 REVIEW_INCOMPLETE)', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    await decide(t.admin, review.id, t.operator.userId, 'remove');
    const response = await complete(t.admin, review.id);
    expect(response.status).toBe(409);
    expect(await errorCode(response)).toBe('REVIEW_INCOMPLETE');
    expect(await directRole(t.accountId, t.operator.userId)).toBe('operator');
  });

  it('removes the "remove" ones, keeps the rest, reports grants through a group, and freezes the review', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    await decideAll(t.admin, review, {
      [t.operator.userId]: 'remove',
      [t.partTimer.userId]: 'remove',
      [t.viaGroup.userId]: 'remove',
    });
    const result = await completed(t.admin, review.id);
    expect(result.removed.map((p) => p.userId).sort()).toEqual(
      [t.operator.userId, t.partTimer.userId].sort(),
    );
    // The part-timer still reaches the account through the group: the answer says where to change that.
    expect(result.removed.find((p) => p.userId === t.partTimer.userId)?.throughGroups).toEqual([
      { id: t.groupId, name: '棚卸しの系列' },
    ]);
    expect(result.kept.map((p) => p.userId).sort()).toEqual([t.admin.userId, t.groupAdmin.userId].sort());
    expect(result.refused).toEqual([
      expect.objectContaining({ userId: t.viaGroup.userId, code: 'GRANT_VIA_GROUP' }),
    ]);
    expect(await directRole(t.accountId, t.operator.userId)).toBeNull();
    expect(await directRole(t.accountId, t.partTimer.userId)).toBeNull();

    const after = await json<{ review: Review }>(
      await call('GET', `/api/reviews/${review.id}`, { token: t.admin.token }),
    );
    expect(after.review.status).toBe('completed');
    expect(after.review.completedBy?.userId).toBe(t.admin.userId);
    const outcomes = Object.fromEntries(
      after.review.items.map((i) => [i.userId, [i.outcome, i.outcomeCode]]),
    );
    expect(outcomes[t.operator.userId]).toEqual(['removed', null]);
    expect(outcomes[t.viaGroup.userId]).toEqual(['refused', 'GRANT_VIA_GROUP']);
    expect(outcomes[t.admin.userId]).toEqual(['kept', null]);

    const actions = (await auditEvents(t.accountId)).map((event) => event.action);
    expect(actions.filter((a) => a === 'review.started')).toHaveLength(1);
    expect(actions.filter((a) => a === 'review.decided')).toHaveLength(5);
    expect(actions.filter((a) => a === 'review.completed')).toHaveLength(1);
    expect(actions.filter((a) => a === 'member.removed')).toHaveLength(2);
    const completion = (await auditEvents(t.accountId)).find((e) => e.action === 'review.completed');
    expect((completion?.after as { decisions?: unknown[] } | undefined)?.decisions).toHaveLength(5);

    const closed = await decide(t.admin, review.id, t.admin.userId, 'remove');
    expect(closed.status).toBe(409);
    expect(await errorCode(closed)).toBe('REVIEW_CLOSED');
    const twice = await complete(t.admin, review.id);
    expect(twice.status).toBe(409);
    expect(await errorCode(twice)).toBe('REVIEW_CLOSED');
    // The next review is scheduled a cadence after the completion, and a new one may start now.
    const resource = await json<{ review: { everyDays: number; dueAt: string; openReviewId: null } }>(
      await call('GET', `/api/accounts/${t.accountId}`, { token: t.admin.token }),
    );
    expect(resource.review.openReviewId).toBeNull();
    expect(Date.parse(resource.review.dueAt) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    await start(t.admin, t.accountId);
  });

  it('never removes the last admin: refused with LAST_ADMIN and reported', async () => {
    const owner = await signIn('sole');
    const staff = await signIn('staff');
    const accountId = await createAccount(owner, 'ひとり管理の店');
    await grantRole(accountId, staff.userId, 'operator', owner.userId);
    const review = await start(owner, accountId);
    await decideAll(owner, review, { [owner.userId]: 'remove', [staff.userId]: 'remove' });
    const result = await completed(owner, review.id);
    expect(result.removed.map((p) => p.userId)).toEqual([staff.userId]);
    expect(result.refused).toEqual([expect.objectContaining({ userId: owner.userId, code: 'LAST_ADMIN' })]);
    expect(await directRole(accountId, owner.userId)).toBe('admin');
  });

  it('removes other admins before the caller, so the last one standing is refused, not the others', async () => {
    const { accountId, admins } = await accountWithAdmins(2);
    const [a, b] = admins as [Session, Session];
    const review = await start(a, accountId);
    await decideAll(a, review, { [a.userId]: 'remove', [b.userId]: 'remove' });
    const result = await completed(a, review.id);
    expect(result.removed.map((p) => p.userId)).toEqual([b.userId]);
    expect(result.refused).toEqual([expect.objectContaining({ userId: a.userId, code: 'LAST_ADMIN' })]);
  });

  it('keeps rule 11: an admin only through a group cannot remove a direct admin (FORBIDDEN, reported)', async () => {
    const t = await team();
    const review = await start(t.groupAdmin, t.accountId);
    await decideAll(t.groupAdmin, review, { [t.admin.userId]: 'remove', [t.operator.userId]: 'remove' });
    const result = await completed(t.groupAdmin, review.id);
    expect(result.removed.map((p) => p.userId)).toEqual([t.operator.userId]);
    expect(result.refused).toEqual([expect.objectContaining({ userId: t.admin.userId, code: 'FORBIDDEN' })]);
    expect(await directRole(t.accountId, t.admin.userId)).toBe('admin');
  });

  it('ends what a removed admin left open (rule 10): their pending invites are revoked', async () => {
    const { accountId, admins } = await accountWithAdmins(2);
    const [a, b] = admins as [Session, Session];
    const issued = await call('POST', `/api/accounts/${accountId}/invites`, {
      token: b.token,
      body: { role: 'operator' },
    });
    expect(issued.status).toBe(201);
    const review = await start(a, accountId);
    await decideAll(a, review, { [b.userId]: 'remove' });
    await completed(a, review.id);
    const invite = await env.DB.prepare(
      'SELECT status FROM invites WHERE resource_id = ?1 AND created_by = ?2',
    )
      .bind(accountId, b.userId)
      .first<{ status: string }>();
    expect(invite?.status).toBe('revoked');
  });

  it('two admins completing at once: one completion is recorded, the other finishes the same removals or hears REVIEW_CLOSED', async () => {
    for (let round = 0; round < 3; round++) {
      const { accountId, a, b, staff, review } = await staffMarkedRemove();
      const responses = await Promise.all([complete(a, review.id), complete(b, review.id)]);
      const stored = await json<{ review: Review }>(
        await call('GET', `/api/reviews/${review.id}`, { token: a.token }),
      );
      const winner = stored.review.completedBy?.userId === a.userId ? 0 : 1;
      expect(stored.review.completedBy?.userId).toBe([a, b][winner]?.userId);
      // The admin whose completion is recorded is told the whole outcome.
      const won = responses[winner] as Response;
      expect(won.status).toBe(200);
      const told = await json<Completed>(won);
      expect(told.removed.map((p) => p.userId)).toEqual([staff.userId]);
      expect(told.kept.map((p) => p.userId).sort()).toEqual([a.userId, b.userId].sort());
      expect(told.refused).toEqual([]);
      // The other finds the review completed: with the removal still pending it finishes it (see
      // complete.ts) and is told the same, as stored (never a refusal of a person the first one removed);
      // with nothing pending, REVIEW_CLOSED.
      const lost = responses[1 - winner] as Response;
      if (lost.status === 200) {
        expect(await json<Completed>(lost)).toEqual(told);
      } else {
        expect(lost.status).toBe(409);
        expect(await errorCode(lost)).toBe('REVIEW_CLOSED');
      }
      const actions = (await auditEvents(accountId)).map((event) => event.action);
      expect(actions.filter((x) => x === 'review.completed')).toHaveLength(1);
      expect(actions.filter((x) => x === 'member.removed')).toHaveLength(1);
      expect(await directRole(accountId, staff.userId)).toBeNull();
    }
  });

  it('a removal racing the completion: the person is removed once, and the answer tells which way it went', async () => {
    for (let round = 0; round < 3; round++) {
      const { accountId, a, b, staff, review } = await staffMarkedRemove();
      const [completion, removal] = await Promise.all([
        complete(a, review.id),
        call('DELETE', `/api/accounts/${accountId}/members/${staff.userId}`, { token: b.token }),
      ]);
      expect(completion.status).toBe(200);
      const result = await json<Completed>(completion);
      const removedByReview = result.removed.some((p) => p.userId === staff.userId);
      expect(removal.status).toBe(removedByReview ? 404 : 204);
      if (!removedByReview) expect(result.refused).toEqual([expect.objectContaining({ code: 'NOT_FOUND' })]);
      expect(await directRole(accountId, staff.userId)).toBeNull();
      const removals = (await auditEvents(accountId)).filter((event) => event.action === 'member.removed');
      expect(removals).toHaveLength(1);
    }
  });

  it('a decision changed while completing is never recorded as another', async () => {
    const { accountId, a, b, staff, review } = await staffMarkedRemove();
    const [completion, change] = await Promise.all([
      complete(a, review.id),
      decide(b, review.id, staff.userId, 'keep'),
    ]);
    expect(completion.status).toBe(200);
    const result = await json<Completed>(completion);
    if (change.status === 200) {
      // The change came first: the completion read it again and kept them.
      expect(result.kept.map((p) => p.userId)).toContain(staff.userId);
      expect(await directRole(accountId, staff.userId)).toBe('operator');
    } else {
      expect(change.status).toBe(409);
      expect(result.removed.map((p) => p.userId)).toEqual([staff.userId]);
    }
  });
});

describe('the CSV evidence', () => {
  it('is refused while the review is open, then has Japanese headers, the reviewer, each person and decision', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    const early = await call('GET', `/api/reviews/${review.id}/export.csv`, { token: t.admin.token });
    expect(early.status).toBe(409);
    expect(await errorCode(early)).toBe('REVIEW_OPEN');
    await decideAll(t.admin, review, { [t.operator.userId]: 'remove', [t.viaGroup.userId]: 'remove' });
    await completed(t.admin, review.id);
    const response = await call('GET', `/api/reviews/${review.id}/export.csv`, { token: t.admin.token });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(bytes.slice(3)).trimEnd().split('\r\n');
    expect(lines[0]).toContain('完了した人');
    expect(lines[0]).toContain('判定');
    expect(lines).toHaveLength(6);
    const operatorLine = lines.find((line) => line.includes(t.operator.userId)) ?? '';
    expect(operatorLine).toContain('外す');
    expect(operatorLine).toContain('削除した');
    expect(operatorLine).toContain('管理 太郎');
    expect(lines.find((line) => line.includes(t.viaGroup.userId))).toContain('グループ「棚卸しの系列」経由');
    for (const session of [t.operator, await signIn('outsider')]) {
      const refused = await call('GET', `/api/reviews/${review.id}/export.csv`, { token: session.token });
      expect(refused.status).toBe(404);
    }
  });
});

describe('the cadence and the schedule', () => {
  it('lets an admin change the cadence; the next due date follows; members see no review state', async () => {
    const t = await team();
    const patched = await call('PATCH', `/api/accounts/${t.accountId}`, {
      token: t.admin.token,
      body: { reviewEveryDays: 30 },
    });
    expect(patched.status).toBe(200);
    const body = await json<{ review: { everyDays: number; dueAt: string } }>(patched);
    expect(body.review.everyDays).toBe(30);
    const created = await env.DB.prepare('SELECT created_at FROM resources WHERE id = ?1')
      .bind(t.accountId)
      .first<number>('created_at');
    expect(Date.parse(body.review.dueAt)).toBe((created ?? 0) + 30 * 86_400_000);
    for (const days of [0, 6, 731, 1.5, '30']) {
      const refused = await call('PATCH', `/api/accounts/${t.accountId}`, {
        token: t.admin.token,
        body: { reviewEveryDays: days },
      });
      expect(refused.status).toBe(400);
    }
    const byOperator = await call('PATCH', `/api/accounts/${t.accountId}`, {
      token: t.operator.token,
      body: { reviewEveryDays: 60 },
    });
    expect(byOperator.status).toBe(403);
    const asMember = await json<{ review: unknown }>(
      await call('GET', `/api/accounts/${t.accountId}`, { token: t.operator.token }),
    );
    expect(asMember.review).toBeNull();
    const event = (await auditEvents(t.accountId)).at(-1);
    expect(event).toMatchObject({ action: 'resource.updated', after: { reviewEveryDays: 30 } });
  });

  it('the cron opens due reviews once, by the system, and tells the reachable direct admins', async () => {
    const owner = await friend('cron-owner', '予定 花子');
    const staff = await signIn('cron-staff');
    const accountId = await createAccount(owner, '定期の店');
    await grantRole(accountId, staff.userId, 'operator', owner.userId);
    const now = Date.now();
    await env.DB.prepare('UPDATE resources SET review_due_at = ?2 WHERE id = ?1')
      .bind(accountId, now - 1)
      .run();
    const enqueued = await cron(now);
    const state = await json<{ review: { openReviewId: string | null } }>(
      await call('GET', `/api/accounts/${accountId}`, { token: owner.token }),
    );
    const reviewId = state.review.openReviewId;
    expect(reviewId).not.toBeNull();
    const review = (
      await json<{ review: Review }>(await call('GET', `/api/reviews/${reviewId}`, { token: owner.token }))
    ).review;
    expect(review.startedBy).toBeNull();
    expect(review.items).toHaveLength(2);
    const told = await rows(`kind = 'review.due' AND resource_id = ?1`, accountId);
    expect(told.map((row) => row.recipient_id)).toEqual([owner.userId]);
    expect(enqueued).toContain(told[0]?.id);
    // Its button opens the review itself in LINE.
    const stored = await env.DB.prepare('SELECT messages FROM notifications WHERE id = ?1')
      .bind(told[0]?.id)
      .first<string>('messages');
    expect(stored).toContain(`https://liff.line.me/${env.LIFF_ID}/reviews/${reviewId}`);
    expect((await auditEvents(accountId)).at(-1)).toMatchObject({
      action: 'review.started',
      actorId: 'system',
    });
    // Open now, so off the schedule: the next run opens nothing more.
    await cron(now + 60_000);
    const count = await env.DB.prepare('SELECT count(*) AS n FROM reviews WHERE resource_id = ?1')
      .bind(accountId)
      .first<number>('n');
    expect(count).toBe(1);
  });
});

describe('ホーム: what waits for the direct admins', () => {
  it('lists open reviews of what the caller directly administers, flagged when overdue', async () => {
    const t = await team();
    const review = await start(t.admin, t.accountId);
    type Waiting = {
      reviews: { total: number; items: Array<{ id: string; overdue: boolean; resource: { id: string } }> };
    };
    const waiting = async (session: Session) =>
      (await json<{ waiting: Waiting }>(await call('GET', '/api/me', { token: session.token }))).waiting;
    expect((await waiting(t.admin)).reviews).toEqual({
      total: 1,
      items: [
        expect.objectContaining({
          id: review.id,
          overdue: false,
          resource: expect.objectContaining({ id: t.accountId }),
        }),
      ],
    });
    for (const session of [t.groupAdmin, t.operator]) {
      expect((await waiting(session)).reviews).toEqual({ total: 0, items: [] });
    }
    // Past its deadline (two weeks after it opened; the deadline never moves, so this one is made anew): overdue.
    await env.DB.batch([
      env.DB.prepare('DELETE FROM reviews WHERE id = ?1').bind(review.id),
      env.DB.prepare(
        `INSERT INTO reviews (id, resource_id, status, due_at, started_at) VALUES (?1, ?2, 'open', ?3, ?3)`,
      ).bind(review.id, t.accountId, Date.now() - 1000),
    ]);
    expect((await waiting(t.admin)).reviews.items[0]?.overdue).toBe(true);
  });
});

describe('query plans (SPEC §7 Scale): no read depends on other companies’ data', () => {
  it('the cron’s due resources: a range of the partial index, oldest first, heads by key', async () => {
    const plan = await planOf((db) => selectDue(db, Date.now()));
    expect(plan[0]).toBe('SEARCH r USING INDEX resources_review_due (review_due_at>? AND review_due_at<?)');
    expect(plan.filter((line) => /^SCAN /.test(line))).toEqual([]);
    expect(plan).not.toContain('USE TEMP B-TREE FOR ORDER BY');
  });

  it('ホーム’s open reviews: the caller’s admin grants, each probed for its open review by key', async () => {
    const plan = await planOf((db) => selectOpenReviews(db, 'U1', 2));
    // The one SCAN is of the caller's own rows, numbered for `total` (the window over them).
    expect(plan.filter((line) => /^SCAN (?!\(subquery-\d+\))/.test(line))).toEqual([]);
    expect(plan).toContain('SEARCH m USING COVERING INDEX memberships_by_user (user_id=? AND role=?)');
    expect(plan).toContain('SEARCH v USING INDEX reviews_one_open (resource_id=?)');
  });
});

describe('last seen', () => {
  it('is written by each sign-in, in its one round trip, and frozen into a review when it opens', async () => {
    const owner = await signIn('seen-owner');
    const staff = await signIn('seen-staff');
    const accountId = await createAccount(owner, '最終ログインの店');
    await grantRole(accountId, staff.userId, 'operator', owner.userId);
    const old = Date.now() - 120 * 86_400_000;
    await env.DB.prepare('UPDATE users SET last_seen_at = ?2 WHERE id = ?1').bind(staff.userId, old).run();
    const review = await start(owner, accountId);
    expect(review.items.find((item) => item.userId === staff.userId)?.lastSeenAt).toBe(
      new Date(old).toISOString(),
    );
    await signInAs(staff.userId);
    const seen = await env.DB.prepare('SELECT last_seen_at FROM users WHERE id = ?1')
      .bind(staff.userId)
      .first<number>('last_seen_at');
    expect(Date.now() - (seen ?? 0)).toBeLessThan(60_000);
    const again = await json<{ review: Review }>(
      await call('GET', `/api/reviews/${review.id}`, { token: owner.token }),
    );
    expect(again.review.items.find((item) => item.userId === staff.userId)?.lastSeenAt).toBe(
      new Date(old).toISOString(),
    );
  });
});
