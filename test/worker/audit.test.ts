import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { insertAuditEvent, sealEvent, selectAuditHead } from '../../worker/audit/chain';
import { auditSigner } from '../../worker/audit/keys';
import { verifyAuditChain } from '../../worker/audit/service';
import { call, createAccount, json, type Session, signIn } from '../support/api';
import { accountWithEveryRole, grantRole } from '../support/fixtures';

interface AuditEvent {
  id: string;
  seq: number;
  action: string;
  actor: { userId: string; displayName: string | null };
  target: { userId: string; displayName: string | null } | null;
  before: unknown;
  after: unknown;
  requestId: string;
  createdAt: string;
  hash: string;
  prevHash: string;
}

interface AuditPage {
  events: AuditEvent[];
  nextCursor: string | null;
}

const EVENTS = 45;

let owner: Session;
let staff: Session;
let accountId: string;
let f: Awaited<ReturnType<typeof accountWithEveryRole>>;

/** An account whose history has exactly 45 events: its creation, then 44 role changes. */
beforeAll(async () => {
  owner = await signIn('owner', 'オーナー');
  staff = await signIn('staff', 'スタッフ');
  accountId = await createAccount(owner, '履歴の店');
  await grantRole(accountId, staff.userId, 'operator', owner.userId);
  for (let i = 1; i < EVENTS; i++) {
    const role = i % 2 === 1 ? 'operator_no_stats' : 'operator';
    const response = await call('PATCH', `/api/accounts/${accountId}/members/${staff.userId}`, {
      token: owner.token,
      body: { role },
    });
    if (response.status !== 200) throw new Error(`role change failed: ${response.status}`);
  }
  f = await accountWithEveryRole();
});

async function page(query: string, session: Session = owner): Promise<AuditPage> {
  const response = await call('GET', `/api/accounts/${accountId}/audit${query}`, { token: session.token });
  expect(response.status).toBe(200);
  return json<AuditPage>(response);
}

describe('GET /api/{kind}/{id}/audit', () => {
  it('pages through the whole history newest first, 20 at a time, without duplicates or gaps', async () => {
    const first = await page('');
    const second = await page(`?cursor=${first.nextCursor}`);
    const third = await page(`?cursor=${second.nextCursor}`);
    expect([first.events.length, second.events.length, third.events.length]).toEqual([20, 20, 5]);
    expect(third.nextCursor).toBeNull();
    const all = [...first.events, ...second.events, ...third.events];
    expect(all.map((event) => event.seq)).toEqual(Array.from({ length: EVENTS }, (_, i) => EVENTS - i));
    expect(new Set(all.map((event) => event.id)).size).toBe(EVENTS);
    for (const [newer, older] of all.slice(0, -1).map((event, i) => [event, all[i + 1]] as const)) {
      expect(newer.prevHash).toBe(older?.hash);
    }
  });

  it('describes each event: who, what, to whom, before and after, when, under which request', async () => {
    const { events } = await page('?limit=1');
    expect(events[0]).toMatchObject({
      seq: EVENTS,
      action: 'member.role_changed',
      actor: { userId: owner.userId, displayName: 'オーナー' },
      target: { userId: staff.userId, displayName: 'スタッフ' },
      before: { role: 'operator_no_stats' },
      after: { role: 'operator' },
    });
    expect(events[0]?.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Date(events[0]?.createdAt ?? '').toISOString()).toBe(events[0]?.createdAt);
    const oldest = (await page('?cursor=2')).events;
    expect(oldest).toHaveLength(1);
    expect(oldest[0]).toMatchObject({ seq: 1, action: 'resource.created', target: { userId: owner.userId } });
    expect(oldest[0]?.prevHash).toBe('0'.repeat(64));
  });

  it('honours the page size up to 100, and ends exactly at the last event', async () => {
    expect((await page('?limit=100')).events).toHaveLength(EVENTS);
    expect((await page(`?limit=${EVENTS}`)).nextCursor).toBeNull();
    const almost = await page(`?limit=${EVENTS - 1}`);
    expect(almost.nextCursor).not.toBeNull();
    expect((await page(`?cursor=${almost.nextCursor}`)).events.map((event) => event.seq)).toEqual([1]);
  });

  it.each([
    '?limit=0',
    '?limit=101',
    '?limit=ten',
    '?limit=2.5',
    '?cursor=',
    '?cursor=abc',
    '?cursor=0',
    '?cursor=-1',
    '?cursor=99999999999999999999',
  ])('refuses %s with 400 INVALID_INPUT', async (query) => {
    const response = await call('GET', `/api/accounts/${accountId}/audit${query}`, { token: owner.token });
    expect(response.status).toBe(400);
    expect((await json<{ error: { code: string } }>(response)).error.code).toBe('INVALID_INPUT');
  });

  it('is for admins only: 403 for other members, 404 for anyone without access', async () => {
    expect((await call('GET', `/api/accounts/${accountId}/audit`, { token: staff.token })).status).toBe(403);
    const outsider = await signIn('outsider');
    expect((await call('GET', `/api/accounts/${accountId}/audit`, { token: outsider.token })).status).toBe(
      404,
    );
  });

  it('shows the history of a group, and of an account to the admin of a group containing it', async () => {
    const group = await call('GET', `/api/groups/${f.groupId}/audit`, { token: f.groupAdmin.token });
    expect((await json<AuditPage>(group)).events.map((event) => event.action)).toEqual(['resource.created']);
    const account = await call('GET', `/api/accounts/${f.accountId}/audit`, { token: f.groupAdmin.token });
    expect(account.status).toBe(200);
  });

  it('names no one for an actor that is not a user', async () => {
    const [head] = (await selectAuditHead(env.DB, f.otherAccountId).all<{ seq: number; hash: string }>())
      .results;
    const event = await sealEvent(
      head ?? null,
      {
        resourceId: f.otherAccountId,
        action: 'invite.expired',
        actorId: 'system',
        targetUserId: null,
        before: { status: 'pending' },
        after: { status: 'expired' },
        requestId: 'cron',
        at: Date.now(),
      },
      auditSigner(),
    );
    await insertAuditEvent(env.DB, event).run();
    const response = await call('GET', `/api/accounts/${f.otherAccountId}/audit?limit=1`, {
      token: f.otherAdmin.token,
    });
    expect((await json<AuditPage>(response)).events[0]).toMatchObject({
      action: 'invite.expired',
      actor: { userId: 'system', displayName: null },
      target: null,
    });
  });
});

