import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { apiAs, newLineUser, type Phone, registerAccount, screenshot, usePhones } from './browser';

// SPEC §8 at a phone, end to end through the real local Queue of `wrangler dev`: a join request reaches the
// admin's ホーム and, as a LINE message, the demo's LINE view; its 承認 button opens the request, and the
// approval reaches the requester's LINE. Delivery is asynchronous (queue → consumer → the stand-in of LINE),
// so the LINE view is refreshed until the message is there, within a bound.

const phone = usePhones();

const DELIVERY_BOUND_MS = 30_000;

/** Refreshes the LINE view until a message with this text is shown; fails after DELIVERY_BOUND_MS. */
async function waitForLineMessage(page: Page, text: string): Promise<void> {
  const message = page.locator('.line-bubble').filter({ hasText: text });
  const deadline = Date.now() + DELIVERY_BOUND_MS;
  for (;;) {
    if ((await message.count()) > 0) return;
    if (Date.now() > deadline)
      throw new Error(`no LINE message with “${text}” within ${DELIVERY_BOUND_MS} ms`);
    await page.waitForTimeout(500);
    const refresh = page.getByRole('button', { name: '更新', exact: true });
    await refresh.click();
    // The button is busy while the chat reloads; it reads 更新 again once the new list is on screen.
    await page.getByRole('button', { name: '更新', exact: true, disabled: false }).waitFor();
  }
}

/** ホーム's card says notifications do not reach the person; the demo's 友だち追加 makes them reach. */
async function addBotAsFriend(page: Page, shot?: string): Promise<void> {
  await page.goto('/');
  const card = page.getByRole('region', { name: 'LINEへの通知' });
  await card.getByText('届きません', { exact: true }).waitFor();
  if (shot) await screenshot(page, `${shot}-not-friend`);
  await card.getByRole('button', { name: '友だち追加(デモ)' }).click();
  await card.getByText('届きます', { exact: true }).waitFor();
  expect(await card.getByRole('switch', { name: 'LINEで通知を受け取る' }).isChecked()).toBe(true);
  if (shot) await screenshot(page, `${shot}-friend`);
}

/** The local stand-in of LINE, as the test drives it: a person follows the bot; LINE refuses their pushes. */
async function standin(path: 'follow' | 'refuse', body: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${inject('baseUrl')}/dev/line/${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`/dev/line/${path}: ${response.status} ${await response.text()}`);
}

