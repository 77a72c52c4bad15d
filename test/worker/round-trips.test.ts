import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import {
  BASE,
  call,
  createAccount,
  issueInvite,
  json,
  type Session,
  signDevToken,
  signIn,
  uniqueUserId,
  useInvite,
} from '../support/api';
import { createGroup, grantRole } from '../support/fixtures';
import { countingDb, newCounter } from '../support/round-trips';

/**
 * SPEC §7, edge cost: every API request makes at most 2 D1 round trips (a batch is one), and authenticating
 * makes none. The Worker's fetch handler is called directly with a counting D1 binding; everything a row
 * needs beforehand is set up over SELF, uncounted. `roundTrips` is what each request makes today, exactly,
 * so a change that adds one shows up here; the spec's bar (≤ 2) is asserted for every row as well.
 */
const BUDGET = 2;

type Kind = 'accounts' | 'groups';

interface Measured {
  method: string;
  path: string;
  token?: string | undefined;
  body?: unknown;
  rawBody?: string;
}

interface Fixture {
  admin: Session;
  operator: Session;
  outsider: Session;
}

interface RoundTripCase {
  route: string;
  situation: string;
  /** Builds what the request needs (uncounted) and returns the request to measure. */
  setup: (f: Fixture) => Promise<Measured>;
  status: number;
  roundTrips: number;
  /** SPEC §7's bar, unless the row documents why it cannot hold. */
  budget?: { max: number; why: string };
}

/** A fresh resource of `kind` administered by `admin`, with `operator` as a direct operator. */
async function resource(f: Fixture, kind: Kind): Promise<string> {
  const id = kind === 'accounts' ? await createAccount(f.admin) : await createGroup(f.admin);
  await grantRole(id, f.operator.userId, 'operator', f.admin.userId);
  return id;
}

async function setApproval(f: Fixture, kind: Kind, id: string, on: boolean) {
  const response = await call('PATCH', `/api/${kind}/${id}`, {
    token: f.admin.token,
    body: { requireApproval: on },
  });
  expect(response.status).toBe(200);
}

/** A pending join request on a fresh resource of `kind`: its id. */
async function pendingRequest(f: Fixture, kind: Kind): Promise<string> {
  const id = await resource(f, kind);
  await setApproval(f, kind, id, true);
  const { token } = await issueInvite(f.admin, id, 'operator', kind);
  const requester = await signIn('requester');
  const accepted = await useInvite(requester, 'accept', token);
  expect(accepted.status).toBe(202);
  return (await json<{ request: { id: string } }>(accepted)).request.id;
}

/** Puts an account into a group over the API, as its admin. */
async function link(f: Fixture, groupId: string, accountId: string) {
  const response = await call('POST', `/api/groups/${groupId}/accounts`, {
    token: f.admin.token,
    body: { accountId },
  });
  expect(response.status).toBe(204);
}

