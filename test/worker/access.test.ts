import { env } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  call,
  createAccount,
  errorCode,
  issueInvite,
  json,
  type Session,
  signIn,
  signInAs,
  useInvite,
} from '../support/api';
import { addAccountToGroup, createGroup, grantRole } from '../support/fixtures';

interface Page {
  people: Array<{
    userId: string;
    displayName: string;
    lastSeenAt: string | null;
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

  it('says when each person last signed in, for the 90-day flag', async () => {
    const ghost = 'U-never-signed-in';
    await env.DB.prepare(
      "INSERT INTO users (id, display_name, created_at, updated_at) VALUES (?1, 'E 未ログイン', 0, 0)",
    )
      .bind(ghost)
      .run();
    await grantRole(shinjuku, ghost, 'operator', owner.userId);
    const all = await page(owner, '?limit=100');
    const seen = (userId: string) => all.people.find((person) => person.userId === userId)?.lastSeenAt;
    expect(Date.now() - Date.parse(seen(owner.userId) ?? '')).toBeLessThan(10 * 60_000);
    expect(seen(ghost)).toBeNull();
    await env.DB.prepare('DELETE FROM memberships WHERE user_id = ?1').bind(ghost).run();
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

  it('follows a person’s new LINE name: the page shows it and sorts by it', async () => {
    const renamed = staff[4] as Session;
    await signInAs(renamed.userId, '0 改名したスタッフ');
    const first = await page(owner, '?limit=1');
    expect(first.people.map((person) => [person.userId, person.displayName])).toEqual([
      [renamed.userId, '0 改名したスタッフ'],
    ]);
    const found = await page(owner, `?q=${encodeURIComponent('改名')}`);
    expect(found.people.map((person) => person.userId)).toEqual([renamed.userId]);
    await signInAs(renamed.userId, 'C スタッフ4');
    expect((await page(owner, '?limit=1')).people[0]?.userId).toBe(owner.userId);
  });

  it('pages past a person with the longest name a LINE user may have', async () => {
    const longName = (mark: string) => `${mark}${'長'.repeat(99)}`;
    for (const mark of ['甲', '乙']) {
      const person = await signIn(`long${mark}`, longName(mark));
      await grantRole(shibuya, person.userId, 'operator', owner.userId);
    }
    const first = await page(owner, `?limit=1&q=${encodeURIComponent('長長')}`);
    expect(first.nextCursor?.length).toBeGreaterThan(400);
    const second = await page(
      owner,
      `?limit=1&q=${encodeURIComponent('長長')}&cursor=${encodeURIComponent(first.nextCursor ?? '')}`,
    );
    expect([...first.people, ...second.people].map((person) => person.displayName).sort()).toEqual(
      [longName('乙'), longName('甲')].sort(),
    );
  });

  it('shows nothing to someone who administers nothing, and refuses a forged cursor', async () => {
    const nobody = await page(staff[0] as Session);
    expect(nobody).toEqual({
      people: [],
      resourceCount: 0,
      nextCursor: null,
      overdueReviews: { total: 0, items: [] },
    });
    const forged = await call('GET', '/api/access?cursor=not-a-cursor', { token: owner.token });
    expect(forged.status).toBe(400);
  });

  it('exports the overview as CSV for Excel: Japanese headers and role names, the time, formulas inert', async () => {
    const evil = await signIn('evil', '=HYPERLINK("x")');
    await grantRole(shibuya, evil.userId, 'operator', owner.userId);
    const response = await call('GET', '/api/access/export.csv', { token: owner.token });
    expect(response.headers.get('Content-Type')).toContain('text/csv');
    expect(response.headers.get('Content-Disposition')).toMatch(/filename="kengen-access-all-\d{8}\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    const lines = text.trim().split('\r\n');
    expect(lines[0]).toBe(
      '表示名,ユーザーID,種類,アカウント・グループ名,ベーシックID,権限,付与経路,出力日時',
    );
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    const leaverShibuya = lines.filter((line) => line.startsWith('B 退職者') && line.includes('渋谷店'));
    expect(leaverShibuya.map((line) => line.split(',').slice(2, 7))).toEqual([
      ['アカウント', '渋谷店', '', '運用担当者', '直接'],
      ['アカウント', '渋谷店', '', '運用担当者(分析の閲覧権限なし)', 'グループ「首都圏」経由'],
    ]);
    expect(lines.find((line) => line.includes('首都圏,') && line.startsWith('B 退職者'))).toContain(
      'グループ運用担当者(分析の閲覧権限なし)',
    );
    // Japan's time of the export, on every row.
    expect(lines.slice(1).every((line) => /,\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}$/.test(line))).toBe(true);
  });

  it('exports one account for its admins: its people only, the basic ID without an apostrophe', async () => {
    const cafe = await createAccount(owner, 'カフェ花', '@cafe.hana');
    const barista = await signIn('barista', 'D バリスタ');
    await grantRole(cafe, barista.userId, 'operator_no_broadcast', owner.userId);
    const response = await call('GET', `/api/access/export.csv?resourceId=${cafe}`, { token: owner.token });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Disposition')).toMatch(
      /filename="kengen-access-cafe\.hana-\d{8}\.csv"/,
    );
    const lines = (await response.text()).trim().split('\r\n').slice(1);
    expect(lines.map((line) => line.split(',').slice(0, 7))).toEqual([
      ['A オーナー', owner.userId, 'アカウント', 'カフェ花', '"=""@cafe.hana"""', '管理者', '直接'],
      [
        'D バリスタ',
        barista.userId,
        'アカウント',
        'カフェ花',
        '"=""@cafe.hana"""',
        '運用担当者(配信権限なし)',
        '直接',
      ],
    ]);
    // Not theirs to export: a member who does not administer it, and a stranger.
    const asMember = await call('GET', `/api/access/export.csv?resourceId=${cafe}`, { token: barista.token });
    expect(await errorCode(asMember)).toBe('FORBIDDEN');
    const asStranger = await call('GET', `/api/access/export.csv?resourceId=${cafe}`, {
      token: (staff[0] as Session).token,
    });
    expect(await errorCode(asStranger)).toBe('NOT_FOUND');
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

describe('GET /api/access/{userId}/offboarding: the plan', () => {
  interface Plan {
    userId: string;
    displayName: string | null;
    removals: Array<{
      resource: { name: string };
      role: string | null;
      revokedInvites: number;
      withdrawnRequests: number;
      refusal: { code: string; message: string } | null;
    }>;
    cuts: Array<{ group: { name: string }; account: { name: string }; refusal: { code: string } | null }>;
  }
  interface Done {
    results: Array<{
      resource: { name: string };
      role: string | null;
      outcome: string;
      code: string | null;
      revokedInvites: number;
      withdrawnRequests: number;
    }>;
    cuts: Array<{ group: { name: string }; account: { name: string }; outcome: string; code: string | null }>;
  }

  const byName = <T extends { resource: { name: string } }>(rows: T[]) =>
    // By code point: 加盟店, 承認制の店, 本店.
    [...rows].sort((a, b) => (a.resource.name < b.resource.name ? -1 : 1));

  async function auditCount(): Promise<number> {
    const row = await env.DB.prepare('SELECT count(*) AS n FROM audit_events').first<{ n: number }>();
    return row?.n ?? 0;
  }

  it('says before the tap exactly what DELETE then does, and writes nothing', async () => {
    const owner = await signIn('owner', 'オーナー');
    const coAdmin = await signIn('coadmin', '共同管理者');
    // 本店: the co-admin is a direct admin, has an invite out, and a private group holding it (a back door).
    const main = await createAccount(owner, '本店');
    await grantRole(main, coAdmin.userId, 'admin', owner.userId);
    await issueInvite(coAdmin, main, 'admin');
    const privateGroup = await createGroup(coAdmin, '私のグループ');
    await addAccountToGroup(privateGroup, main, coAdmin.userId);
    // 承認制の店: nothing but a pending join request.
    const approval = await createAccount(owner, '承認制の店');
    await call('PATCH', `/api/accounts/${approval}`, { token: owner.token, body: { requireApproval: true } });
    const { token } = await issueInvite(owner, approval);
    expect((await useInvite(coAdmin, 'accept', token)).status).toBe(202);
    // 加盟店: the co-admin is its direct admin; the owner is admin there only through 本部.
    const franchise = await createAccount(coAdmin, '加盟店');
    const hq = await createGroup(owner, '本部');
    await addAccountToGroup(hq, franchise, owner.userId);

    const before = await auditCount();
    const response = await call('GET', `/api/access/${coAdmin.userId}/offboarding`, { token: owner.token });
    expect(response.status).toBe(200);
    const plan = await json<Plan>(response);
    expect(await auditCount()).toBe(before);
    expect(plan).toMatchObject({ userId: coAdmin.userId, displayName: '共同管理者' });
    expect(byName(plan.removals)).toEqual([
      {
        resource: expect.objectContaining({ name: '加盟店' }),
        role: 'admin',
        revokedInvites: 0,
        withdrawnRequests: 0,
        // Rule 11: an admin only through a group cannot remove the account's direct admin.
        refusal: { code: 'FORBIDDEN', message: expect.any(String) },
      },
      {
        // Rule 10: no membership there, only a join request, which is withdrawn.
        resource: expect.objectContaining({ name: '承認制の店' }),
        role: null,
        revokedInvites: 0,
        withdrawnRequests: 1,
        refusal: null,
      },
      {
        resource: expect.objectContaining({ name: '本店' }),
        role: 'admin',
        revokedInvites: 1,
        withdrawnRequests: 0,
        refusal: null,
      },
    ]);
    // Rule 11: the private group still gives her 本店, and the owner, its direct admin, may cut it.
    expect(plan.cuts).toEqual([
      {
        group: expect.objectContaining({ id: privateGroup, name: '私のグループ' }),
        account: expect.objectContaining({ id: main, name: '本店' }),
        refusal: null,
      },
    ]);

    const done = await json<Done>(
      await call('DELETE', `/api/access/${coAdmin.userId}`, { token: owner.token }),
    );
    expect(byName(done.results).map((r) => [r.resource.name, r.role, r.outcome, r.code])).toEqual([
      ['加盟店', 'admin', 'refused', 'FORBIDDEN'],
      ['承認制の店', null, 'withdrawn', null],
      ['本店', 'admin', 'removed', null],
    ]);
    expect(byName(done.results).map((r) => [r.resource.name, r.revokedInvites, r.withdrawnRequests])).toEqual(
      byName(plan.removals).map((r) => [r.resource.name, r.revokedInvites, r.withdrawnRequests]),
    );
    expect(done.cuts.map((c) => [c.group.name, c.account.name, c.outcome])).toEqual([
      ['私のグループ', '本店', 'cut'],
    ]);
    expect((await call('GET', `/api/accounts/${main}`, { token: coAdmin.token })).status).toBe(404);

    // Asked again, the plan holds only what the owner could not do.
    const after = await json<Plan>(
      await call('GET', `/api/access/${coAdmin.userId}/offboarding`, { token: owner.token }),
    );
    expect(after.removals.map((r) => [r.resource.name, r.refusal?.code])).toEqual([['加盟店', 'FORBIDDEN']]);
    expect(after.cuts).toEqual([]);
  });
});
