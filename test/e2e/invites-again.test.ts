import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, grant, newLineUser, type Phone, registerAccount, screenshot, usePhones } from './browser';

// Issue 14, part B: invites the admin can act on (a memo, 再発行 of a pending, declined or expired invite),
// dead links that say whose invite they were, the account page's order and its CSV, what a group role really
// grants, and an offboarding's refusals said before the tap. Fresh users and accounts: other files share the
// server.

const phone = usePhones();

function invitesSection(page: Page) {
  return page.getByRole('region', { name: '招待', exact: true });
}

describe('invites an admin can act on, and the screens around them', () => {
  const admin = newLineUser('石井 由美');
  const tanaka = newLineUser('田中 一郎');
  const decliner = newLineUser('辞退 花子');
  const stranger = newLineUser('通りすがり 次郎');
  const accountName = `石井カフェ ${Date.now().toString(36)}`;
  let adminPhone: Phone;
  let accountPath: string;
  let oldLink: string;

  it('issues an invite with a memo of whom it is for, and 再発行 replaces its link', async () => {
    adminPhone = await phone(admin, { share: true });
    const { page } = adminPhone;
    accountPath = await registerAccount(page, accountName);
    await page.getByRole('link', { name: 'メンバーを追加' }).click();
    await page.getByRole('radio', { name: '運用担当者', exact: true }).check();
    const memo = page.getByLabel('だれへの招待ですか(任意)');
    await memo.fill('あ'.repeat(51));
    await page.getByText('50文字までです(いま51文字)。').waitFor();
    await memo.fill('新宿店の田中さん');
    await screenshot(page, 'invites-again-01-memo');
    await page.getByRole('button', { name: '招待リンクを作成' }).click();
    await page.getByRole('heading', { name: '招待リンクを作成しました' }).waitFor();
    oldLink = await page.getByLabel('招待リンク').inputValue();

    await page.goto(accountPath);
    const pending = invitesSection(page).getByRole('listitem').filter({ hasText: '宛先: 新宿店の田中さん' });
    await pending.waitFor();
    await pending.getByRole('button', { name: '再発行' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('いまのリンクは使えなくなり', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: '新しいリンクを作る' }).click();
    const reissued = page.getByRole('region', { name: '新しい招待リンクを作成しました' });
    await reissued.waitFor();
    const newLink = await reissued.getByLabel('招待リンク').inputValue();
    expect(newLink).toMatch(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
    expect(newLink).not.toBe(oldLink);
    await reissued.getByText('宛先: 新宿店の田中さん').waitFor();
    await reissued.getByRole('button', { name: 'リンクをコピー' }).click();
    await reissued.getByText('コピーしました', { exact: false }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(newLink);
    await screenshot(page, 'invites-again-02-reissued');

    // The new link works; the old one says it was revoked, and whose invite it was.
    const tanakaApi = await apiAs(tanaka);
    await tanakaApi('POST', '/api/invites/accept', { token: new URL(newLink).searchParams.get('token') });
    const { page: holder, failures } = await phone(stranger);
    await holder.goto(oldLink);
    await holder.getByRole('heading', { name: 'この招待は取り消されました' }).waitFor();
    const whose = holder.getByRole('region', { name: 'この招待について' });
    await whose.getByText(accountName).waitFor();
    await whose.getByText(admin.displayName, { exact: true }).waitFor();
    await whose.getByText(`${admin.displayName}さん(またはほかの管理者)に`, { exact: false }).waitFor();
    await screenshot(holder, 'invites-again-03-revoked-whose');

    // A used link, opened by someone else: the same.
    await holder.goto(newLink);
    await holder.getByRole('heading', { name: 'この招待リンクはすでに使われています' }).waitFor();
    await holder.getByRole('region', { name: 'この招待について' }).getByText(accountName).waitFor();
    await screenshot(holder, 'invites-again-04-used-whose');
    // The browser logs the preview's 410 answers themselves; nothing else may fail.
    expect(failures.filter((failure) => !failure.includes('status of 410'))).toEqual([]);
    expect(adminPhone.failures).toEqual([]);
  }, 180_000);

  it('keeps a declined invite listed with one-tap 再発行 (same role and memo)', async () => {
    const { page } = adminPhone;
    const adminApi = await apiAs(admin);
    const id = accountPath.split('/').pop();
    const { token } = await adminApi<{ token: string }>('POST', `/api/accounts/${id}/invites`, {
      role: 'operator_no_broadcast',
      memo: '池袋店の佐藤さん',
    });
    await (await apiAs(decliner))('POST', '/api/invites/decline', { token });

    await page.goto(accountPath);
    const ended = page.getByRole('region', { name: '期限切れ・辞退された招待' });
    const row = ended.getByRole('listitem').filter({ hasText: '池袋店の佐藤さん' });
    await row.getByText(`${decliner.displayName}さんが辞退`, { exact: false }).waitFor();
    await screenshot(page, 'invites-again-05-ended');
    await row.getByRole('button', { name: '再発行' }).click();
    const reissued = page.getByRole('region', { name: '新しい招待リンクを作成しました' });
    await reissued.getByText('運用担当者(配信権限なし)').waitFor();
    await reissued.getByText('宛先: 池袋店の佐藤さん').waitFor();
    // Issued again at most once: the declined one leaves the list, its successor is pending.
    await expect.poll(() => ended.count()).toBe(0);
    await invitesSection(page)
      .getByRole('listitem')
      .filter({ hasText: '池袋店の佐藤さん' })
      .first()
      .waitFor();
    await screenshot(page, 'invites-again-06-ended-reissued');
    expect(adminPhone.failures).toEqual([]);
  }, 120_000);

  it('puts the members before the invites, once each, and exports the account as CSV', async () => {
    const { page } = adminPhone;
    await page.goto(accountPath);
    const members = page.getByRole('heading', { name: 'メンバー', exact: true, level: 2 });
    const invites = page.getByRole('heading', { name: '招待', exact: true, level: 2 });
    await members.waitFor();
    await invites.waitFor();
    const top = async (locator: typeof members) => (await locator.boundingBox())?.y ?? 0;
    expect(await top(members)).toBeLessThan(await top(invites));
    expect(await page.getByRole('link', { name: 'メンバーを追加' }).count()).toBe(1);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: '権限一覧をCSVで書き出す' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`kengen-${accountName}.csv`);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8');
    expect(csv).toContain(tanaka.displayName);
    expect(csv).toContain(accountName);
    await screenshot(page, 'invites-again-07-account-order');
    expect(adminPhone.failures).toEqual([]);
  }, 120_000);

  it('shows what a group role really grants: no chat nor 配信 on the group itself', async () => {
    const { page } = adminPhone;
    const adminApi = await apiAs(admin);
    const { group } = await adminApi<{ group: { id: string } }>('POST', '/api/groups', {
      name: '石井エリア',
    });
    await page.goto(`/groups/${group.id}`);
    await page.getByRole('heading', { name: '石井エリア', level: 1 }).waitFor();
    const onGroup = page.getByRole('list', { name: 'このグループで' });
    await onGroup.getByText('メンバーと招待の管理').waitFor();
    await onGroup.getByText('アカウントをグループから外す').waitFor();
    expect(await onGroup.getByText('チャット').count()).toBe(0);
    expect(await onGroup.getByText('メッセージの配信').count()).toBe(0);
    const onAccounts = page.getByRole('list', { name: 'グループ内の各アカウントで(管理者として)' });
    await onAccounts.getByText('チャット').waitFor();
    await screenshot(page, 'invites-again-08-group-can-do');
    expect(adminPhone.failures).toEqual([]);
  }, 120_000);

  it('says on the person page, before any tap, what offboarding cannot remove', async () => {
    // As in access.test.ts: a manager puts an account of their own into the admin's group as its group admin;
    // the admin administers it only through the group and cannot remove its direct admin (rule 11).
    const manager = newLineUser('店長 三郎');
    const adminApi = await apiAs(admin);
    const managerApi = await apiAs(manager);
    const { group } = await adminApi<{ group: { id: string } }>('POST', '/api/groups', { name: '石井 関東' });
    await grant(adminApi, managerApi, `/api/groups/${group.id}`, 'admin');
    const { account } = await managerApi<{ account: { id: string } }>('POST', '/api/accounts', {
      name: '三郎の店',
    });
    await managerApi('POST', `/api/groups/${group.id}/accounts`, { accountId: account.id });

    const { page } = adminPhone;
    await page.goto(`/access/${manager.userId}`);
    await page.getByRole('heading', { name: manager.displayName, level: 1 }).waitFor();
    await page.getByText('削除できないものがあります').waitFor();
    await page
      .getByText('アカウント「三郎の店」: 管理者: あなたがこのアカウントの直接の管理者ではないため')
      .first()
      .waitFor();
    await screenshot(page, 'invites-again-09-offboard-refusals-ahead');
    expect(adminPhone.failures).toEqual([]);
  }, 120_000);
});