describe('notifications: a join request in LINE, decided from its button', () => {
  const admin = newLineUser('小林 恵');
  const requester = newLineUser('田中 一郎');
  const accountName = 'カフェ花 新宿店';
  let adminPhone: Phone;
  let requesterPhone: Phone;
  let accountPath: string;

  it('shows a new person that notifications do not reach them, until they add the bot', async () => {
    adminPhone = await phone(admin);
    accountPath = await registerAccount(adminPhone.page, accountName);
    await addBotAsFriend(adminPhone.page, 'notify-01');

    requesterPhone = await phone(requester);
    await addBotAsFriend(requesterPhone.page);
    expect(adminPhone.failures).toEqual([]);
    expect(requesterPhone.failures).toEqual([]);
  });

  it('brings the join request to the admin’s ホーム and LINE, and its button opens it', async () => {
    const adminApi = await apiAs(admin);
    const apiPath = `/api${accountPath}`;
    await adminApi('PATCH', apiPath, { requireApproval: true });
    const { token } = await adminApi<{ token: string }>('POST', `${apiPath}/invites`, { role: 'operator' });

    const { page: asker } = requesterPhone;
    await asker.goto(`/invite?token=${token}`);
    await asker.getByRole('button', { name: '参加する', exact: true }).click();
    await asker.getByRole('heading', { name: '管理者の承認待ちです' }).waitFor();

    const { page } = adminPhone;
    await page.goto('/');
    const waiting = page.getByRole('region', { name: 'あなたの対応待ち' });
    await waiting.getByRole('link', { name: new RegExp(accountName) }).waitFor();
    expect(await waiting.textContent()).toContain(`${requester.displayName}さん(運用担当者)`);
    await screenshot(page, 'notify-02-home-waiting');

    await page.getByRole('link', { name: 'LINEで届いたメッセージ(デモ)' }).click();
    await page.getByRole('heading', { name: 'Kengen', level: 1 }).waitFor();
    const text = `${requester.displayName}さんが ${accountName} への参加をリクエストしています（運用担当者）`;
    await waitForLineMessage(page, text);
    await screenshot(page, 'notify-03-line-request');

    const bubble = page.locator('.line-bubble').filter({ hasText: text });
    await bubble.getByRole('link', { name: '承認' }).click();
    await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(accountPath);
    await page.getByRole('heading', { name: '参加リクエスト' }).waitFor();
    await screenshot(page, 'notify-04-request-opened');
    await page.getByRole('button', { name: `承認: ${requester.displayName}` }).click();
    await page
      .getByRole('listitem')
      .filter({ hasText: requester.displayName })
      .filter({ hasText: '運用担当者' })
      .waitFor();
    await expect.poll(() => page.getByRole('heading', { name: '参加リクエスト' }).count()).toBe(0);

    // Decided: nothing waits on ホーム any more.
    await page.goto('/');
    await page.getByRole('heading', { name: 'アカウント', exact: true, level: 2 }).waitFor();
    expect(await page.getByRole('region', { name: 'あなたの対応待ち' }).count()).toBe(0);
    expect(adminPhone.failures).toEqual([]);
  });

  it('tells the requester in LINE that they were approved', async () => {
    const { page, failures } = requesterPhone;
    await page.goto('/line');
    await waitForLineMessage(page, `${accountName} への参加が承認されました（運用担当者）`);
    await screenshot(page, 'notify-05-line-approved');
    await page
      .locator('.line-bubble')
      .filter({ hasText: '承認されました' })
      .getByRole('link', { name: '開く' })
      .click();
    await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
    expect(failures).toEqual([]);
  });

  it('lets a person turn notifications off and on again', async () => {
    const { page, failures } = requesterPhone;
    await page.goto('/');
    const card = page.getByRole('region', { name: 'LINEへの通知' });
    const toggle = card.getByRole('switch', { name: 'LINEで通知を受け取る' });
    await toggle.uncheck();
    await card.getByText('オフ', { exact: true }).waitFor();
    await expect.poll(() => toggle.isDisabled()).toBe(false);
    await page.reload();
    await expect
      .poll(() => card.getByRole('switch', { name: 'LINEで通知を受け取る' }).isChecked())
      .toBe(false);
    await screenshot(page, 'notify-06-off');
    await toggle.check();
    await card.getByText('届きます', { exact: true }).waitFor();
    await expect.poll(() => toggle.isDisabled()).toBe(false);
    expect(failures).toEqual([]);
  });

  it('shows the admins a notification LINE would not deliver, on the account page', async () => {
    const refused = newLineUser('佐藤 花');
    const refusedApi = await apiAs(refused);
    await standin('follow', { userId: refused.userId, follow: true });
    await standin('refuse', { userId: refused.userId, refuse: true });
    try {
      const adminApi = await apiAs(admin);
      const apiPath = `/api${accountPath}`;
      const { token } = await adminApi<{ token: string }>('POST', `${apiPath}/invites`, { role: 'operator' });
      await refusedApi('POST', '/api/invites/accept', { token });

      const { page, failures } = adminPhone;
      await page.goto(accountPath);
      await page.getByRole('button', { name: `却下: ${refused.displayName}` }).click();
      await page.getByRole('dialog').getByRole('button', { name: '却下' }).click();
      await expect.poll(() => page.getByRole('heading', { name: '参加リクエスト' }).count()).toBe(0);

      // The rejection is pushed asynchronously and refused by "LINE": reload until the page lists it.
      const section = page.getByRole('region', { name: '届かなかった通知' });
      const row = section.getByText(`${refused.displayName}さんへの「参加リクエストの却下」`);
      const deadline = Date.now() + DELIVERY_BOUND_MS;
      while ((await row.count()) === 0) {
        if (Date.now() > deadline) throw new Error('the failed notification was not listed in time');
        await page.waitForTimeout(500);
        await page.reload();
        await page.getByRole('heading', { name: accountName, level: 1 }).waitFor();
      }
      await screenshot(page, 'notify-07-failed');
      expect(failures).toEqual([]);
    } finally {
      await standin('refuse', { userId: refused.userId, refuse: false });
    }
  });
});
