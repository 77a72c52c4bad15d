import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIRST_PAGE, PAGE, PENDING_SHOWN, REVIEWS_SHOWN, WAITING_SHOWN } from '../../worker/me/service';
import {
  call,
  createAccount,
  errorCode,
  issueInvite,
  json,
  type Session,
  signDevToken,
  signIn,
  useInvite,
} from '../support/api';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';

/** SPEC §7: ホーム's first answer stays small and flat however many accounts the person reaches. */
const FIRST_ANSWER_MAX_BYTES = 20 * 1024;
const ACCOUNTS = 1000;
const GROUPS = 25;
const REQUESTS = PENDING_SHOWN + 1;
/** 96 Japanese characters; with four digits, names of 100 characters, the longest the API takes. */
const LONG = '株式会社カフェ花チェーン東京都渋谷区道玄坂二丁目店舗運営本部公式アカウント'
  .repeat(3)
  .slice(0, 96);

interface Item {
  kind: 'account' | 'group';
  id: string;
  name: string;
  role: string;
  source: string;
  grants: Array<{ role: string; source: string; group?: { id: string; name: string } }>;
  adminCount: number;
}
interface Page {
  resources: Item[];
  nextCursor: string | null;
}
interface Waiting {
  reviews: { total: number; items: Array<{ id: string; dueAt: string; overdue: boolean }> };
  requests: {
    total: number;
    items: Array<{
      id: string;
      role: string;
      createdAt: string;
      requester: { userId: string; displayName: string };
      resource: { kind: string; id: string; name: string };
    }>;
  };
  expiringInvites: {
    total: number;
    items: Array<{
      id: string;
      role: string;
      expiresAt: string;
      resource: { kind: string; id: string; name: string };
    }>;
  };
}
interface Me {
  notifications: { enabled: boolean; reachable: boolean };
  waiting: Waiting;
  summary: { accounts: number; groups: number; administered: number; pendingRequests: number };
  resources: Item[];
  nextCursor: { account: string | null; group: string | null };
  pendingRequests: Array<{ id: string; resource: { name: string } }>;
}

const accountId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

let owner: Session;

