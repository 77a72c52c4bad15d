import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiAs, grant, launchChromium, newLineUser, phoneContext, screenshot } from './browser';

// SPEC §1, the owner: groups of accounts, and with one tap everyone who can reach what they administer;
// a leaver removed from everything in one step, with the outcome for each account and group.

// The machines are shared and slow: a poll waits long (its default is one second), never to measure speed.
const patiently = { timeout: 20_000 };

let browser: Browser;
let context: BrowserContext;
let page: Page;
const failures: string[] = [];

beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
});

async function registerAccount(name: string, basicId: string): Promise<string> {
  await page.goto('/');
  await page.getByRole('link', { name: 'アカウントを登録' }).first().click();
  await page.getByLabel('アカウント名').fill(name);
  await page.getByLabel('ベーシックID(任意)').fill(basicId);
  await page.getByRole('button', { name: '登録する' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  return new URL(page.url()).pathname.split('/')[2] ?? '';
}

function groupSection() {
  return page.getByRole('region', { name: 'このグループのアカウント' });
}

async function openPerson(query: string, name: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: /アクセス一覧/ }).click();
  await page.getByRole('heading', { name: 'アクセス一覧', level: 1 }).waitFor();
  await page.getByRole('searchbox', { name: '名前で検索' }).fill(query);
  const people = page.getByRole('list').getByRole('link');
  // The search follows once the typing pauses: wait until the list holds only the match.
  await expect.poll(async () => people.allTextContents(), patiently).toEqual([expect.stringContaining(name)]);
}