/** The routes written once for both kinds, measured for each. */
function perKind(kind: Kind): RoundTripCase[] {
  const at = (id: string, rest = '') => `/api/${kind}/${id}${rest}`;
  return [
    {
      route: `GET /api/${kind}/{id}`,
      situation: 'member',
      setup: async (f) => ({ method: 'GET', path: at(await resource(f, kind)), token: f.operator.token }),
      status: 200,
      roundTrips: 1,
    },
    {
      route: `GET /api/${kind}/{id}`,
      situation: 'outsider: 404',
      setup: async (f) => ({ method: 'GET', path: at(await resource(f, kind)), token: f.outsider.token }),
      status: 404,
      roundTrips: 1,
    },
    {
      route: `PATCH /api/${kind}/{id}`,
      situation: 'admin renames',
      setup: async (f) => ({
        method: 'PATCH',
        path: at(await resource(f, kind)),
        token: f.admin.token,
        body: { name: '新しい名前' },
      }),
      status: 200,
      roundTrips: 2,
    },
    {
      route: `PATCH /api/${kind}/{id}`,
      situation: 'operator: 403 after the read',
      setup: async (f) => ({
        method: 'PATCH',
        path: at(await resource(f, kind)),
        token: f.operator.token,
        body: { requireApproval: true },
      }),
      status: 403,
      roundTrips: 1,
    },
    {
      route: `GET /api/${kind}/{id}/members`,
      situation: 'admin',
      setup: async (f) => ({
        method: 'GET',
        path: at(await resource(f, kind), '/members'),
        token: f.admin.token,
      }),
      status: 200,
      roundTrips: 1,
    },
    {
      route: `PATCH /api/${kind}/{id}/members/{userId}`,
      situation: 'admin changes a role',
      setup: async (f) => ({
        method: 'PATCH',
        path: at(await resource(f, kind), `/members/${f.operator.userId}`),
        token: f.admin.token,
        body: { role: 'operator_no_stats' },
      }),
      status: 200,
      roundTrips: 2,
    },
    {
      route: `PATCH /api/${kind}/{id}/members/{userId}`,
      situation: 'role unchanged: nothing to write',
      setup: async (f) => ({
        method: 'PATCH',
        path: at(await resource(f, kind), `/members/${f.operator.userId}`),
        token: f.admin.token,
        body: { role: 'operator' },
      }),
      status: 200,
      roundTrips: 1,
    },
    {
      route: `PATCH /api/${kind}/{id}/members/{userId}`,
      situation: 'last admin demotes themself: 409 from the batch',
      setup: async (f) => ({
        method: 'PATCH',
        path: at(await resource(f, kind), `/members/${f.admin.userId}`),
        token: f.admin.token,
        body: { role: 'operator' },
      }),
      status: 409,
      roundTrips: 2,
    },
    {
      route: `DELETE /api/${kind}/{id}/members/{userId}`,
      situation: 'admin removes a member',
      setup: async (f) => ({
        method: 'DELETE',
        path: at(await resource(f, kind), `/members/${f.operator.userId}`),
        token: f.admin.token,
      }),
      status: 204,
      roundTrips: 2,
    },
    {
      route: `DELETE /api/${kind}/{id}/members/{userId}`,
      situation: 'a member leaves',
      setup: async (f) => ({
        method: 'DELETE',
        path: at(await resource(f, kind), `/members/${f.operator.userId}`),
        token: f.operator.token,
      }),
      status: 204,
      roundTrips: 2,
    },
    {
      route: `GET /api/${kind}/{id}/permissions`,
      situation: 'admin asks about someone',
      setup: async (f) => ({
        method: 'GET',
        path: at(await resource(f, kind), `/permissions?userId=${f.operator.userId}`),
        token: f.admin.token,
      }),
      status: 200,
      roundTrips: 1,
    },
    {
      route: `POST /api/${kind}/{id}/invites`,
      situation: 'admin issues',
      setup: async (f) => ({
        method: 'POST',
        path: at(await resource(f, kind), '/invites'),
        token: f.admin.token,
        body: { role: 'operator' },
      }),
      status: 201,
      roundTrips: 2,
    },
    {
      route: `POST /api/${kind}/{id}/invites`,
      situation: 'operator: 403 after the read',
      setup: async (f) => ({
        method: 'POST',
        path: at(await resource(f, kind), '/invites'),
        token: f.operator.token,
        body: { role: 'admin' },
      }),
      status: 403,
      roundTrips: 1,
    },
    {
      route: `GET /api/${kind}/{id}/invites`,
      situation: 'admin, with an open invite',
      setup: async (f) => {
        const id = await resource(f, kind);
        await issueInvite(f.admin, id, 'operator', kind);
        return { method: 'GET', path: at(id, '/invites'), token: f.admin.token };
      },
      status: 200,
      roundTrips: 1,
    },
    {
      route: `GET /api/${kind}/{id}/audit`,
      situation: 'admin',
      setup: async (f) => ({
        method: 'GET',
        path: at(await resource(f, kind), '/audit'),
        token: f.admin.token,
      }),
      status: 200,
      roundTrips: 1,
    },
    {
      route: `GET /api/${kind}/{id}/audit/verify`,
      situation: 'admin',
      setup: async (f) => ({
        method: 'GET',
        path: at(await resource(f, kind), '/audit/verify'),
        token: f.admin.token,
      }),
      status: 200,
      roundTrips: 1,
    },
    {
      route: `POST /api/requests/{id}/approve`,
      situation: `join request to ${kind === 'accounts' ? 'an account' : 'a group'}`,
      setup: async (f) => ({
        method: 'POST',
        path: `/api/requests/${await pendingRequest(f, kind)}/approve`,
        token: f.admin.token,
      }),
      status: 200,
      roundTrips: 2,
    },
    {
      route: `POST /api/requests/{id}/reject`,
      situation: `join request to ${kind === 'accounts' ? 'an account' : 'a group'}`,
      setup: async (f) => ({
        method: 'POST',
        path: `/api/requests/${await pendingRequest(f, kind)}/reject`,
        token: f.admin.token,
      }),
      status: 204,
      roundTrips: 2,
    },
  ];
}