describe('GET /api/{kind}/{id}/audit/verify', () => {
  it('recomputes the chain: ok, with every event counted', async () => {
    const response = await call('GET', `/api/accounts/${accountId}/audit/verify`, { token: owner.token });
    expect(response.status).toBe(200);
    expect(await json(response)).toEqual({ ok: true, events: EVENTS });
  });

  it.each([1, 7, 9, EVENTS, 1000])(
    'gives the same answer when read %i events at a time',
    async (pageSize) => {
      const caller = { userId: owner.userId, requestId: crypto.randomUUID() };
      expect(await verifyAuditChain(env.DB, caller, 'account', accountId, pageSize)).toEqual({
        ok: true,
        events: EVENTS,
      });
    },
  );

  it('is for admins only', async () => {
    const path = `/api/accounts/${accountId}/audit/verify`;
    expect((await call('GET', path, { token: staff.token })).status).toBe(403);
    expect((await call('GET', path, { token: f.outsider.token })).status).toBe(404);
    expect(
      (await call('GET', `/api/groups/${f.groupId}/audit/verify`, { token: f.groupAdmin.token })).status,
    ).toBe(200);
  });
});

describe('the audit log is append-only', () => {
  it('refuses to update or delete an event', async () => {
    await expect(
      env.DB.prepare(`UPDATE audit_events SET after = '{}' WHERE resource_id = ?1`).bind(accountId).run(),
    ).rejects.toThrow(/AUDIT_APPEND_ONLY/);
    await expect(
      env.DB.prepare('DELETE FROM audit_events WHERE resource_id = ?1').bind(accountId).run(),
    ).rejects.toThrow(/AUDIT_APPEND_ONLY/);
  });
});

describe('GET /api/openapi.json', () => {
  it('documents the member and audit routes', async () => {
    const doc = await json<{ paths: Record<string, Record<string, unknown>> }>(
      await call('GET', '/api/openapi.json'),
    );
    for (const kind of ['accounts', 'groups']) {
      expect(Object.keys(doc.paths[`/api/${kind}/{id}/members/{userId}`] ?? {}).sort()).toEqual([
        'delete',
        'patch',
      ]);
      expect(doc.paths[`/api/${kind}/{id}/audit`]?.get).toBeDefined();
      expect(doc.paths[`/api/${kind}/{id}/audit/verify`]?.get).toBeDefined();
    }
  });
});