describe('groups and the access overview: the owner removes a leaver from everything', () => {
  const owner = newLineUser('大川 玲子');
  const leaver = newLineUser('退職 太郎');
  const manager = newLineUser('店長 次郎');
  const ids = { main: '', branch: '', group: '' };

  it('creates a group, adds an account to it and takes another out, through the UI', async () => {
    context = await phoneContext(browser, owner);
    page = await context.newPage();
    page.on('pageerror', (error) => failures.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') failures.push(message.text());
    });

    ids.main = await registerAccount('大川 本店', '@okawa-main');
    ids.branch = await registerAccount('大川 支店', '@okawa-branch');

    await page.goto('/');
    await page.getByRole('link', { name: 'グループを作成' }).click();
    await page.getByRole('heading', { name: 'グループを作成', level: 1 }).waitFor();
    await page.getByRole('button', { name: '作成する' }).click();
    await page.getByText('グループ名を入力してください。').waitFor();
    await page.getByLabel('グループ名').fill('大川 関東');
    await screenshot(page, 'access-01-create-group');
    await page.getByRole('button', { name: '作成する' }).click();
    await page.getByRole('heading', { name: '大川 関東', level: 1 }).waitFor();
    ids.group = new URL(page.url()).pathname.split('/')[2] ?? '';
    await page
      .getByText('グループのメンバーは、グループ内のすべてのアカウントで同じ権限を持ちます')
      .waitFor();
    await groupSection().getByText('このグループにはまだアカウントがありません').waitFor();

    await groupSection().getByRole('button', { name: 'アカウントを追加' }).click();
    await groupSection().getByRole('button', { name: '「大川 本店」を追加' }).click();
    await groupSection()
      .getByRole('link', { name: /大川 本店/ })
      .waitFor();
    await groupSection().getByRole('button', { name: '「大川 支店」を追加' }).click();
    await groupSection()
      .getByRole('link', { name: /大川 支店/ })
      .waitFor();
    expect(await groupSection().getByText('管理者が1人だけです').count()).toBe(2);
    await screenshot(page, 'access-02-group-accounts');

    await groupSection().getByRole('button', { name: '「大川 支店」をグループから外す' }).click();
    const dialog = page.getByRole('dialog', { name: '「大川 支店」をグループから外しますか?' });
    await dialog
      .getByText('グループ「大川 関東」のメンバーは、「大川 支店」へのアクセスを失います')
      .waitFor();
    await screenshot(page, 'access-03-confirm-take-out');
    await dialog.getByRole('button', { name: '外す' }).click();
    await groupSection()
      .getByRole('link', { name: /大川 支店/ })
      .waitFor({ state: 'detached' });
    await groupSection()
      .getByRole('link', { name: /大川 本店/ })
      .waitFor();
    expect(failures).toEqual([]);
  });

  it('shows everyone with access, finds the leaver by name and removes them from everything', async () => {
    const ownerApi = await apiAs(owner);
    const leaverApi = await apiAs(leaver);
    await grant(ownerApi, leaverApi, `/api/accounts/${ids.branch}`, 'operator');
    await grant(ownerApi, leaverApi, `/api/groups/${ids.group}`, 'operator_no_broadcast');

    // Access through the group shows where the account's members are listed.
    await page.goto(`/accounts/${ids.main}`);
    await page
      .getByRole('listitem')
      .filter({ hasText: '退職 太郎' })
      .getByText('「大川 関東」経由')
      .waitFor();

    await page.goto('/');
    await page.getByRole('link', { name: /アクセス一覧/ }).waitFor();
    await screenshot(page, 'access-04-home');
    await page.getByRole('link', { name: /アクセス一覧/ }).click();
    await page.getByRole('heading', { name: 'アクセス一覧', level: 1 }).waitFor();
    await page.getByText('2人を表示中 · 管理しているアカウント・グループ 3件').waitFor();
    await screenshot(page, 'access-05-overview');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'CSVで書き出す' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('kengen-access.csv');
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv).toContain('退職 太郎');
    expect(csv).toContain('グループ「大川 関東」経由');
    expect(csv).toContain('表示名,ユーザーID,種類');

    await openPerson('退職', '退職 太郎');
    await page.getByText('アカウント 2 · グループ 1').waitFor();
    await screenshot(page, 'access-06-search');
    await page.getByRole('link', { name: /退職 太郎/ }).click();

    await page.getByRole('heading', { name: '退職 太郎', level: 1 }).waitFor();
    const entries = page.getByRole('list').first().getByRole('link');
    await expect.poll(() => entries.count(), patiently).toBe(3);
    await entries.filter({ hasText: '大川 本店' }).getByText('「大川 関東」経由').waitFor();
    await entries.filter({ hasText: '大川 関東' }).getByText('グループ運用担当者(配信権限なし)').waitFor();
    await screenshot(page, 'access-07-person');

    await page.getByRole('button', { name: 'すべての権限を削除' }).click();
    const dialog = page.getByRole('dialog', { name: '退職 太郎さんのすべての権限を削除しますか?' });
    await dialog.getByText('アカウント「大川 支店」: 運用担当者').waitFor();
    await dialog.getByText('グループ「大川 関東」: グループ運用担当者(配信権限なし)').waitFor();
    await dialog.getByText('グループから外れるため、次のアクセスもなくなります。').waitFor();
    await screenshot(page, 'access-08-confirm');
    await dialog.getByRole('button', { name: '削除する' }).click();

    await page.getByRole('heading', { name: '削除の結果' }).waitFor();
    await page.getByText('2件の権限を削除しました。').waitFor();
    const results = page.getByRole('region', { name: '削除の結果' }).getByRole('listitem');
    await expect.poll(() => results.filter({ hasText: '削除しました' }).count(), patiently).toBe(2);
    await page.getByText('あなたが管理しているものへのアクセスは、すべてなくなりました。').waitFor();
    await screenshot(page, 'access-09-result');

    await page.reload();
    await page.getByRole('heading', { name: 'アクセスできるものはありません', level: 1 }).waitFor();
    await page.goto('/access');
    await page.getByRole('searchbox', { name: '名前で検索' }).fill('退職');
    await page.getByText('「退職」に一致する人はいません').waitFor();
    expect(failures).toEqual([]);
  });

  it('says before and after the tap what it cannot remove: a direct admin, for an admin through a group', async () => {
    // The manager runs an account of their own, and puts it into the owner's group as a group admin: the
    // owner administers it only through the group, and the manager is its direct admin. Rule 11: the owner
    // cannot remove the account's direct admin (she can take the account out of her group instead).
    const ownerApi = await apiAs(owner);
    const managerApi = await apiAs(manager);
    await grant(ownerApi, managerApi, `/api/groups/${ids.group}`, 'admin');
    const { account } = await managerApi<{ account: { id: string } }>('POST', '/api/accounts', {
      name: '次郎の店',
    });
    await managerApi('POST', `/api/groups/${ids.group}/accounts`, { accountId: account.id });

    await openPerson('店長', '店長 次郎');
    await page.getByRole('link', { name: /店長 次郎/ }).click();
    await page.getByRole('heading', { name: '店長 次郎', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'すべての権限を削除' }).click();
    const dialog = page.getByRole('dialog', { name: '店長 次郎さんのすべての権限を削除しますか?' });
    await dialog.getByText('グループ「大川 関東」: グループ管理者').waitFor();
    await dialog.getByText('次はできません。').waitFor();
    await dialog
      .getByText('アカウント「次郎の店」: 管理者: あなたがこのアカウントの直接の管理者ではないため')
      .waitFor();
    await screenshot(page, 'access-10-plan-refusal');
    await dialog.getByRole('button', { name: '削除する' }).click();

    await page.getByText('1件の権限を削除しました。1件はできませんでした。').waitFor();
    await page
      .getByText(
        'あなたがこのアカウントの直接の管理者ではないため削除できません。アカウントの直接の管理者に頼んでください。',
      )
      .waitFor();
    await page.getByRole('link', { name: '「次郎の店」を開く' }).waitFor();
    expect(await page.getByRole('link', { name: '2人目の管理者を追加' }).count()).toBe(0);
    await page.getByRole('heading', { name: 'まだ残っているアクセス' }).waitFor();
    await screenshot(page, 'access-11-refused');

    await page.reload();
    await page.getByRole('heading', { name: '店長 次郎', level: 1 }).waitFor();
    const remaining = page.getByRole('list').first().getByRole('link');
    await expect
      .poll(() => remaining.allTextContents(), patiently)
      .toEqual([expect.stringContaining('次郎の店')]);
    expect(failures).toEqual([]);
  });
});
