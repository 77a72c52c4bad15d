import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, createAccount, issueInvite, json, type Session, signIn } from '../support/api';
import { accountWithEveryRole, addAccountToGroup, createGroup, grantRole } from '../support/fixtures';

type Fixture = Awaited<ReturnType<typeof accountWithEveryRole>>;
let f: Fixture;
beforeAll(async () => {
  f = await accountWithEveryRole();
});

interface MembersBody {
  members: Array<{
    userId: string;
    role: string;
    grants: Array<{ role: string; source: 'direct' | 'group'; group?: { id: string; name: string } }>;
    since: string;
    addedBy: { userId: string } | null;
  }>;
  adminCount: number;
  seats: number;
  limit: number;
}

describe('POST /api/accounts', () => {
  it('registers an account and makes the caller its admin, with one audit event in the same batch', async () => {
    const owner = await signIn('owner');
    const response = await call('POST', '/api/accounts', {
      token: owner.token,
      body: { name: '  カフェ花 梅田店 ', basicId: '@CafeHana-Umeda' },
    });
    expect(response.status).toBe(201);
    const { account } = await json<{ account: { id: string; name: string; basicId: string; kind: string } }>(
      response,
    );
    expect(account).toMatchObject({ name: 'カフェ花 梅田店', basicId: '@cafehana-umeda', kind: 'account' });
    const view = await json<{ role: string; source: string; adminCount: number }>(
      await call('GET', `/api/accounts/${account.id}`, { token: owner.token }),
    );
    expect(view).toMatchObject({ role: 'admin', source: 'direct', adminCount: 1 });
    const events = await env.DB.prepare(
      'SELECT action, actor_id, seq FROM audit_events WHERE resource_id = ?1',
    )
      .bind(account.id)
      .all();
    expect(events.results).toEqual([{ action: 'resource.created', actor_id: owner.userId, seq: 1 }]);
  });

  it.each([
    [{}, 'name missing'],
    [{ name: '' }, 'empty name'],
    [{ name: 'x'.repeat(101) }, 'name too long'],
    [{ name: '店', basicId: 'no-at-sign' }, 'basic ID without @'],
    [{ name: '店', basicId: '@has space' }, 'basic ID with a space'],
    [{ name: 42 }, 'name not a string'],
  ] as Array<[unknown, string]>)(
    'refuses %j (%s) with 400 INVALID_INPUT and writes nothing',
    async (body) => {
      const owner = await signIn('invalid');
      const response = await call('POST', '/api/accounts', { token: owner.token, body });
      expect(response.status).toBe(400);
      expect((await json<{ error: { code: string } }>(response)).error.code).toBe('INVALID_INPUT');
      const count = await env.DB.prepare('SELECT count(*) AS n FROM resources WHERE created_by = ?1')
        .bind(owner.userId)
        .first<{ n: number }>();
      expect(count?.n).toBe(0);
    },
  );

  it('refuses a body that is not JSON with a 400 JSON error', async () => {
    const owner = await signIn('badjson');
    const response = await call('POST', '/api/accounts', { token: owner.token, rawBody: '{"name": ' });
    expect(response.status).toBe(400);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('INVALID_INPUT');
  });
});

describe('GET /api/{kind}/{id}', () => {
  it('gives the caller their effective role and capabilities', async () => {
    const body = await json<{ account: { id: string }; role: string; capabilities: string[] }>(
      await call('GET', `/api/accounts/${f.accountId}`, { token: f.noStats.token }),
    );
    expect(body.account.id).toBe(f.accountId);
    expect(body.role).toBe('operator_no_stats');
    expect(body.capabilities).toEqual(['broadcast', 'edit_messages', 'chat', 'view_own_access']);
  });

  it('reports access through a group, and the union with a direct role', async () => {
    const viaGroup = await json<{ role: string; source: string; grants: unknown[] }>(
      await call('GET', `/api/accounts/${f.accountId}`, { token: f.groupOperator.token }),
    );
    expect(viaGroup).toMatchObject({ role: 'operator', source: 'group' });
    expect(viaGroup.grants).toEqual([
      { role: 'operator', source: 'group', group: { id: f.groupId, name: '首都圏' } },
    ]);

    await grantRole(f.groupId, f.noBroadcast.userId, 'operator_no_stats');
    const union = await json<{ role: string; source: string; capabilities: string[] }>(
      await call('GET', `/api/accounts/${f.accountId}`, { token: f.noBroadcast.token }),
    );
    expect(union).toMatchObject({ role: 'operator', source: 'direct' });
    expect(union.capabilities).toContain('broadcast');
    expect(union.capabilities).toContain('view_stats');
  });

  it('names a group by its kind', async () => {
    const body = await json<{ group: { kind: string }; role: string }>(
      await call('GET', `/api/groups/${f.groupId}`, { token: f.groupAdmin.token }),
    );
    expect(body).toMatchObject({ group: { kind: 'group' }, role: 'admin' });
  });

  it('answers 404, never 403, to someone without access, and for an id of the other kind', async () => {
    for (const [token, path] of [
      [f.outsider.token, `/api/accounts/${f.accountId}`],
      [f.admin.token, `/api/groups/${f.accountId}`],
      [f.admin.token, `/api/accounts/${crypto.randomUUID()}`],
    ] as const) {
      const response = await call('GET', path, { token });
      expect(response.status).toBe(404);
      expect((await json<{ error: { code: string } }>(response)).error.code).toBe('NOT_FOUND');
    }
  });
});

