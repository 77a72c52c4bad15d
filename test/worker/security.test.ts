import { beforeAll, describe, expect, it } from 'vitest';
import { call, createAccount, issueInvite, type Session, signIn, useInvite } from '../support/api';
import { accountWithEveryRole, addAccountToGroup, grantRole } from '../support/fixtures';

/**
 * The route × actor matrix: every route of the API, asked by every kind of caller, gives the expected
 * status. Later features add their rows here. Rule 9: no access → 404, never 403.
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
  /** May prepare fresh state (an invite, a join request) so that every case starts alike. */
  request: (f: Fixture) => Request | Promise<Request>;
  /** Expected status per actor; actors not named get `otherwise`. */
  expect: Partial<Record<Actor, number>> & { otherwise: number };
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
    expect: { anonymous: 401, groupOperator: 403, otherwise: 404 },
  },
  {
    name: 'DELETE /api/groups/{id}/accounts/{accountId} (not in the group)',
    request: (f) => ({ method: 'DELETE', path: `/api/groups/${f.groupId}/accounts/${f.otherAccountId}` }),
    expect: { anonymous: 401, groupOperator: 403, otherwise: 404 },
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
    name: 'DELETE /api/access/{userId} (only what the caller administers)',
    request: (f) => ({ method: 'DELETE', path: `/api/access/${f.outsider.userId}` }),
    expect: { anonymous: 401, otherwise: 200 },
  },
  {
    name: 'GET /api/accounts/{id} of another admin',
    request: (f) => ({ method: 'GET', path: `/api/accounts/${f.otherAccountId}` }),
    expect: { anonymous: 401, otherAdmin: 200, otherwise: 404 },
  },
];

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
async function joinRequest(f: Fixture): Promise<string> {
  const { token } = await issueInvite(f.admin, approvalAccountId);
  const requester = await signIn('requester');
  const accepted = await useInvite(requester, 'accept', token);
  return ((await accepted.json()) as { request: { id: string } }).request.id;
}

function sessionOf(actor: Actor): Session | undefined {
  return actor === 'anonymous' ? undefined : f[actor];
}

describe('security matrix: route × actor', () => {
  const cases = routes.flatMap((route) =>
    ACTORS.map((actor) => ({ route, actor, status: route.expect[actor] ?? route.expect.otherwise })),
  );

  it.each(cases)('$route.name as $actor → $status', async ({ route, actor, status }) => {
    const { method, path, body } = await route.request(f);
    const response = await call(method, path, { token: sessionOf(actor)?.token, body });
    expect(response.status).toBe(status);
    if (status >= 400) {
      const error = ((await response.json()) as { error: { code: string; requestId: string } }).error;
      expect(error.requestId).toBe(response.headers.get('X-Request-Id'));
      const expected = { 401: 'UNAUTHENTICATED', 403: 'FORBIDDEN', 404: 'NOT_FOUND' }[status];
      if (expected) expect(error.code).toBe(expected);
    }
  });
});