/** Every page of the route, following the cursors: the ids in the order they came. */
async function pageThrough(session: Session, query: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | null = null;
  do {
    const path = `/api/me/resources?${query}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await call('GET', path, { token: session.token });
    expect(response.status, await response.clone().text()).toBe(200);
    const page = await json<Page>(response);
    expect(page.resources.length).toBeLessThanOrEqual(PAGE);
    items.push(...page.resources);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

beforeAll(async () => {
  owner = await signIn('owner', 'オーナー さん');
  // The owner's 1,000 accounts, straight into storage: names of 100 Japanese characters, in reverse of
  // their ids, so that an order by id alone would show up.
  await env.DB.batch([
    env.DB.prepare(
      `INSERT INTO resources (id, kind, name, basic_id, created_by, created_at)
       WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${ACCOUNTS - 1})
       SELECT printf('00000000-0000-4000-8000-%012d', i), 'account', ?1 || printf('%04d', ${ACCOUNTS} - i),
              printf('@shop%04d', i), ?2, 0 FROM n`,
    ).bind(LONG, owner.userId),
    env.DB.prepare(
      `INSERT INTO memberships (resource_id, user_id, role, added_by, created_at)
       WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${ACCOUNTS - 1})
       SELECT printf('00000000-0000-4000-8000-%012d', i), ?1, 'admin', NULL, 0 FROM n`,
    ).bind(owner.userId),
  ]);
  // Groups with long names, each holding two of the accounts that come first by name, so that the first
  // page carries grants through groups too.
  for (let g = 0; g < GROUPS; g++) {
    const groupId = await createGroup(owner, `${LONG}G${String(g).padStart(3, '0')}`);
    if (g < 2) {
      for (let i = 0; i < FIRST_PAGE; i++)
        await addAccountToGroup(groupId, accountId(ACCOUNTS - 1 - i), owner.userId);
    }
  }
  // Join requests awaiting someone else's approval, one more than ホーム shows.
  const other = await signIn('other-admin');
  for (let r = 0; r < REQUESTS; r++) {
    const id = await createAccount(other, `${LONG}R${r}`);
    await call('PATCH', `/api/accounts/${id}`, { token: other.token, body: { requireApproval: true } });
    const { token } = await issueInvite(other, id);
    expect((await useInvite(owner, 'accept', token)).status).toBe(202);
  }
  // What waits for the owner, one more of each than ホーム shows, at their biggest: requesters with names of
  // 100 characters asking for the longest role, and invites about to expire (issued 22 hours ago).
  for (let r = 0; r < WAITING_SHOWN + 1; r++) {
    const id = accountId(r);
    await call('PATCH', `/api/accounts/${id}`, { token: owner.token, body: { requireApproval: true } });
    const { token } = await issueInvite(owner, id, 'operator_no_broadcast');
    const requester = await signIn(`requester-${r}`, `${LONG}P${String(r).padStart(3, '0')}`);
    expect((await useInvite(requester, 'accept', token)).status).toBe(202);
  }
  const issued = Date.now() - 22 * 3_600_000;
  await env.DB.prepare(
    `INSERT INTO invites (id, resource_id, role, token_hash, created_by, created_at, expires_at)
     WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${WAITING_SHOWN})
     SELECT printf('expiring-%012d', i), printf('00000000-0000-4000-8000-%012d', 100 + i), 'operator_no_broadcast',
            printf('%064d', i), ?1, ?2 + i, ?2 + i + 86400000 FROM n`,
  )
    .bind(owner.userId, issued)
    .run();
  // Open access reviews of the owner's long-named accounts, one more than ホーム shows (SPEC §10).
  await env.DB.prepare(
    `INSERT INTO reviews (id, resource_id, status, due_at, started_at)
     WITH RECURSIVE n (i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${REVIEWS_SHOWN})
     SELECT printf('00000000-0000-4000-9000-%012d', i), printf('00000000-0000-4000-8000-%012d', 200 + i),
            'open', ?1, ?1 FROM n`,
  )
    .bind(Date.now())
    .run();
}, 120_000);

describe('ホーム at 1,000 accounts (SPEC §7)', () => {
  it('answers GET /api/me and the sign-in with withMe in at most 20 KB', async () => {
    const meResponse = await call('GET', '/api/me', { token: owner.token });
    const meBytes = (await meResponse.arrayBuffer()).byteLength;
    const idToken = await signDevToken({ sub: owner.userId, name: 'オーナー さん' });
    const signInResponse = await call('POST', '/api/session', { body: { idToken, withMe: true } });
    const signInBytes = (await signInResponse.arrayBuffer()).byteLength;
    console.log(
      `ホーム's first answer at ${ACCOUNTS} accounts: GET /api/me ${meBytes} B, sign-in ${signInBytes} B`,
    );
    expect(meBytes).toBeLessThanOrEqual(FIRST_ANSWER_MAX_BYTES);
    expect(signInBytes).toBeLessThanOrEqual(FIRST_ANSWER_MAX_BYTES);
  });

  it('sums everything up, and shows the first page of each kind and the latest requests', async () => {
    const me = await json<Me>(await call('GET', '/api/me', { token: owner.token }));
    expect(me.summary).toEqual({
      accounts: ACCOUNTS,
      groups: GROUPS,
      administered: ACCOUNTS + GROUPS,
      pendingRequests: REQUESTS,
    });
    const accounts = me.resources.filter((r) => r.kind === 'account');
    const groups = me.resources.filter((r) => r.kind === 'group');
    expect(accounts).toHaveLength(FIRST_PAGE);
    expect(groups).toHaveLength(FIRST_PAGE);
    expect(me.nextCursor.account).not.toBeNull();
    expect(me.nextCursor.group).not.toBeNull();
    // By name: the last id has the smallest number in its name.
    expect(accounts[0]).toMatchObject({
      id: accountId(ACCOUNTS - 1),
      role: 'admin',
      source: 'direct',
      adminCount: 1,
    });
    expect(accounts[0]?.grants.map((grant) => grant.source)).toEqual(['direct', 'group', 'group']);
    expect(me.pendingRequests).toHaveLength(PENDING_SHOWN);
    expect(me.pendingRequests[0]?.resource.name).toBe(`${LONG}R${REQUESTS - 1}`);
    expect(me.waiting.requests.total).toBe(WAITING_SHOWN + 1);
    expect(me.waiting.requests.items).toHaveLength(WAITING_SHOWN);
    expect(me.waiting.requests.items[0]?.requester.displayName).toBe(
      `${LONG}P${String(WAITING_SHOWN).padStart(3, '0')}`,
    );
    expect(me.waiting.reviews.total).toBe(REVIEWS_SHOWN + 1);
    expect(me.waiting.reviews.items).toHaveLength(REVIEWS_SHOWN);
    expect(me.waiting.expiringInvites.total).toBe(WAITING_SHOWN + 1);
    expect(me.waiting.expiringInvites.items.map((item) => item.id)).toEqual(
      Array.from({ length: WAITING_SHOWN }, (_, i) => `expiring-${String(i).padStart(12, '0')}`),
    );
  });

  it('pages through every account exactly once, the first page as ホーム shows it', async () => {
    const me = await json<Me>(await call('GET', '/api/me', { token: owner.token }));
    const items = await pageThrough(owner, 'kind=account');
    const ids = items.map((item) => item.id);
    expect(new Set(ids).size).toBe(ACCOUNTS);
    expect(ids.toSorted()).toEqual(Array.from({ length: ACCOUNTS }, (_, i) => accountId(i)));
    expect(items.slice(0, FIRST_PAGE)).toEqual(me.resources.filter((r) => r.kind === 'account'));
    const names = items.map((item) => item.name);
    expect(names).toEqual(names.toSorted());
  });

  it('continues from ホーム’s cursor where its first page ends', async () => {
    const me = await json<Me>(await call('GET', '/api/me', { token: owner.token }));
    const cursor = encodeURIComponent(me.nextCursor.group ?? '');
    const page = await json<Page>(
      await call('GET', `/api/me/resources?kind=group&cursor=${cursor}`, { token: owner.token }),
    );
    expect(page.resources.map((r) => r.name)).toEqual(
      Array.from(
        { length: GROUPS - FIRST_PAGE },
        (_, g) => `${LONG}G${String(FIRST_PAGE + g).padStart(3, '0')}`,
      ),
    );
    expect(page.nextCursor).toBeNull();
  });

  it('searches by part of the name, paged the same way', async () => {
    // 0100, 0999 … every name whose number has "99" in it.
    const items = await pageThrough(owner, `kind=account&q=${encodeURIComponent('99')}`);
    const expected = Array.from({ length: ACCOUNTS }, (_, i) => ACCOUNTS - i)
      .map((n) => String(n).padStart(4, '0'))
      .filter((digits) => digits.includes('99'));
    expect(items.map((item) => item.name.slice(96)).toSorted()).toEqual(expected.toSorted());
  });
});

