import { expect } from 'vitest';
import { call, createAccount, json, type Session, signIn } from './api';
import { addAccountToGroup, createGroup, grantRole } from './fixtures';

// The access review (棚卸し, SPEC §10) routes as the worker tests drive them.

export interface Item {
  userId: string;
  displayName: string;
  role: string;
  grants: Array<{ role: string; source: string; group?: { id: string; name: string } }>;
  since: string;
  lastSeenAt: string | null;
  decision: 'keep' | 'remove' | null;
  outcome: string | null;
  outcomeCode: string | null;
}

export interface Review {
  id: string;
  status: 'open' | 'completed';
  dueAt: string;
  startedBy: { userId: string } | null;
  completedBy: { userId: string } | null;
  items: Item[];
}

export interface Completed {
  removed: Array<{ userId: string; throughGroups: Array<{ id: string }> }>;
  kept: Array<{ userId: string }>;
  refused: Array<{ userId: string; code: string; message: string }>;
}

export async function start(session: Session, resourceId: string, kind = 'accounts'): Promise<Review> {
  const response = await call('POST', `/api/${kind}/${resourceId}/reviews`, { token: session.token });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await json<{ review: Review }>(response)).review;
}

export function decide(session: Session, reviewId: string, userId: string, decision: unknown) {
  return call('PUT', `/api/reviews/${reviewId}/items/${encodeURIComponent(userId)}`, {
    token: session.token,
    body: { decision },
  });
}

export async function decideAll(
  session: Session,
  review: Review,
  decisions: Record<string, 'keep' | 'remove'>,
) {
  for (const item of review.items) {
    const response = await decide(session, review.id, item.userId, decisions[item.userId] ?? 'keep');
    expect(response.status, await response.clone().text()).toBe(200);
  }
}

export function complete(session: Session, reviewId: string) {
  return call('POST', `/api/reviews/${reviewId}/complete`, { token: session.token });
}

export async function completed(session: Session, reviewId: string): Promise<Completed> {
  const response = await complete(session, reviewId);
  expect(response.status, await response.clone().text()).toBe(200);
  return json<Completed>(response);
}

/** An account with an admin, two direct operators, and a group bringing a third person and a group admin. */
export async function team() {
  const admin = await signIn('admin', '管理 太郎');
  const operator = await signIn('operator', '運用 次郎');
  const partTimer = await signIn('part', 'アルバイト 三郎');
  const groupAdmin = await signIn('groupadmin', 'グループ 管理');
  const viaGroup = await signIn('viagroup', 'グループ 経由');
  const accountId = await createAccount(admin, '棚卸しの店');
  await grantRole(accountId, operator.userId, 'operator', admin.userId);
  await grantRole(accountId, partTimer.userId, 'operator_no_broadcast', admin.userId);
  const groupId = await createGroup(groupAdmin, '棚卸しの系列');
  await grantRole(groupId, viaGroup.userId, 'operator', groupAdmin.userId);
  // The part-timer also holds 分析の閲覧権限なし through the group: combined, 運用担当者.
  await grantRole(groupId, partTimer.userId, 'operator_no_stats', groupAdmin.userId);
  await addAccountToGroup(groupId, accountId, groupAdmin.userId);
  return { admin, operator, partTimer, groupAdmin, viaGroup, accountId, groupId };
}
