import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../worker/authz/roles';
import { encodeTimeCursor } from '../../worker/lib/cursor';
import { call, createAccount, issueInvite, type Session, signIn, useInvite } from '../support/api';
import { tokenFor } from '../support/channels';
import { accountWithEveryRole, addAccountToGroup, createGroup, grantRole } from '../support/fixtures';

/**
 * The route × actor matrix: every route of the API, asked by every kind of caller, gives the expected
 * status. Later features add their rows here. Rule 9: no access → 404, never 403.
 */
/**
 * The actors, as `accountWithEveryRole` makes them: `admin` is the account's direct admin (and in no group);
 * `operator`, `noBroadcast`, `noStats` hold those roles on it directly; `groupAdmin` is admin of the account
 * only through the group 首都圏 (rule 11's case: an admin who is not a direct one); `groupOperator` is an
 * operator through that group; `otherAdmin` administers another account; `outsider` has nothing.
 */
type Actor =
  | 'anonymous'
  | 'outsider'
  | 'admin'
  | 'operator'
  | 'noBroadcast'
  | 'noStats'
  | 'groupAdmin'
  | 'groupOperator'
  | 'otherAdmin';

const ACTORS: Actor[] = [
  'anonymous',
  'outsider',
  'admin',
  'operator',
  'noBroadcast',
  'noStats',
  'groupAdmin',
  'groupOperator',
  'otherAdmin',
];

type Fixture = Awaited<ReturnType<typeof accountWithEveryRole>>;

interface Request {
  method: string;
  path: string;
  body?: unknown;
}

interface RouteCase {
  name: string;
  /**
   * May prepare fresh state (an invite, a join request, a group) so that every case starts alike; `actor`
   * is who will ask, for state that must be theirs alone.
   */
  request: (f: Fixture, actor: Actor) => Request | Promise<Request>;
  /** Expected status per actor; actors not named get `otherwise`. */
  expect: Partial<Record<Actor, number>> & { otherwise: number };
  /** Error codes where the status alone does not tell the rule apart. */
  codes?: Partial<Record<Actor, string>>;
}

const member = {
  admin: 200,
  operator: 200,
  noBroadcast: 200,
  noStats: 200,
  groupAdmin: 200,
  groupOperator: 200,
};
const accountAdmins = { admin: 200, groupAdmin: 200 };
const operatorsRefused = { operator: 403, noBroadcast: 403, noStats: 403, groupOperator: 403 };