describe('GET /api/me/resources', () => {
  let f: { admin: Session; viaGroup: Session; operator: Session; direct: string; grouped: string };

  beforeAll(async () => {
    const admin = await signIn('small-admin');
    const viaGroup = await signIn('via-group');
    const operator = await signIn('operator');
    const direct = await createAccount(admin, '100%_オレンジ店');
    const grouped = await createAccount(admin, '青山店');
    const groupId = await createGroup(admin, '首都圏');
    await addAccountToGroup(groupId, grouped, admin.userId);
    await grantRole(groupId, viaGroup.userId, 'admin', admin.userId);
    await grantRole(direct, viaGroup.userId, 'admin', admin.userId);
    await grantRole(direct, operator.userId, 'operator', admin.userId);
    f = { admin, viaGroup, operator, direct, grouped };
  });

  async function page(session: Session, query: string) {
    return json<Page>(await call('GET', `/api/me/resources?${query}`, { token: session.token }));
  }

  it('answers each resource with role, source and grants, as ホーム does', async () => {
    const { resources } = await page(f.viaGroup, 'kind=account');
    expect(resources).toEqual([
      expect.objectContaining({ id: f.direct, role: 'admin', source: 'direct', adminCount: 2 }),
      expect.objectContaining({
        id: f.grouped,
        role: 'admin',
        source: 'group',
        grants: [{ role: 'admin', source: 'group', group: expect.objectContaining({ name: '首都圏' }) }],
      }),
    ]);
  });

  it('with directAdmin=true, offers only the accounts the caller may put into a group (rule 11)', async () => {
    expect((await page(f.viaGroup, 'kind=account&directAdmin=true')).resources.map((r) => r.id)).toEqual([
      f.direct,
    ]);
    expect((await page(f.operator, 'kind=account&directAdmin=true')).resources).toEqual([]);
    expect((await page(f.operator, 'kind=account')).resources.map((r) => r.id)).toEqual([f.direct]);
  });

  it('matches % and _ literally', async () => {
    expect(
      (await page(f.admin, `kind=account&q=${encodeURIComponent('%_')}`)).resources.map((r) => r.id),
    ).toEqual([f.direct]);
    expect((await page(f.admin, `kind=account&q=${encodeURIComponent('_')}`)).resources).toHaveLength(1);
    expect((await page(f.admin, 'kind=account&q=%E5%BA%97%E5%BA%97')).resources).toEqual([]);
  });

  it('is empty for someone who reaches nothing', async () => {
    const newcomer = await signIn('newcomer');
    expect(await page(newcomer, 'kind=group')).toEqual({ resources: [], nextCursor: null });
  });

  it.each([
    ['no kind', ''],
    ['an unknown kind', 'kind=accounts'],
    ['a cursor that is not one', 'kind=account&cursor=not-a-cursor'],
    ['an empty search', 'kind=account&q=%20'],
    ['a search past 100 characters', `kind=account&q=${'a'.repeat(101)}`],
    ['directAdmin not a boolean', 'kind=account&directAdmin=yes'],
  ])('refuses %s with 400 INVALID_INPUT', async (_name, query) => {
    const response = await call('GET', `/api/me/resources?${query}`, { token: f.admin.token });
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe('INVALID_INPUT');
  });
});

