import { beforeAll, describe, expect, it } from 'vitest';
import { call, createAccount, json, type Session, signIn } from '../support/api';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';

interface Page {
  people: Array<{
    userId: string;
    displayName: string;
    access: Array<{
      resource: { id: string; name: string };
      role: string;
      source: string;
      group: { name: string } | null;
    }>;
  }>;
  resourceCount: number;
  nextCursor: string | null;
}

async function page(session: Session, query = ''): Promise<Page> {
  const response = await call('GET', `/api/access${query}`, { token: session.token });
  expect(response.status).toBe(200);
  return json<Page>(response);
}

let owner: Session;
let leaver: Session;
let shibuya: string;
let shinjuku: string;
let online: string;
let groupId: string;
const staff: Session[] = [];

beforeAll(async () => {
  owner = await signIn('owner', 'A オーナー');
  leaver = await signIn('leaver', 'B 退職者');
  shibuya = await createAccount(owner, '渋谷店');
  shinjuku = await createAccount(owner, '新宿店');
  online = await createAccount(leaver, 'オンライン');
  groupId = await createGroup(owner, '首都圏');
  await addAccountToGroup(groupId, shibuya, owner.userId);
  await grantRole(shibuya, leaver.userId, 'operator', owner.userId);
  await grantRole(shinjuku, leaver.userId, 'admin', owner.userId);
  await grantRole(groupId, leaver.userId, 'operator_no_stats', owner.userId);
  await grantRole(online, owner.userId, 'admin', leaver.userId);
  for (let i = 0; i < 5; i++) {
    const person = await signIn(`staff${i}`, `C スタッフ${i}`);
    await grantRole(shinjuku, person.userId, 'operator_no_broadcast', owner.userId);
    staff.push(person);
  }
});

describe('GET /api/access', () => {
  it('lists every person with access to what the caller administers, with role and source', async () => {
    const all = await page(owner, '?limit=100');
    expect(all.resourceCount).toBe(4);
    expect(all.nextCursor).toBeNull();
    expect(all.people).toHaveLength(7);
    const leaverRow = all.people.find((person) => person.userId === leaver.userId);
    const access = leaverRow?.access.map((a) => `${a.resource.name}:${a.role}:${a.source}`).sort();
    expect(access).toEqual(
      [
        'オンライン:admin:direct',
        '新宿店:admin:direct',
        '渋谷店:operator:direct',
        '渋谷店:operator_no_stats:group',
        '首都圏:operator_no_stats:direct',
      ].sort(),
    );
    expect(all.people.map((person) => person.displayName)).toEqual(
      [...all.people.map((p) => p.displayName)].sort(),
    );
  });

  it('pages by person with an opaque cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const result = await page(owner, query);
      seen.push(...result.people.map((person) => person.userId));
      cursor = result.nextCursor;
      pages += 1;
    } while (cursor);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(7);
    expect(seen).toHaveLength(7);
  });

  it('filters by person and by name', async () => {
    const one = await page(owner, `?userId=${leaver.userId}`);
    expect(one.people.map((person) => person.userId)).toEqual([leaver.userId]);
    const named = await page(owner, `?q=${encodeURIComponent('スタッフ')}`);
    expect(named.people).toHaveLength(5);
    const literal = await page(owner, `?q=${encodeURIComponent('%')}`);
    expect(literal.people).toEqual([]);
  });

  it('shows nothing to someone who administers nothing, and refuses a forged cursor', async () => {
    const nobody = await page(staff[0] as Session);
    expect(nobody).toEqual({ people: [], resourceCount: 0, nextCursor: null });
    const forged = await call('GET', '/api/access?cursor=not-a-cursor', { token: owner.token });
    expect(forged.status).toBe(400);
  });

  it('exports the overview as CSV for Excel, with formulas made inert', async () => {
    const evil = await signIn('evil', '=HYPERLINK("x")');
    await grantRole(shibuya, evil.userId, 'operator', owner.userId);
    const response = await call('GET', '/api/access/export.csv', { token: owner.token });
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe('display_name,user_id,kind,resource,basic_id,role,source');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(lines.some((line) => line.includes('渋谷店') && line.includes('group:首都圏'))).toBe(true);
  });
});

describe('DELETE /api/access/{userId}: offboarding', () => {
  it('removes the person everywhere the caller administers and says why not where it cannot', async () => {
    const response = await call('DELETE', `/api/access/${leaver.userId}`, { token: owner.token });
    expect(response.status).toBe(200);
    const body = await json<{
      results: Array<{ resource: { name: string }; outcome: string; code: string | null }>;
    }>(response);
    const outcomes = Object.fromEntries(
      body.results.map((r) => [r.resource.name, `${r.outcome}:${r.code ?? ''}`]),
    );
    expect(outcomes).toEqual({
      渋谷店: 'removed:',
      新宿店: 'removed:',
      首都圏: 'removed:',
      // The owner is a second admin of the leaver's own account, so the leaver can be removed there too.
      オンライン: 'removed:',
    });
    const after = await page(owner, `?userId=${leaver.userId}`);
    expect(after.people).toEqual([]);
  });

  it('keeps the last admin in place and reports LAST_ADMIN for that resource only', async () => {
    const boss = await signIn('boss');
    const solo = await signIn('solo');
    const mine = await createAccount(boss, '本店');
    const theirs = await createAccount(solo, '個人店');
    await grantRole(mine, solo.userId, 'operator', boss.userId);
    await grantRole(theirs, boss.userId, 'operator', solo.userId);
    const body = await json<{
      results: Array<{ resource: { name: string }; outcome: string; code: string | null }>;
    }>(await call('DELETE', `/api/access/${solo.userId}`, { token: boss.token }));
    // The boss is only an operator of 個人店, so it is not theirs to offboard from: not listed.
    expect(body.results.map((r) => [r.resource.name, r.outcome])).toEqual([['本店', 'removed']]);

    // Offboarding oneself stops where one is the last admin.
    const selfOffboard = await json<{
      results: Array<{ resource: { name: string }; outcome: string; code: string | null }>;
    }>(await call('DELETE', `/api/access/${solo.userId}`, { token: solo.token }));
    expect(selfOffboard.results).toEqual([
      expect.objectContaining({
        resource: expect.objectContaining({ name: '個人店' }),
        outcome: 'refused',
        code: 'LAST_ADMIN',
      }),
    ]);
  });
});