describe('PATCH /api/{kind}/{id}', () => {
  it('lets an admin rename the account and turn approval on, audited with before and after', async () => {
    const owner = await signIn('patcher');
    const id = await createAccount(owner, '旧店名');
    const response = await call('PATCH', `/api/accounts/${id}`, {
      token: owner.token,
      body: { name: '新店名', requireApproval: true },
    });
    expect(response.status).toBe(200);
    expect(
      (await json<{ account: { name: string; requireApproval: boolean } }>(response)).account,
    ).toMatchObject({
      name: '新店名',
      requireApproval: true,
    });
    const event = await env.DB.prepare(
      'SELECT action, before, after FROM audit_events WHERE resource_id = ?1 AND seq = 2',
    )
      .bind(id)
      .first<{ action: string; before: string; after: string }>();
    expect(event?.action).toBe('resource.updated');
    expect(JSON.parse(event?.before ?? '')).toEqual({ name: '旧店名', requireApproval: false });
    expect(JSON.parse(event?.after ?? '')).toEqual({ name: '新店名', requireApproval: true });
  });

  it('refuses an empty change', async () => {
    const response = await call('PATCH', `/api/accounts/${f.accountId}`, { token: f.admin.token, body: {} });
    expect(response.status).toBe(400);
  });
});

describe('GET /api/{kind}/{id}/members', () => {
  it('shows an admin everyone: direct members and members through the group, admins first', async () => {
    const body = await json<MembersBody>(
      await call('GET', `/api/accounts/${f.accountId}/members`, { token: f.admin.token }),
    );
    expect(body.adminCount).toBe(1);
    expect(body.limit).toBe(100);
    // Rule 12: six distinct people reach the account, four directly and two through 首都圏.
    expect(body.seats).toBe(6);
    expect(body.members[0]).toMatchObject({
      userId: f.admin.userId,
      role: 'admin',
      grants: [{ role: 'admin', source: 'direct' }],
      addedBy: null,
    });
    // SPEC §6: one entry per person, each with the sources of its role.
    expect(body.members.map((member) => member.userId).sort()).toEqual(
      [f.admin, f.operator, f.noBroadcast, f.noStats, f.groupAdmin, f.groupOperator]
        .map((session) => session.userId)
        .sort(),
    );
    const sources = (session: Session) =>
      body.members
        .find((member) => member.userId === session.userId)
        ?.grants.map((grant) => grant.source)
        .join('+');
    expect(sources(f.operator)).toBe('direct');
    expect(sources(f.noStats)).toBe('direct');
    expect(sources(f.groupAdmin)).toBe('group');
    expect(sources(f.groupOperator)).toBe('group');
    // 'reports access through a group…' above may have given them a group role too: still one entry.
    expect(sources(f.noBroadcast)).toMatch(/^direct(\+group)?$/);
    const viaGroup = body.members.find((member) => member.userId === f.groupOperator.userId);
    expect(viaGroup?.grants).toEqual([
      { role: 'operator', source: 'group', group: { id: f.groupId, name: '首都圏' } },
    ]);
    expect(body.members.find((member) => member.userId === f.operator.userId)?.addedBy?.userId).toBe(
      f.admin.userId,
    );
  });

  it('gives a person with several grants one entry: the combined role, every grant, the earliest since', async () => {
    const owner = await signIn('owner');
    const staff = await signIn('staff');
    const accountId = await createAccount(owner, '梅田店');
    const groupId = await createGroup(owner, '関西');
    await grantRole(accountId, staff.userId, 'operator_no_stats', owner.userId);
    await grantRole(groupId, staff.userId, 'operator_no_broadcast', owner.userId);
    await addAccountToGroup(groupId, accountId, owner.userId);
    await issueInvite(owner, accountId, 'operator');
    const body = await json<MembersBody>(
      await call('GET', `/api/accounts/${accountId}/members`, { token: owner.token }),
    );
    expect(body.members.map((member) => member.userId)).toEqual([owner.userId, staff.userId]);
    const [ownerEntry, staffEntry] = body.members;
    // §2: effective permissions are the union of every grant; the owner is also group admin of 関西.
    expect(ownerEntry?.role).toBe('admin');
    expect(ownerEntry?.grants).toEqual([
      { role: 'admin', source: 'direct' },
      { role: 'admin', source: 'group', group: { id: groupId, name: '関西' } },
    ]);
    expect(staffEntry?.role).toBe('operator');
    expect(staffEntry?.grants).toEqual([
      { role: 'operator_no_stats', source: 'direct' },
      { role: 'operator_no_broadcast', source: 'group', group: { id: groupId, name: '関西' } },
    ]);
    expect(staffEntry?.addedBy?.userId).toBe(owner.userId);
    // Rule 12: two distinct people, whatever their number of grants, plus one pending invite.
    expect(body.seats).toBe(3);
    expect(body.adminCount).toBe(1);
  });

  it('shows anyone else only themself and the admins to contact', async () => {
    const body = await json<MembersBody>(
      await call('GET', `/api/accounts/${f.accountId}/members`, { token: f.operator.token }),
    );
    for (const member of body.members) {
      expect(member.role === 'admin' || member.userId === f.operator.userId).toBe(true);
    }
    expect(body.members.some((member) => member.userId === f.operator.userId)).toBe(true);
    expect(body.members.some((member) => member.userId === f.admin.userId)).toBe(true);
    // SPEC §6: the admins to contact are those whose effective role is admin, through a group too.
    expect(body.members.some((member) => member.userId === f.groupAdmin.userId)).toBe(true);
    expect(body.members.some((member) => member.userId === f.noStats.userId)).toBe(false);
    expect(body.members.some((member) => member.userId === f.groupOperator.userId)).toBe(false);
  });
});

