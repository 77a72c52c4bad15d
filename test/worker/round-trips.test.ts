import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import worker from '../../worker/index';
import { encodeTimeCursor } from '../../worker/lib/cursor';
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
import { connectedAccount, tokenFor, uniqueBasicId } from '../support/channels';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';
import { signWebhook } from '../support/line-standin';
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
  headers?: Record<string, string>;
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
  /** What the answer must contain (`toMatchObject`), where the count depends on what was done. */
  body?: unknown;
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

/** Gives `count` new people (straight into storage, uncounted) an operator role on a resource. */
async function fill(resourceId: string, count: number) {
  const at = Date.now();
  const statements = Array.from({ length: count }, () => uniqueUserId('seat')).flatMap((id) => [
    env.DB.prepare(
      'INSERT INTO users (id, display_name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)',
    ).bind(id, '席', at),
    env.DB.prepare(
      `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at) VALUES (?1, ?2, 'operator', NULL, ?3)`,
    ).bind(resourceId, id, at),
  ]);
  await env.DB.batch(statements);
}

/**
 * Someone to offboard, as `f.admin` sees them: a direct operator on `resources` fresh resources `f.admin`
 * administers, and an operator in `cuts` strangers' groups, each holding a fresh account of `f.admin`'s: the
 * group links offboarding must cut (the caller is the accounts' direct admin, not in the groups).
 */
async function offboardingTarget(f: Fixture, shape: { resources: number; cuts: number }) {
  const leaver = await signIn('leaver');
  for (let i = 0; i < shape.resources; i++) {
    await grantRole(await resource(f, 'accounts'), leaver.userId, 'operator', f.admin.userId);
  }
  for (let i = 0; i < shape.cuts; i++) {
    const stranger = await signIn('stranger');
    const groupId = await createGroup(stranger);
    await grantRole(groupId, leaver.userId, 'operator', stranger.userId);
    await addAccountToGroup(groupId, await resource(f, 'accounts'), stranger.userId);
  }
  return leaver;
}

/** An open review of a fresh account of `f.admin`'s (with `f.operator` on it): its id. */
async function openReview(f: Fixture): Promise<string> {
  const response = await call('POST', `/api/accounts/${await resource(f, 'accounts')}/reviews`, {
    token: f.admin.token,
  });
  expect(response.status).toBe(201);
  return (await json<{ review: { id: string } }>(response)).review.id;
}