const CASES: RoundTripCase[] = [
  {
    route: 'GET /api/openapi.json',
    situation: 'public',
    setup: async () => ({ method: 'GET', path: '/api/openapi.json' }),
    status: 200,
    roundTrips: 0,
  },
  {
    route: 'POST /api/session',
    situation: 'valid LINE ID token: upsert the user',
    setup: async () => ({
      method: 'POST',
      path: '/api/session',
      body: { idToken: await signDevToken({ sub: uniqueUserId('session') }) },
    }),
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'POST /api/session',
    situation: 'with the home data (withMe): the reads ride in the upsert batch',
    setup: async () => ({
      method: 'POST',
      path: '/api/session',
      body: { idToken: await signDevToken({ sub: uniqueUserId('session-me') }), withMe: true },
    }),
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'POST /api/session',
    situation: 'forged ID token: 401',
    setup: async () => ({
      method: 'POST',
      path: '/api/session',
      body: { idToken: await signDevToken({ sub: uniqueUserId('forged'), aud: 'someone-else' }) },
    }),
    status: 401,
    roundTrips: 0,
  },
  {
    route: 'GET /api/me',
    situation: 'no session: 401',
    setup: async () => ({ method: 'GET', path: '/api/me' }),
    status: 401,
    roundTrips: 0,
  },
  {
    route: 'GET /api/me',
    situation: 'session not ours: 401',
    setup: async () => ({ method: 'GET', path: '/api/me', token: 'eyJhbGciOiJIUzI1NiJ9.e30.c2lnbmF0dXJl' }),
    status: 401,
    roundTrips: 0,
  },
  {
    route: 'GET /api/me',
    situation: 'valid session: its one read, nothing for authenticating',
    setup: async (f) => {
      await resource(f, 'accounts');
      return { method: 'GET', path: '/api/me', token: f.operator.token };
    },
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'GET /api/accounts/{id}',
    situation: 'valid session, malformed id: 400 before any read',
    setup: async (f) => ({ method: 'GET', path: '/api/accounts/not-a-uuid', token: f.admin.token }),
    status: 400,
    roundTrips: 0,
  },
  {
    route: 'POST /api/accounts',
    situation: 'register',
    setup: async (f) => ({
      method: 'POST',
      path: '/api/accounts',
      token: f.admin.token,
      body: { name: '新しい店', basicId: '@newshop' },
    }),
    status: 201,
    roundTrips: 1,
  },
  {
    route: 'POST /api/accounts',
    situation: 'no session: 401',
    setup: async () => ({ method: 'POST', path: '/api/accounts', body: { name: '新しい店' } }),
    status: 401,
    roundTrips: 0,
  },
  {
    route: 'POST /api/groups',
    situation: 'create',
    setup: async (f) => ({
      method: 'POST',
      path: '/api/groups',
      token: f.admin.token,
      body: { name: '新しいグループ' },
    }),
    status: 201,
    roundTrips: 1,
  },
  ...perKind('accounts'),
  ...perKind('groups'),
  {
    route: 'DELETE /api/invites/{id}',
    situation: 'admin revokes',
    setup: async (f) => {
      const { invite } = await issueInvite(f.admin, await resource(f, 'accounts'));
      return { method: 'DELETE', path: `/api/invites/${invite.id}`, token: f.admin.token };
    },
    status: 204,
    roundTrips: 2,
  },
  {
    route: 'DELETE /api/invites/{id}',
    situation: 'operator: 403 after the read',
    setup: async (f) => {
      const { invite } = await issueInvite(f.admin, await resource(f, 'accounts'));
      return { method: 'DELETE', path: `/api/invites/${invite.id}`, token: f.operator.token };
    },
    status: 403,
    roundTrips: 1,
  },
  {
    route: 'POST /api/invites/preview',
    situation: 'invitee',
    setup: async (f) => {
      const { token } = await issueInvite(f.admin, await resource(f, 'accounts'));
      return { method: 'POST', path: '/api/invites/preview', token: f.outsider.token, body: { token } };
    },
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'POST /api/invites/accept',
    situation: 'the role at once',
    setup: async (f) => {
      const { token } = await issueInvite(f.admin, await resource(f, 'accounts'));
      const invitee = await signIn('invitee');
      return { method: 'POST', path: '/api/invites/accept', token: invitee.token, body: { token } };
    },
    status: 200,
    roundTrips: 2,
  },
  {
    route: 'POST /api/invites/accept',
    situation: 'approval required: a join request',
    setup: async (f) => {
      const id = await resource(f, 'groups');
      await setApproval(f, 'groups', id, true);
      const { token } = await issueInvite(f.admin, id, 'operator', 'groups');
      const invitee = await signIn('invitee');
      return { method: 'POST', path: '/api/invites/accept', token: invitee.token, body: { token } };
    },
    status: 202,
    roundTrips: 2,
  },
  {
    route: 'POST /api/invites/accept',
    situation: 'already used: 410 after the read',
    setup: async (f) => {
      const { token } = await issueInvite(f.admin, await resource(f, 'accounts'));
      expect((await useInvite(await signIn('first'), 'accept', token)).status).toBe(200);
      return { method: 'POST', path: '/api/invites/accept', token: f.outsider.token, body: { token } };
    },
    status: 410,
    roundTrips: 1,
  },
  {
    route: 'GET /api/groups/{id}/accounts',
    situation: 'group member',
    setup: async (f) => {
      const groupId = await resource(f, 'groups');
      await link(f, groupId, await resource(f, 'accounts'));
      return { method: 'GET', path: `/api/groups/${groupId}/accounts`, token: f.operator.token };
    },
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'POST /api/groups/{id}/accounts',
    situation: 'admin of both adds an account',
    setup: async (f) => ({
      method: 'POST',
      path: `/api/groups/${await resource(f, 'groups')}/accounts`,
      token: f.admin.token,
      body: { accountId: await resource(f, 'accounts') },
    }),
    status: 204,
    roundTrips: 2,
  },
  {
    route: 'POST /api/groups/{id}/accounts',
    situation: 'already in the group: 409 after the read',
    setup: async (f) => {
      const groupId = await resource(f, 'groups');
      const accountId = await resource(f, 'accounts');
      await link(f, groupId, accountId);
      return {
        method: 'POST',
        path: `/api/groups/${groupId}/accounts`,
        token: f.admin.token,
        body: { accountId },
      };
    },
    status: 409,
    roundTrips: 1,
  },
  {
    route: 'DELETE /api/groups/{id}/accounts/{accountId}',
    situation: 'admin of both takes an account out',
    setup: async (f) => {
      const groupId = await resource(f, 'groups');
      const accountId = await resource(f, 'accounts');
      await link(f, groupId, accountId);
      return { method: 'DELETE', path: `/api/groups/${groupId}/accounts/${accountId}`, token: f.admin.token };
    },
    status: 204,
    roundTrips: 2,
  },
  {
    route: 'GET /api/access',
    situation: 'owner overview, first page',
    setup: async (f) => {
      await resource(f, 'accounts');
      return { method: 'GET', path: '/api/access', token: f.admin.token };
    },
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'GET /api/access/export.csv',
    situation: 'owner overview as CSV',
    setup: async (f) => ({ method: 'GET', path: '/api/access/export.csv', token: f.admin.token }),
    status: 200,
    roundTrips: 1,
  },
  ...[1, 2].map(
    (resources): RoundTripCase => ({
      route: 'DELETE /api/access/{userId}',
      situation: `offboard from ${resources} resource${resources === 1 ? '' : 's'}`,
      setup: async (f) => {
        const leaver = await signIn('leaver');
        for (let i = 0; i < resources; i++) {
          await grantRole(await resource(f, 'accounts'), leaver.userId, 'operator', f.admin.userId);
        }
        return { method: 'DELETE', path: `/api/access/${leaver.userId}`, token: f.admin.token };
      },
      status: 200,
      roundTrips: 1 + resources,
      budget: {
        max: 1 + resources,
        why: 'one read for all, then one batch per resource (SPEC §6)',
      },
    }),
  ),
  {
    route: 'POST /api/invites/decline',
    situation: 'invitee declines',
    setup: async (f) => {
      const { token } = await issueInvite(f.admin, await resource(f, 'accounts'));
      return { method: 'POST', path: '/api/invites/decline', token: f.outsider.token, body: { token } };
    },
    status: 204,
    roundTrips: 2,
  },
];