describe('GET /api/{kind}/{id}/permissions', () => {
  async function permissions(session: Session, userId?: string) {
    const query = userId ? `?userId=${encodeURIComponent(userId)}` : '';
    return call('GET', `/api/accounts/${f.accountId}/permissions${query}`, { token: session.token });
  }

  it('tells anyone their own effective capabilities', async () => {
    const body = await json<{ userId: string; role: string; capabilities: string[] }>(
      await permissions(f.noBroadcast),
    );
    expect(body.userId).toBe(f.noBroadcast.userId);
    expect(body.capabilities).not.toContain('manage_members');
  });

  it('lets an admin ask "may this person send on this account?"', async () => {
    const noStats = await json<{ capabilities: string[] }>(await permissions(f.admin, f.noStats.userId));
    expect(noStats.capabilities).toContain('broadcast');
    const outsider = await json<{ role: string | null; capabilities: string[] }>(
      await permissions(f.admin, f.outsider.userId),
    );
    expect(outsider).toMatchObject({ role: null, capabilities: [] });
  });

  it('refuses a non-admin asking about someone else', async () => {
    expect((await permissions(f.operator, f.admin.userId)).status).toBe(403);
  });
});

describe('GET /api/me', () => {
  it('lists everything the caller reaches with role, source and admin count', async () => {
    const body = await json<{
      user: { id: string };
      resources: Array<{ id: string; kind: string; role: string; source: string; adminCount: number }>;
      pendingRequests: unknown[];
      summary: unknown;
    }>(await call('GET', '/api/me', { token: f.groupOperator.token }));
    expect(body.user.id).toBe(f.groupOperator.userId);
    expect(body.resources).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          id: f.accountId,
          kind: 'account',
          role: 'operator',
          source: 'group',
          adminCount: 1,
        }),
        expect.objectContaining({ id: f.groupId, kind: 'group', role: 'operator', source: 'direct' }),
      ]),
    );
    expect(body.pendingRequests).toEqual([]);
    // The operator administers nothing, so ホーム offers no アクセス一覧.
    expect(body.summary).toEqual({ accounts: 1, groups: 1, administered: 0, pendingRequests: 0 });
  });

  it('counts what an admin through a group administers: the group and its accounts', async () => {
    const body = await json<{ summary: unknown }>(
      await call('GET', '/api/me', { token: f.groupAdmin.token }),
    );
    expect(body.summary).toEqual({ accounts: 1, groups: 1, administered: 2, pendingRequests: 0 });
  });

  it('is empty for someone with no access yet', async () => {
    const newcomer = await signIn('newcomer');
    const body = await json<{ resources: unknown[] }>(
      await call('GET', '/api/me', { token: newcomer.token }),
    );
    expect(body.resources).toEqual([]);
  });
});