/** A review where everyone is kept, except `f.operator` who is kept or removed as asked: its id. */
async function decidedReview(f: Fixture, operator: 'keep' | 'remove'): Promise<string> {
  const reviewId = await openReview(f);
  const { review } = await json<{ review: { items: Array<{ userId: string }> } }>(
    await call('GET', `/api/reviews/${reviewId}`, { token: f.admin.token }),
  );
  for (const item of review.items) {
    const decision = item.userId === f.operator.userId ? operator : 'keep';
    const response = await call('PUT', `/api/reviews/${reviewId}/items/${item.userId}`, {
      token: f.admin.token,
      body: { decision },
    });
    expect(response.status).toBe(200);
  }
  return reviewId;
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
      route: `GET /api/${kind}/{id}/notifications`,
      situation: 'admin: the failed deliveries',
      setup: async (f) => ({
        method: 'GET',
        path: at(await resource(f, kind), '/notifications'),
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
    route: 'PUT /api/me/notifications',
    situation: 'turn them off: one write, no audit (the person’s own preference)',
    setup: async () => ({
      method: 'PUT',
      path: '/api/me/notifications',
      token: (await signIn('switch')).token,
      body: { enabled: false },
    }),
    status: 200,
    body: { enabled: false },
    roundTrips: 1,
  },
  {
    route: 'GET /api/me/resources',
    situation: 'a page of accounts after a cursor, searched by name',
    setup: async (f) => {
      await resource(f, 'accounts');
      await resource(f, 'accounts');
      const first = await json<{ nextCursor: string | null }>(
        await call('GET', '/api/me/resources?kind=account', { token: f.admin.token }),
      );
      const cursor = first.nextCursor ? `&cursor=${encodeURIComponent(first.nextCursor)}` : '';
      return {
        method: 'GET',
        path: `/api/me/resources?kind=account&q=%E5%BA%97${cursor}`,
        token: f.admin.token,
      };
    },
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'GET /api/me/resources',
    situation: 'the accounts the caller may put into a group (directAdmin)',
    setup: async (f) => ({
      method: 'GET',
      path: '/api/me/resources?kind=account&directAdmin=true',
      token: f.admin.token,
    }),
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'GET /api/me/resources',
    situation: 'not a cursor of this list: 400 before any read',
    setup: async (f) => ({
      method: 'GET',
      path: '/api/me/resources?kind=group&cursor=bm90LWpzb24',
      token: f.admin.token,
    }),
    status: 400,
    roundTrips: 0,
  },
  {
    route: 'PUT /api/accounts/{id}/channel',
    situation: 'connect: LINE asked between the read and the batch',
    setup: async (f) => {
      const basicId = uniqueBasicId();
      const id = await createAccount(f.admin, '接続する店', basicId);
      return {
        method: 'PUT',
        path: `/api/accounts/${id}/channel`,
        token: f.admin.token,
        body: { channelAccessToken: tokenFor(basicId) },
      };
    },
    status: 200,
    body: { channel: { connected: true } },
    roundTrips: 2,
  },
  {
    route: 'DELETE /api/accounts/{id}/channel',
    situation: 'disconnect',
    setup: async (f) => ({
      method: 'DELETE',
      path: `/api/accounts/${(await connectedAccount(f.admin)).accountId}/channel`,
      token: f.admin.token,
    }),
    status: 204,
    roundTrips: 2,
  },
  {
    route: 'GET /api/accounts/{id}/stats',
    situation: 'LINE’s numbers and the latest sends',
    setup: async (f) => ({
      method: 'GET',
      path: `/api/accounts/${(await connectedAccount(f.admin)).accountId}/stats`,
      token: f.admin.token,
    }),
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'GET /api/accounts/{id}/broadcasts/audience',
    situation: 'friends reached and the month’s quota',
    setup: async (f) => ({
      method: 'GET',
      path: `/api/accounts/${(await connectedAccount(f.admin)).accountId}/broadcasts/audience`,
      token: f.admin.token,
    }),
    status: 200,
    roundTrips: 1,
  },
  ...(['broadcasts', 'broadcasts/test'] as const).map(
    (route): RoundTripCase => ({
      route: `POST /api/accounts/{id}/${route}`,
      situation: 'a new send',
      setup: async (f) => ({
        method: 'POST',
        path: `/api/accounts/${(await connectedAccount(f.admin)).accountId}/${route}`,
        token: f.admin.token,
        body: { messages: [{ type: 'text', text: 'お知らせ' }], retryKey: crypto.randomUUID() },
      }),
      status: 200,
      roundTrips: 3,
      budget: {
        max: 3,
        why: 'the read, the claim of the retry key before LINE is called (a retry then sends once), and the record with its audit event after LINE accepted (SPEC §9)',
      },
    }),
  ),
  {
    route: 'POST /api/accounts/{id}/broadcasts',
    situation: 'a retry of a send already recorded: answered from the read',
    setup: async (f) => {
      const { accountId } = await connectedAccount(f.admin);
      const body = { messages: [{ type: 'text', text: 'お知らせ' }], retryKey: crypto.randomUUID() };
      const sent = await call('POST', `/api/accounts/${accountId}/broadcasts`, {
        token: f.admin.token,
        body,
      });
      expect(sent.status).toBe(200);
      return { method: 'POST', path: `/api/accounts/${accountId}/broadcasts`, token: f.admin.token, body };
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
    route: 'POST /api/invites/{id}/reissue',
    situation: 'admin re-issues a pending invite: revoke and issue in one batch',
    setup: async (f) => {
      const { invite } = await issueInvite(f.admin, await resource(f, 'accounts'));
      return { method: 'POST', path: `/api/invites/${invite.id}/reissue`, token: f.admin.token };
    },
    status: 201,
    roundTrips: 2,
  },
  {
    route: 'POST /api/invites/{id}/reissue',
    situation: 'operator: 403 after the read',
    setup: async (f) => {
      const { invite } = await issueInvite(f.admin, await resource(f, 'accounts'));
      return { method: 'POST', path: `/api/invites/${invite.id}/reissue`, token: f.operator.token };
    },
    status: 403,
    roundTrips: 1,
  },
  {
    route: 'POST /api/invites/about',
    situation: 'the holder of a revoked link',
    setup: async (f) => {
      const { invite, token } = await issueInvite(f.admin, await resource(f, 'accounts'));
      await call('DELETE', `/api/invites/${invite.id}`, { token: f.admin.token });
      return { method: 'POST', path: '/api/invites/about', token: f.outsider.token, body: { token } };
    },
    status: 200,
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
    route: 'POST /api/groups/{id}/accounts',
    situation: 'admin of the account only through a group: 403 after the read (rule 11)',
    setup: async (f) => {
      const viaGroup = await signIn('viagroup');
      const accountId = await resource(f, 'accounts');
      const groupId = await resource(f, 'groups');
      await grantRole(groupId, viaGroup.userId, 'admin', f.admin.userId);
      await link(f, groupId, accountId);
      return {
        method: 'POST',
        path: `/api/groups/${await createGroup(viaGroup)}/accounts`,
        token: viaGroup.token,
        body: { accountId },
      };
    },
    status: 403,
    roundTrips: 1,
  },
  {
    route: 'POST /api/groups/{id}/accounts',
    situation: 'seats past 100 counting people through the group: 409 MEMBER_LIMIT after the read (rule 12)',
    setup: async (f) => {
      const groupId = await resource(f, 'groups');
      await fill(groupId, 98);
      const accountId = await resource(f, 'accounts');
      await fill(accountId, 1);
      return {
        method: 'POST',
        path: `/api/groups/${groupId}/accounts`,
        token: f.admin.token,
        body: { accountId },
      };
    },
    status: 409,
    // The admin and the operator are in both: 3 seats now, 98 more through the group.
    body: { error: { code: 'MEMBER_LIMIT', details: { seats: 3, adding: 98, limit: 100 } } },
    roundTrips: 1,
  },
  {
    route: 'POST /api/accounts/{id}/invites',
    situation: 'every seat taken: 409 MEMBER_LIMIT after the read (rule 12)',
    setup: async (f) => {
      const accountId = await resource(f, 'accounts');
      await fill(accountId, 98);
      return {
        method: 'POST',
        path: `/api/accounts/${accountId}/invites`,
        token: f.admin.token,
        body: { role: 'operator' },
      };
    },
    status: 409,
    body: { error: { code: 'MEMBER_LIMIT', details: { seats: 100, adding: 1, limit: 100 } } },
    roundTrips: 1,
  },
  {
    route: 'DELETE /api/groups/{id}/accounts/{accountId}',
    situation: 'direct admin of the account, not in the group, takes it out (SPEC §2)',
    setup: async (f) => {
      const stranger = await signIn('stranger');
      const groupId = await createGroup(stranger);
      const accountId = await resource(f, 'accounts');
      await addAccountToGroup(groupId, accountId, stranger.userId);
      return { method: 'DELETE', path: `/api/groups/${groupId}/accounts/${accountId}`, token: f.admin.token };
    },
    status: 204,
    roundTrips: 2,
  },
  {
    route: 'GET /api/accounts/{id}/groups',
    situation: 'admin, the account in a group of theirs and in one they are not in',
    setup: async (f) => {
      const accountId = await resource(f, 'accounts');
      await link(f, await resource(f, 'groups'), accountId);
      const stranger = await signIn('stranger');
      await addAccountToGroup(await createGroup(stranger), accountId, stranger.userId);
      return { method: 'GET', path: `/api/accounts/${accountId}/groups`, token: f.admin.token };
    },
    status: 200,
    // Every path into the account, and the direct admin may cut each (SPEC §2).
    body: { groups: [{ canRemove: true }, { canRemove: true }] },
    roundTrips: 1,
  },
  {
    route: 'GET /api/accounts/{id}/groups',
    situation: 'operator: 403 after the read',
    setup: async (f) => ({
      method: 'GET',
      path: `/api/accounts/${await resource(f, 'accounts')}/groups`,
      token: f.operator.token,
    }),
    status: 403,
    roundTrips: 1,
  },
  {
    route: 'GET /api/access/{userId}/offboarding',
    situation: 'a plan with removals, open ends and a group link to cut: one read, nothing written',
    setup: async (f) => {
      const leaver = await offboardingTarget(f, { resources: 2, cuts: 1 });
      await issueInvite(f.admin, await resource(f, 'accounts'));
      return { method: 'GET', path: `/api/access/${leaver.userId}/offboarding`, token: f.admin.token };
    },
    status: 200,
    body: {
      removals: [{ refusal: null }, { refusal: null }],
      cuts: [{ refusal: null }],
    },
    roundTrips: 1,
  },
  {
    route: 'GET /api/access',
    situation: 'owner overview, first page',
    setup: async (f) => {
      await resource(f, 'accounts');
      return { method: 'GET', path: '/api/access', token: f.admin.token };
    },
    status: 200,
    // The count of what the caller administers, the page and the overdue reviews, in one batch.
    roundTrips: 1,
  },
  {
    route: 'GET /api/access/export.csv',
    situation: 'owner overview as CSV',
    setup: async (f) => ({ method: 'GET', path: '/api/access/export.csv', token: f.admin.token }),
    status: 200,
    roundTrips: 1,
  },
  ...(
    [
      { resources: 1, cuts: 0 },
      { resources: 2, cuts: 0 },
      { resources: 1, cuts: 1 },
      { resources: 0, cuts: 2 },
    ] as const
  ).map(
    (shape): RoundTripCase => ({
      route: 'DELETE /api/access/{userId}',
      situation: `offboard from ${shape.resources} resource${shape.resources === 1 ? '' : 's'}, ${shape.cuts} group link${shape.cuts === 1 ? '' : 's'} to cut`,
      setup: async (f) => {
        const leaver = await offboardingTarget(f, shape);
        return { method: 'DELETE', path: `/api/access/${leaver.userId}`, token: f.admin.token };
      },
      status: 200,
      body: {
        results: Array.from({ length: shape.resources }, () => ({ outcome: 'removed' })),
        cuts: Array.from({ length: shape.cuts }, () => ({ outcome: 'cut' })),
      },
      // After removing someone's direct grants, the group paths are read again (a link she made meanwhile).
      roundTrips: 1 + shape.resources + Number(shape.resources > 0) + 2 * shape.cuts,
      budget: {
        max: 1 + shape.resources + Number(shape.resources > 0) + 2 * shape.cuts,
        why: 'one read for all, one batch per resource, the paths read again after removals, and per group link cut its read and its batch (SPEC §6, rule 11)',
      },
    }),
  ),
  {
    route: 'DELETE /api/access/{userId}',
    situation: 'only a pending join request left: withdrawn in one batch',
    setup: async (f) => {
      const requestId = await pendingRequest(f, 'accounts');
      const row = await env.DB.prepare('SELECT user_id FROM join_requests WHERE id = ?1')
        .bind(requestId)
        .first<{ user_id: string }>();
      return { method: 'DELETE', path: `/api/access/${row?.user_id ?? ''}`, token: f.admin.token };
    },
    status: 200,
    body: { results: [{ role: null, outcome: 'withdrawn', withdrawnRequests: 1 }], cuts: [] },
    roundTrips: 2,
  },
  {
    route: 'DELETE /api/access/{userId}',
    situation: 'a link the caller may not cut: refused, nothing more written',
    setup: async (f) => {
      // The caller administers the account only through a group of theirs; the leaver comes in through a
      // stranger's group, which only the account's direct admin or that group's admin may cut.
      const caller = await signIn('viagroup');
      const leaver = await signIn('leaver');
      const accountId = await resource(f, 'accounts');
      const callersGroup = await resource(f, 'groups');
      await grantRole(callersGroup, caller.userId, 'admin', f.admin.userId);
      await link(f, callersGroup, accountId);
      const stranger = await signIn('stranger');
      const strangersGroup = await createGroup(stranger);
      await grantRole(strangersGroup, leaver.userId, 'operator', stranger.userId);
      await addAccountToGroup(strangersGroup, accountId, stranger.userId);
      return { method: 'DELETE', path: `/api/access/${leaver.userId}`, token: caller.token };
    },
    status: 200,
    body: { results: [], cuts: [{ outcome: 'refused', code: 'FORBIDDEN' }] },
    roundTrips: 1,
  },
  {
    route: 'POST /api/line/webhook',
    situation: "LINE's verify request (no events): nothing to write",
    setup: async () => {
      const rawBody = JSON.stringify({ destination: 'Ubot', events: [] });
      return {
        method: 'POST',
        path: '/api/line/webhook',
        rawBody,
        headers: { 'x-line-signature': await signWebhook(rawBody) },
      };
    },
    status: 200,
    roundTrips: 0,
  },
  {
    route: 'POST /api/line/webhook',
    situation: 'follow and unfollow events: one batch',
    setup: async (f) => {
      const at = Date.now();
      const rawBody = JSON.stringify({
        destination: 'Ubot',
        events: [
          { type: 'follow', timestamp: at, source: { type: 'user', userId: f.admin.userId } },
          { type: 'unfollow', timestamp: at, source: { type: 'user', userId: f.outsider.userId } },
        ],
      });
      return {
        method: 'POST',
        path: '/api/line/webhook',
        rawBody,
        headers: { 'x-line-signature': await signWebhook(rawBody) },
      };
    },
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'POST /api/line/webhook',
    situation: 'wrong signature: 401 before any read',
    setup: async (f) => {
      const rawBody = JSON.stringify({
        events: [{ type: 'follow', timestamp: Date.now(), source: { type: 'user', userId: f.admin.userId } }],
      });
      return {
        method: 'POST',
        path: '/api/line/webhook',
        rawBody,
        headers: { 'x-line-signature': await signWebhook(rawBody, 'not-the-channel-secret') },
      };
    },
    status: 401,
    roundTrips: 0,
  },
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
  ...(['accounts', 'groups'] as const).map(
    (kind): RoundTripCase => ({
      route: `POST /api/${kind}/{id}/reviews`,
      situation: 'admin starts a review: the snapshot is taken in SQL in the batch and read back',
      setup: async (f) => ({
        method: 'POST',
        path: `/api/${kind}/${await resource(f, kind)}/reviews`,
        token: f.admin.token,
      }),
      status: 201,
      roundTrips: 2,
    }),
  ),
  ...(['accounts', 'groups'] as const).map(
    (kind): RoundTripCase => ({
      route: `GET /api/${kind}/{id}/reviews`,
      situation: 'admin: the past reviews with their counts, read with the access check',
      setup: async (f) => ({
        method: 'GET',
        path: `/api/${kind}/${await resource(f, kind)}/reviews`,
        token: f.admin.token,
      }),
      status: 200,
      roundTrips: 1,
    }),
  ),
  {
    route: 'GET /api/accounts/{id}/reviews',
    situation: 'admin: an older page after a cursor, with its counts and the total',
    setup: async (f) => {
      const accountId = await resource(f, 'accounts');
      const started = await call('POST', `/api/accounts/${accountId}/reviews`, { token: f.admin.token });
      expect(started.status).toBe(201);
      // After a review of the future: every review of the resource is older.
      const cursor = encodeTimeCursor({ at: Date.now() + 60_000, id: crypto.randomUUID() });
      return {
        method: 'GET',
        path: `/api/accounts/${accountId}/reviews?cursor=${cursor}`,
        token: f.admin.token,
      };
    },
    status: 200,
    body: { total: 1, nextCursor: null },
    roundTrips: 1,
  },
  {
    route: 'GET /api/accounts/{id}/reviews',
    situation: 'not a cursor of this list: 400 before any read',
    setup: async (f) => ({
      method: 'GET',
      path: `/api/accounts/${await resource(f, 'accounts')}/reviews?cursor=bm90LWpzb24`,
      token: f.admin.token,
    }),
    status: 400,
    roundTrips: 0,
  },
  {
    route: 'GET /api/reviews/{reviewId}',
    situation: 'admin of its resource',
    setup: async (f) => ({
      method: 'GET',
      path: `/api/reviews/${await openReview(f)}`,
      token: f.admin.token,
    }),
    status: 200,
    roundTrips: 1,
  },
  {
    route: 'GET /api/reviews/{reviewId}',
    situation: 'a member who is not an admin: 404',
    setup: async (f) => ({
      method: 'GET',
      path: `/api/reviews/${await openReview(f)}`,
      token: f.operator.token,
    }),
    status: 404,
    roundTrips: 1,
  },
  {
    route: 'PUT /api/reviews/{reviewId}/items/{userId}',
    situation: 'admin decides one person',
    setup: async (f) => ({
      method: 'PUT',
      path: `/api/reviews/${await openReview(f)}/items/${f.operator.userId}`,
      token: f.admin.token,
      body: { decision: 'remove' },
    }),
    status: 200,
    roundTrips: 2,
  },
  {
    route: 'POST /api/reviews/{reviewId}/keep-rest',
    situation: '「すべて残す」: everyone undecided kept in one batch',
    setup: async (f) => ({
      method: 'POST',
      path: `/api/reviews/${await openReview(f)}/keep-rest`,
      token: f.admin.token,
    }),
    status: 200,
    roundTrips: 2,
  },
  {
    route: 'POST /api/reviews/{reviewId}/complete',
    situation: 'everyone kept: the completion and the outcomes in one batch',
    setup: async (f) => ({
      method: 'POST',
      path: `/api/reviews/${await decidedReview(f, 'keep')}/complete`,
      token: f.admin.token,
    }),
    status: 200,
    body: { removed: [], refused: [] },
    roundTrips: 2,
  },
  {
    route: 'POST /api/reviews/{reviewId}/complete',
    situation: 'one person removed, through the members’ own removal',
    setup: async (f) => ({
      method: 'POST',
      path: `/api/reviews/${await decidedReview(f, 'remove')}/complete`,
      token: f.admin.token,
    }),
    status: 200,
    body: { removed: [{ throughGroups: [] }], refused: [] },
    roundTrips: 5,
    budget: {
      max: 5,
      why: 'the read and the completing batch, then per person removed the removal’s own read and batch (rules 3, 10, 11 decided as for DELETE …/members), then one write of the outcomes (SPEC §10)',
    },
  },
  {
    route: 'GET /api/reviews/{reviewId}/export.csv',
    situation: 'a completed review as CSV',
    setup: async (f) => {
      const reviewId = await decidedReview(f, 'keep');
      const done = await call('POST', `/api/reviews/${reviewId}/complete`, { token: f.admin.token });
      expect(done.status).toBe(200);
      return { method: 'GET', path: `/api/reviews/${reviewId}/export.csv`, token: f.admin.token };
    },
    status: 200,
    roundTrips: 1,
  },
];

/** Calls the Worker's own fetch handler with a counting D1 binding. */
async function measure(request: Measured) {
  const headers: Record<string, string> = { ...request.headers };
  if (request.token) headers.Authorization = `Bearer ${request.token}`;
  if (request.body !== undefined || request.rawBody !== undefined)
    headers['Content-Type'] = 'application/json';
  const body = request.rawBody ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const counter = newCounter();
  const ctx = createExecutionContext();
  const response = await worker.fetch(
    new Request(`${BASE}${request.path}`, {
      method: request.method,
      headers,
      ...(body === undefined ? {} : { body }),
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
    if (c.body !== undefined) expect(JSON.parse(measured.text)).toMatchObject(c.body as object);
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