describe('GET /api/me: what waits for the caller', () => {
  let f: { admin: Session; viaGroup: Session; operator: Session; accountId: string };
  let adminRequest: string;
  let operatorRequest: string;

  async function waiting(session: Session) {
    return (await json<Me>(await call('GET', '/api/me', { token: session.token }))).waiting;
  }

  /** A join request for `role` on the account, by someone new: its id. */
  async function requestFor(role: string) {
    const { token } = await issueInvite(f.admin, f.accountId, role);
    const response = await useInvite(await signIn('asker', '頼む さん'), 'accept', token);
    expect(response.status).toBe(202);
    return (await json<{ request: { id: string } }>(response)).request.id;
  }

  beforeAll(async () => {
    const admin = await signIn('waiting-admin');
    const viaGroup = await signIn('waiting-via-group');
    const operator = await signIn('waiting-operator');
    const accountId = await createAccount(admin, '待ちの店');
    await call('PATCH', `/api/accounts/${accountId}`, {
      token: admin.token,
      body: { requireApproval: true },
    });
    const groupId = await createGroup(viaGroup, '待ちのグループ');
    await addAccountToGroup(groupId, accountId, admin.userId);
    await grantRole(accountId, operator.userId, 'operator', admin.userId);
    f = { admin, viaGroup, operator, accountId };
    operatorRequest = await requestFor('operator');
    adminRequest = await requestFor('admin');
  });

  it('join requests the caller may decide, as can() says: an admin only through a group not an admin request', async () => {
    const direct = await waiting(f.admin);
    expect(direct.requests.total).toBe(2);
    expect(direct.requests.items.map((item) => item.id)).toEqual([adminRequest, operatorRequest]);
    expect(direct.requests.items[0]).toEqual({
      id: adminRequest,
      role: 'admin',
      createdAt: expect.any(String),
      requester: { userId: expect.any(String), displayName: '頼む さん' },
      resource: { kind: 'account', id: f.accountId, name: '待ちの店' },
    });
    const throughGroup = await waiting(f.viaGroup);
    expect(throughGroup.requests).toMatchObject({ total: 1, items: [{ id: operatorRequest }] });
    expect((await waiting(f.operator)).requests).toEqual({ total: 0, items: [] });
  });

  it('the caller’s own invites that expire within 3 hours, soonest first; not fresh, expired or others’ ones', async () => {
    const now = Date.now();
    const hour = 3_600_000;
    const insert = (id: string, createdBy: string, createdAt: number) =>
      env.DB.prepare(
        `INSERT INTO invites (id, resource_id, role, token_hash, created_by, created_at, expires_at)
         VALUES (?1, ?2, 'operator', printf('%064x', abs(random())), ?3, ?4, ?4 + 86400000)`,
      ).bind(id, f.accountId, createdBy, createdAt);
    await env.DB.batch([
      insert('soon-2h', f.admin.userId, now - 22 * hour),
      insert('soon-1h', f.admin.userId, now - 23 * hour),
      insert('later-4h', f.admin.userId, now - 20 * hour),
      insert('gone', f.admin.userId, now - 25 * hour),
      insert('others', f.viaGroup.userId, now - 23 * hour),
    ]);
    const { expiringInvites } = await waiting(f.admin);
    expect(expiringInvites.total).toBe(2);
    expect(expiringInvites.items).toEqual([
      {
        id: 'soon-1h',
        role: 'operator',
        expiresAt: new Date(now + hour).toISOString(),
        resource: { kind: 'account', id: f.accountId, name: '待ちの店' },
      },
      expect.objectContaining({ id: 'soon-2h' }),
    ]);
    expect((await waiting(f.viaGroup)).expiringInvites.items.map((item) => item.id)).toEqual(['others']);
  });
});