/** Calls the Worker's own fetch handler with a counting D1 binding. */
async function measure(request: Measured) {
  const headers: Record<string, string> = {};
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  const counter = newCounter();
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`${BASE}${request.path}`, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    }),
    { ...env, DB: countingDb(env.DB, counter) },
    ctx,
  );
  const text = await response.text();
  await waitOnExecutionContext(ctx);
  return { status: response.status, text, roundTrips: counter.roundTrips, log: counter.log };
}

const table: string[][] = [];

afterAll(() => {
  const rows = [
    ['route', 'situation', 'status', 'round trips', 'without session', 'budget', 'calls'],
    ...table,
  ];
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const line = (row: string[]) =>
    `| ${row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  console.log(
    [
      'D1 round trips per request (SPEC §7: at most 2, a batch is one; authenticating makes none)',
      line(rows[0] ?? []),
      line(widths.map((width) => '-'.repeat(width))),
      ...table.map(line),
    ].join('\n'),
  );
});

describe('D1 round trips per request (SPEC §7, edge cost)', () => {
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = {
      admin: await signIn('admin'),
      operator: await signIn('operator'),
      outsider: await signIn('outsider'),
    };
  });

  it.each(CASES.map((c) => [`${c.route} (${c.situation})`, c] as const))('%s', async (_name, c) => {
    const request = await c.setup(fixture);
    const measured = await measure(request);
    // The same request without its session: refused before any storage is read.
    const anonymous = request.token ? await measure({ ...request, token: undefined }) : undefined;
    const budget = c.budget?.max ?? BUDGET;
    table.push([
      c.route,
      c.situation,
      String(measured.status),
      String(measured.roundTrips),
      anonymous ? `${anonymous.status}, ${anonymous.roundTrips}` : '',
      c.budget ? `≤ ${budget}: ${c.budget.why}` : `≤ ${budget}`,
      measured.log.join(' '),
    ]);
    expect(measured.status, measured.text).toBe(c.status);
    expect(measured.roundTrips, measured.log.join(' ')).toBeLessThanOrEqual(budget);
    expect(measured.roundTrips, measured.log.join(' ')).toBe(c.roundTrips);
    if (anonymous) {
      expect(anonymous.status, anonymous.text).toBe(401);
      expect(anonymous.roundTrips, anonymous.log.join(' ')).toBe(0);
    }
  });

  it('covers every API route of the OpenAPI document', async () => {
    const document = await json<{ paths: Record<string, Record<string, unknown>> }>(
      await call('GET', '/api/openapi.json'),
    );
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map(
        (method) => `${method.toUpperCase()} ${path.replace(/\{[^}]+\}/g, '{id}')}`,
      ),
    );
    const measured = new Set(CASES.map((c) => c.route.replace(/\{[^}]+\}/g, '{id}').replace(/\?.*$/, '')));
    expect(documented.filter((route) => !measured.has(route))).toEqual([]);
  });
});