const routes: RouteCase[] = [
  {
    name: 'GET /api/me',
    request: () => ({ method: 'GET', path: '/api/me' }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'PUT /api/me/notifications (the caller’s own switch)',
    request: () => ({ method: 'PUT', path: '/api/me/notifications', body: { enabled: true } }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'GET /api/me/resources (only what the caller reaches)',
    request: () => ({ method: 'GET', path: '/api/me/resources?kind=account' }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'POST /api/accounts',
    request: () => ({ method: 'POST', path: '/api/accounts', body: { name: '新しい店' } }),
    expect: { anonymous: 401, otherwise: 201 },
  },
  {
    name: 'POST /api/groups',
    request: () => ({ method: 'POST', path: '/api/groups', body: { name: '新しいグループ' } }),
    expect: { anonymous: 401, otherwise: 201 },
  },
  {
    name: 'GET /api/accounts/{id}',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}` }),
    expect: { anonymous: 401, ...member, otherwise: 404 },
  },
  {
    name: 'PATCH /api/accounts/{id}',
    request: (f) => ({ method: 'PATCH', path: `/api/accounts/${f.accountId}`, body: { name: '渋谷店' } }),
    expect: {
      anonymous: 401,
      ...accountAdmins,
      ...operatorsRefused,
      otherwise: 404,
    },
  },
  {
    name: 'GET /api/accounts/{id}/members',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}/members` }),
    expect: { anonymous: 401, ...member, otherwise: 404 },
  },
  {
    name: 'GET /api/accounts/{id}/permissions (self)',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}/permissions` }),
    expect: { anonymous: 401, ...member, otherwise: 404 },
  },
  {
    name: 'GET /api/accounts/{id}/permissions?userId= (someone else)',
    request: (f) => ({
      method: 'GET',
      path: `/api/accounts/${f.accountId}/permissions?userId=${f.operator.userId}`,
    }),
    expect: {
      anonymous: 401,
      ...accountAdmins,
      operator: 200,
      noBroadcast: 403,
      noStats: 403,
      groupOperator: 403,
      otherwise: 404,
    },
  },
  {
    name: 'GET /api/groups/{id}',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 200, otherwise: 404 },
  },
  {
    name: 'PATCH /api/groups/{id}',
    request: (f) => ({ method: 'PATCH', path: `/api/groups/${f.groupId}`, body: { requireApproval: false } }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'GET /api/groups/{id}/members',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}/members` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 200, otherwise: 404 },
  },
  {
    name: 'PATCH /api/accounts/{id}/members/{userId} (role unchanged)',
    request: (f) => ({
      method: 'PATCH',
      path: `/api/accounts/${f.accountId}/members/${f.noStats.userId}`,
      body: { role: 'operator_no_stats' },
    }),
    expect: {
      anonymous: 401,
      ...accountAdmins,
      ...operatorsRefused,
      otherwise: 404,
    },
  },
  {
    name: 'PATCH /api/accounts/{id}/members/{userId} (a direct admin, role unchanged)',
    request: (f) => ({
      method: 'PATCH',
      path: `/api/accounts/${f.accountId}/members/${f.admin.userId}`,
      body: { role: 'admin' },
    }),
    // Rule 11: touching a direct admin is for direct admins only.
    expect: { anonymous: 401, admin: 200, groupAdmin: 403, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'DELETE /api/accounts/{id}/members/{userId} (a fresh second direct admin)',
    request: async (f) => {
      const second = await signIn('secondadmin');
      await grantRole(f.accountId, second.userId, 'admin', f.admin.userId);
      return { method: 'DELETE', path: `/api/accounts/${f.accountId}/members/${second.userId}` };
    },
    // Rule 11: only a direct admin removes a direct admin.
    expect: { anonymous: 401, admin: 204, groupAdmin: 403, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'DELETE /api/accounts/{id}/members/{userId} (not a member)',
    request: (f) => ({ method: 'DELETE', path: `/api/accounts/${f.accountId}/members/${f.outsider.userId}` }),
    expect: {
      anonymous: 401,
      ...operatorsRefused,
      otherwise: 404,
    },
  },
  {
    name: 'GET /api/accounts/{id}/audit',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}/audit` }),
    expect: {
      anonymous: 401,
      ...accountAdmins,
      ...operatorsRefused,
      otherwise: 404,
    },
  },
  {
    name: 'GET /api/accounts/{id}/audit/verify',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}/audit/verify` }),
    expect: {
      anonymous: 401,
      ...accountAdmins,
      ...operatorsRefused,
      otherwise: 404,
    },
  },
  {
    name: 'GET /api/accounts/{id}/notifications (failed deliveries)',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}/notifications` }),
    expect: { anonymous: 401, ...accountAdmins, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'GET /api/groups/{id}/notifications (failed deliveries)',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}/notifications` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'GET /api/groups/{id}/permissions (self)',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}/permissions` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 200, otherwise: 404 },
  },
  {
    name: 'POST /api/groups/{id}/invites',
    request: (f) => ({ method: 'POST', path: `/api/groups/${f.groupId}/invites`, body: { role: 'admin' } }),
    // A group's grants are all direct: its admin may issue an admin invite on it.
    expect: { anonymous: 401, groupAdmin: 201, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'GET /api/groups/{id}/invites',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}/invites` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'PATCH /api/groups/{id}/members/{userId} (role unchanged)',
    request: (f) => ({
      method: 'PATCH',
      path: `/api/groups/${f.groupId}/members/${f.groupOperator.userId}`,
      body: { role: 'operator' },
    }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'DELETE /api/groups/{id}/members/{userId} (not a member)',
    request: (f) => ({ method: 'DELETE', path: `/api/groups/${f.groupId}/members/${f.outsider.userId}` }),
    expect: { anonymous: 401, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'GET /api/groups/{id}/audit',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}/audit` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'GET /api/groups/{id}/audit/verify',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}/audit/verify` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'POST /api/accounts/{id}/invites',
    request: (f) => ({
      method: 'POST',
      path: `/api/accounts/${f.accountId}/invites`,
      body: { role: 'operator' },
    }),
    expect: { anonymous: 401, admin: 201, groupAdmin: 201, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'POST /api/accounts/{id}/invites (role admin)',
    request: (f) => ({
      method: 'POST',
      path: `/api/accounts/${f.accountId}/invites`,
      body: { role: 'admin' },
    }),
    // Rule 11: an admin only through a group cannot make anyone a direct admin.
    expect: { anonymous: 401, admin: 201, groupAdmin: 403, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'GET /api/accounts/{id}/invites',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}/invites` }),
    expect: { anonymous: 401, ...accountAdmins, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'DELETE /api/invites/{id}',
    request: async (f) => ({
      method: 'DELETE',
      path: `/api/invites/${(await issueInvite(f.admin, f.accountId)).invite.id}`,
    }),
    expect: { anonymous: 401, admin: 204, groupAdmin: 204, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'POST /api/invites/{id}/reissue',
    request: async (f) => ({
      method: 'POST',
      path: `/api/invites/${(await issueInvite(f.admin, f.accountId)).invite.id}/reissue`,
    }),
    expect: { anonymous: 401, admin: 201, groupAdmin: 201, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'POST /api/invites/{id}/reissue (an admin invite: direct admins only, rule 11)',
    request: async (f) => ({
      method: 'POST',
      path: `/api/invites/${(await issueInvite(f.admin, f.accountId, 'admin')).invite.id}/reissue`,
    }),
    expect: { anonymous: 401, admin: 201, groupAdmin: 403, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'POST /api/invites/about',
    request: async (f) => ({
      method: 'POST',
      path: '/api/invites/about',
      body: { token: (await issueInvite(f.admin, f.accountId)).token },
    }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'POST /api/invites/preview',
    request: async (f) => ({
      method: 'POST',
      path: '/api/invites/preview',
      body: { token: (await issueInvite(f.admin, f.accountId)).token },
    }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'POST /api/invites/decline (direct members are refused: the invite is for someone else)',
    request: async (f) => ({
      method: 'POST',
      path: '/api/invites/decline',
      body: { token: (await issueInvite(f.admin, f.accountId)).token },
    }),
    expect: { anonymous: 401, admin: 409, operator: 409, noBroadcast: 409, noStats: 409, otherwise: 204 },
    // Rule 10: the issuer may never use their own invite; rule 6: a member's tap must not use it up.
    codes: {
      admin: 'OWN_INVITE',
      operator: 'ALREADY_MEMBER',
      noBroadcast: 'ALREADY_MEMBER',
      noStats: 'ALREADY_MEMBER',
    },
  },
  {
    name: 'POST /api/invites/accept (an account that requires approval: a join request, nothing granted)',
    request: async (f) => ({
      method: 'POST',
      path: '/api/invites/accept',
      body: { token: (await issueInvite(f.admin, approvalAccountId)).token },
    }),
    expect: { anonymous: 401, admin: 409, operator: 409, otherwise: 202 },
    // Rule 10: the issuer is refused even as a member; the operator is a direct member there (rule 6).
    codes: { admin: 'OWN_INVITE', operator: 'ALREADY_MEMBER' },
  },
  {
    name: 'POST /api/requests/{id}/approve',
    request: async (f) => ({ method: 'POST', path: `/api/requests/${await joinRequest(f)}/approve` }),
    expect: {
      anonymous: 401,
      admin: 200,
      groupAdmin: 200,
      operator: 403,
      groupOperator: 403,
      otherwise: 404,
    },
  },
  {
    name: 'POST /api/requests/{id}/approve (role admin)',
    request: async (f) => ({
      method: 'POST',
      path: `/api/requests/${await joinRequest(f, 'admin')}/approve`,
    }),
    // Rule 11: approving an admin join request makes a direct admin: direct admins only.
    expect: {
      anonymous: 401,
      admin: 200,
      groupAdmin: 403,
      operator: 403,
      groupOperator: 403,
      otherwise: 404,
    },
  },
  {
    name: 'POST /api/requests/{id}/reject',
    request: async (f) => ({ method: 'POST', path: `/api/requests/${await joinRequest(f)}/reject` }),
    expect: {
      anonymous: 401,
      admin: 204,
      groupAdmin: 204,
      operator: 403,
      groupOperator: 403,
      otherwise: 404,
    },
  },
  {
    name: 'GET /api/groups/{id}/accounts',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}/accounts` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 200, otherwise: 404 },
  },
  {
    name: "POST /api/groups/{id}/accounts (someone else's account)",
    request: (f) => ({
      method: 'POST',
      path: `/api/groups/${f.groupId}/accounts`,
      body: { accountId: f.otherAccountId },
    }),
    // Rule 9: an account the caller cannot see is 404, before anything is asked of the group.
    expect: { anonymous: 401, otherwise: 404 },
  },
  {
    name: 'POST /api/groups/{id}/accounts (the account, into a fresh group that the caller administers)',
    request: async (f, actor) => ({
      method: 'POST',
      path: `/api/groups/${await freshGroup(actor === 'anonymous' ? {} : { [actor]: 'admin' })}/accounts`,
      body: { accountId: f.accountId },
    }),
    // Rule 11 / SPEC §2: adding takes a direct admin of the account; groupAdmin is one only through a group.
    expect: { anonymous: 401, admin: 204, groupAdmin: 403, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'DELETE /api/groups/{id}/accounts/{accountId} (not in the group)',
    request: (f) => ({ method: 'DELETE', path: `/api/groups/${f.groupId}/accounts/${f.otherAccountId}` }),
    // SPEC §2: the group's admin may take any account out, so only the link's absence answers: 404.
    expect: { anonymous: 401, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'DELETE /api/groups/{id}/accounts/{accountId} (a fresh group holding the account)',
    request: async (f) => {
      const groupId = await freshGroup({ groupAdmin: 'admin', groupOperator: 'operator' });
      await addAccountToGroup(groupId, f.accountId, f.admin.userId);
      return { method: 'DELETE', path: `/api/groups/${groupId}/accounts/${f.accountId}` };
    },
    // SPEC §2: the account's direct admin (not in the group) or the group's admin takes it out. Whoever
    // does not see the group and has no say on the account learns nothing of it (rule 9).
    expect: {
      anonymous: 401,
      admin: 204,
      groupAdmin: 204,
      groupOperator: 403,
      otherwise: 404,
    },
  },
  {
    name: 'GET /api/accounts/{id}/groups',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}/groups` }),
    // Every path into the account, for its admins, direct or through a group.
    expect: { anonymous: 401, ...accountAdmins, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'GET /api/access/{userId}/offboarding (a plan over what the caller administers)',
    request: (f) => ({ method: 'GET', path: `/api/access/${f.groupOperator.userId}/offboarding` }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'GET /api/access',
    request: () => ({ method: 'GET', path: '/api/access' }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'GET /api/access/export.csv',
    request: () => ({ method: 'GET', path: '/api/access/export.csv' }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'GET /api/access/export.csv?resourceId= (one account: its admins only)',
    request: (f) => ({ method: 'GET', path: `/api/access/export.csv?resourceId=${f.accountId}` }),
    expect: { anonymous: 401, ...accountAdmins, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'DELETE /api/access/{userId} (only what the caller administers)',
    request: (f) => ({ method: 'DELETE', path: `/api/access/${f.outsider.userId}` }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'POST /api/accounts/{id}/reviews (none open)',
    request: async (f) => {
      await closeOpenReviews(f.accountId);
      return { method: 'POST', path: `/api/accounts/${f.accountId}/reviews` };
    },
    // Running a review is managing members: any admin, also through a group (SPEC §10).
    expect: { anonymous: 401, admin: 201, groupAdmin: 201, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'POST /api/groups/{id}/reviews (none open)',
    request: async (f) => {
      await closeOpenReviews(f.groupId);
      return { method: 'POST', path: `/api/groups/${f.groupId}/reviews` };
    },
    expect: { anonymous: 401, groupAdmin: 201, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'GET /api/accounts/{id}/reviews',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.accountId}/reviews` }),
    expect: { anonymous: 401, ...accountAdmins, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'GET /api/accounts/{id}/reviews?cursor= (an older page: the same refusals)',
    request: (f) => ({
      method: 'GET',
      path: `/api/accounts/${f.accountId}/reviews?cursor=${encodeTimeCursor({ at: Date.now(), id: crypto.randomUUID() })}`,
    }),
    expect: { anonymous: 401, ...accountAdmins, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'GET /api/groups/{id}/reviews',
    request: (f) => ({ method: 'GET', path: `/api/groups/${f.groupId}/reviews` }),
    expect: { anonymous: 401, groupAdmin: 200, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'GET /api/reviews/{reviewId}',
    request: async (f) => ({ method: 'GET', path: `/api/reviews/${await freshReview(f)}` }),
    // Admins of the resource only; members too are told it does not exist.
    expect: { anonymous: 401, ...accountAdmins, otherwise: 404 },
  },
  {
    name: 'PUT /api/reviews/{reviewId}/items/{userId}',
    request: async (f) => ({
      method: 'PUT',
      path: `/api/reviews/${await freshReview(f)}/items/${f.operator.userId}`,
      body: { decision: 'keep' },
    }),
    expect: { anonymous: 401, ...accountAdmins, otherwise: 404 },
  },
  {
    name: 'POST /api/reviews/{reviewId}/keep-rest',
    request: async (f) => ({ method: 'POST', path: `/api/reviews/${await freshReview(f)}/keep-rest` }),
    expect: { anonymous: 401, ...accountAdmins, otherwise: 404 },
  },
  {
    name: 'POST /api/reviews/{reviewId}/complete (everyone decided keep)',
    request: async (f) => ({ method: 'POST', path: `/api/reviews/${await freshReview(f, true)}/complete` }),
    expect: { anonymous: 401, ...accountAdmins, otherwise: 404 },
  },
  {
    name: 'GET /api/reviews/{reviewId}/export.csv (completed)',
    request: async (f) => {
      const reviewId = await freshReview(f, true);
      const done = await call('POST', `/api/reviews/${reviewId}/complete`, { token: f.admin.token });
      expect(done.status).toBe(200);
      return { method: 'GET', path: `/api/reviews/${reviewId}/export.csv` };
    },
    expect: { anonymous: 401, ...accountAdmins, otherwise: 404 },
  },
  {
    name: 'PUT /api/accounts/{id}/channel',
    request: (f) => ({
      method: 'PUT',
      path: `/api/accounts/${f.accountId}/channel`,
      body: { channelAccessToken: tokenFor(CHANNEL_BASIC_ID) },
    }),
    expect: { anonymous: 401, ...accountAdmins, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'DELETE /api/accounts/{id}/channel',
    request: async (f) => {
      await ensureConnected(f);
      return { method: 'DELETE', path: `/api/accounts/${f.accountId}/channel` };
    },
    expect: { anonymous: 401, admin: 204, groupAdmin: 204, ...operatorsRefused, otherwise: 404 },
  },
  {
    name: 'GET /api/accounts/{id}/stats',
    request: async (f) => {
      await ensureConnected(f);
      return { method: 'GET', path: `/api/accounts/${f.accountId}/stats` };
    },
    // 分析: not for 運用担当者(分析の閲覧権限なし) (SPEC §3, §9).
    expect: { anonymous: 401, ...member, noStats: 403, otherwise: 404 },
  },
  {
    name: 'GET /api/accounts/{id}/broadcasts/audience',
    request: async (f) => {
      await ensureConnected(f);
      return { method: 'GET', path: `/api/accounts/${f.accountId}/broadcasts/audience` };
    },
    expect: { anonymous: 401, ...member, noBroadcast: 403, otherwise: 404 },
  },
  {
    name: 'POST /api/accounts/{id}/broadcasts',
    request: async (f) => {
      await ensureConnected(f);
      return {
        method: 'POST',
        path: `/api/accounts/${f.accountId}/broadcasts`,
        body: { messages: [{ type: 'text', text: '本日のおすすめ' }] },
      };
    },
    // 配信: not for 運用担当者(配信権限なし) (SPEC §3, §9).
    expect: { anonymous: 401, ...member, noBroadcast: 403, otherwise: 404 },
  },
  {
    name: 'POST /api/accounts/{id}/broadcasts/test',
    request: async (f) => {
      await ensureConnected(f);
      return {
        method: 'POST',
        path: `/api/accounts/${f.accountId}/broadcasts/test`,
        body: { messages: [{ type: 'text', text: 'テスト' }] },
      };
    },
    expect: { anonymous: 401, ...member, otherwise: 404 },
  },
  {
    name: 'GET /api/accounts/{id} of another admin',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.otherAccountId}` }),
    expect: { anonymous: 401, otherAdmin: 200, otherwise: 404 },
  },
];

/** The basic ID `accountWithEveryRole` gives the account; the stand-in of LINE has a bot for it. */
const CHANNEL_BASIC_ID = '@shibuya';

/** Connects the account's channel (again, after a case that disconnected it), as its direct admin. */
async function ensureConnected(f: Fixture) {
  const response = await call('PUT', `/api/accounts/${f.accountId}/channel`, {
    token: f.admin.token,
    body: { channelAccessToken: tokenFor(CHANNEL_BASIC_ID) },
  });
  expect(response.status).toBe(200);
}

/** Drops the resource's open review (straight in storage), so that each case may start one. */
async function closeOpenReviews(resourceId: string) {
  await env.DB.prepare(`DELETE FROM reviews WHERE resource_id = ?1 AND status = 'open'`)
    .bind(resourceId)
    .run();
}

/** A fresh open review of the account, started by its direct admin; with `decided`, everyone marked keep. */
async function freshReview(f: Fixture, decided = false): Promise<string> {
  await closeOpenReviews(f.accountId);
  const response = await call('POST', `/api/accounts/${f.accountId}/reviews`, { token: f.admin.token });
  expect(response.status).toBe(201);
  const { review } = (await response.json()) as { review: { id: string } };
  if (decided) {
    await env.DB.prepare(
      `UPDATE review_items SET decision = 'keep', decided_by = ?2, decided_at = ?3 WHERE review_id = ?1`,
    )
      .bind(review.id, f.admin.userId, Date.now())
      .run();
  }
  return review.id;
}

/** Routes with no caller to authorize: every actor gets the same answer, shown in round-trips.test.ts. */
const PUBLIC = new Set(['GET /api/openapi.json', 'POST /api/session', 'POST /api/line/webhook']);

let f: Fixture;
let approvalAccountId: string;
beforeAll(async () => {
  f = await accountWithEveryRole();
  // An account that requires approval, reached by the group: its join requests are decided by admins.
  approvalAccountId = await createAccount(f.admin, '承認制の店');
  await call('PATCH', `/api/accounts/${approvalAccountId}`, {
    token: f.admin.token,
    body: { requireApproval: true },
  });
  await grantRole(approvalAccountId, f.operator.userId, 'operator', f.admin.userId);
  await addAccountToGroup(f.groupId, approvalAccountId, f.groupAdmin.userId);
});

/** A fresh undecided join request on the approval account. */
async function joinRequest(f: Fixture, role = 'operator'): Promise<string> {
  const { token } = await issueInvite(f.admin, approvalAccountId, role);
  const requester = await signIn('requester');
  const accepted = await useInvite(requester, 'accept', token);
  return ((await accepted.json()) as { request: { id: string } }).request.id;
}

/**
 * A fresh group, created by someone who is none of the actors, where the actors named hold the roles given:
 * state that only the asking actor holds, so that a case that succeeds changes nothing for the next.
 */
async function freshGroup(roles: Partial<Record<Actor, Role>>): Promise<string> {
  const creator = await signIn('groupcreator');
  const groupId = await createGroup(creator, '新しい系列');
  for (const [actor, role] of Object.entries(roles) as Array<[Actor, Role]>) {
    const session = sessionOf(actor);
    if (session) await grantRole(groupId, session.userId, role, creator.userId);
  }
  return groupId;
}

function sessionOf(actor: Actor): Session | undefined {
  return actor === 'anonymous' ? undefined : f[actor];
}

describe('security matrix: route × actor', () => {
  const cases = routes.flatMap((route) =>
    ACTORS.map((actor) => ({ route, actor, status: route.expect[actor] ?? route.expect.otherwise })),
  );

  it.each(cases)('$route.name as $actor → $status', async ({ route, actor, status }) => {
    const { method, path, body } = await route.request(f, actor);
    const response = await call(method, path, { token: sessionOf(actor)?.token, body });
    expect(response.status).toBe(status);
    if (status >= 400) {
      const error = ((await response.json()) as { error: { code: string; requestId: string } }).error;
      expect(error.requestId).toBe(response.headers.get('X-Request-Id'));
      const expected =
        route.codes?.[actor] ?? { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[status];
      if (expected) expect(error.code).toBe(expected);
    }
  });

  it('has a row for every route of the OpenAPI document that a caller can be refused', async () => {
    const document = (await (await call('GET', '/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{}')}`),
    );
    // A row is named "METHOD /path (situation)"; parameters are compared by position only.
    const covered = new Set(
      routes.map((route) => {
        const [method = '', path = ''] = route.name.split(' ');
        return `${method} ${path.replace(/\?.*$/, '').replace(/\{[^}]+\}/g, '{}')}`;
      }),
    );
    expect(documented.filter((route) => !covered.has(route) && !PUBLIC.has(route))).toEqual([]);
  });
});
