import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newLineUser, type Phone, registerAccount, screenshot, usePhones } from './browser';

// SPEC §1: an admin invites from LINE (share, copy or QR), the invitee accepts in LINE; with approval
// required, an admin decides the join request. Each LINE user has their own browser context.

const phone = usePhones();

/** Issues an invite from the account page and returns its URL, read from the copy field. */
async function issueInvite(page: Page, accountPath: string, role: string, shot?: string): Promise<string> {
  await page.goto(accountPath);
  await page.getByRole('link', { name: 'メンバーを追加' }).click();
  await page.getByRole('heading', { name: 'メンバーを追加' }).waitFor();
  await page.getByRole('radio', { name: role, exact: true }).check();
  if (shot) await screenshot(page, `${shot}-pick-role`);
  await page.getByRole('button', { name: '招待リンクを作成' }).click();
  await page.getByRole('heading', { name: '招待リンクを作成しました' }).waitFor();
  const url = await page.getByLabel('招待リンク').inputValue();
  expect(url).toMatch(/\/invite\?token=[A-Za-z0-9_-]{43}$/);
  return url;
}

function memberRow(page: Page, name: string) {
  return page.getByRole('listitem').filter({ hasText: name });
}

describe('invites: from メンバーを追加 to a new member, inside LINE', () => {
  const admin = newLineUser('岡田 真理');
  const staff = newLineUser('森 健太');
  const third = newLineUser('林 さくら');
  let adminPhone: Phone;
  let accountPath: string;
  let firstLink: string;

  it('lets an admin invite an 運用担当者, who accepts and becomes a member', async () => {
    adminPhone = await phone(admin, { share: true });
    const { page } = adminPhone;
    accountPath = await registerAccount(page, '岡田ベーカリー');
    await screenshot(page, 'invite-01-account');

    firstLink = await issueInvite(page, accountPath, '運用担当者', 'invite-02');
    await page.getByText('残り23時間').waitFor();
    await screenshot(page, 'invite-03-link');

    // The three ways to hand it over: LINE's share target picker (mocked), the clipboard, a QR code.
    await page.getByRole('button', { name: 'LINEで送る' }).click();
    await page.getByText('招待を送りました。').waitFor();
    await page.getByRole('button', { name: 'リンクをコピー' }).click();
    await page.getByText('コピーしました', { exact: false }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(firstLink);
    await page.getByRole('button', { name: 'QRコードを表示' }).click();
    const qr = page.getByRole('img', { name: '招待リンクのQRコード' });
    await qr.waitFor();
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('.qr img');
      return image?.complete && image.naturalWidth > 0;
    });
    await screenshot(page, 'invite-04-qr');

    const { page: invitee, failures } = await phone(staff);
    await invitee.goto(firstLink);
    await invitee.getByRole('heading', { name: '「岡田ベーカリー」への招待' }).waitFor();
    await invitee.getByText(`${admin.displayName}さんがあなたを招待しています`).waitFor();
    await invitee.getByText('メンバー管理と設定の変更はできません', { exact: false }).waitFor();
    await screenshot(invitee, 'invite-05-preview');
    await invitee.getByRole('button', { name: '参加する', exact: true }).click();
    await invitee.getByRole('heading', { name: '「岡田ベーカリー」に参加しました' }).waitFor();
    await screenshot(invitee, 'invite-06-joined');
    await invitee.getByRole('link', { name: 'アカウントを開く' }).click();
    await invitee.getByRole('heading', { name: '岡田ベーカリー', level: 1 }).waitFor();

    await page.goto(accountPath);
    const row = memberRow(page, staff.displayName);
    await row.waitFor();
    expect(await row.textContent()).toContain('運用担当者');
    await page.getByText('招待中の人はいません').waitFor();
    await screenshot(page, 'invite-07-member-list');
    expect(failures).toEqual([]);
    expect(adminPhone.failures).toEqual([]);
  });

  it('with approval required, the invitee waits and an admin approves the join request', async () => {
    const { page } = adminPhone;
    await page.goto(accountPath);
    const approval = page.getByRole('switch', { name: '参加に管理者の承認を必要にする' });
    await approval.check();
    await expect.poll(() => approval.isDisabled()).toBe(false);
    expect(await approval.isChecked()).toBe(true);
    await page.reload();
    await page.getByRole('heading', { name: '岡田ベーカリー', level: 1 }).waitFor();
    await expect.poll(() => approval.isChecked()).toBe(true);
    await screenshot(page, 'invite-08-approval-on');

    const link = await issueInvite(page, accountPath, '運用担当者(配信権限なし)');

    const { page: invitee, failures } = await phone(third);
    await invitee.goto(link);
    await invitee.getByText('参加には管理者の承認が必要です', { exact: false }).waitFor();
    await invitee.getByRole('button', { name: '参加する', exact: true }).click();
    await invitee.getByRole('heading', { name: '管理者の承認待ちです' }).waitFor();
    await screenshot(invitee, 'invite-09-awaiting');

    await page.goto(accountPath);
    await page.getByRole('heading', { name: '参加リクエスト' }).waitFor();
    await screenshot(page, 'invite-10-request');
    await page.getByRole('button', { name: `承認: ${third.displayName}` }).click();
    const row = memberRow(page, third.displayName).filter({ hasText: '配信権限なし' });
    await row.waitFor();
    await expect.poll(() => page.getByRole('heading', { name: '参加リクエスト' }).count()).toBe(0);
    await screenshot(page, 'invite-11-approved');

    // The invitee, opening the link again, sees where it stands now.
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: 'この招待で参加済みです' }).waitFor();
    expect(failures).toEqual([]);
  });

  it('gives a used, revoked, declined or broken link its own screen', async () => {
    // The invitee opening their used link again: it is theirs, and they are in.
    const { page: staffPage } = await phone(staff);
    await staffPage.goto(firstLink);
    await staffPage.getByRole('heading', { name: 'この招待で参加済みです' }).waitFor();
    await staffPage.getByRole('link', { name: 'アカウントを開く' }).waitFor();

    // Someone else with the same link: one invite, one person.
    const { page: other } = await phone(newLineUser('吉田 翔'));
    await other.goto(firstLink);
    await other.getByRole('heading', { name: 'この招待リンクはすでに使われています' }).waitFor();
    await screenshot(other, 'invite-12-used');

    // A revoked invite.
    const { page } = adminPhone;
    const revoked = await issueInvite(page, accountPath, '運用担当者(分析の閲覧権限なし)');
    await page.goto(accountPath);
    await page.getByText('残り23時間').waitFor();
    await page.getByRole('button', { name: '取り消す' }).click();
    await page.getByRole('dialog').getByRole('button', { name: '取り消す' }).click();
    await page.getByText('招待中の人はいません').waitFor();
    await other.goto(revoked);
    await other.getByRole('heading', { name: 'この招待は取り消されました' }).waitFor();
    await screenshot(other, 'invite-13-revoked');

    // A declined one.
    const declined = await issueInvite(page, accountPath, '運用担当者');
    await other.goto(declined);
    await other.getByRole('button', { name: '辞退' }).click();
    await other.getByRole('dialog').getByRole('button', { name: '辞退する' }).click();
    await other.getByRole('heading', { name: '招待を辞退しました' }).waitFor();
    await screenshot(other, 'invite-14-declined');

    // A member opening someone else's pending invite leaves it usable.
    const pending = await issueInvite(page, accountPath, '運用担当者');
    await staffPage.goto(pending);
    await staffPage.getByRole('heading', { name: 'すでにメンバーです' }).waitFor();

    // A link cut short.
    await other.goto('/invite?token=abc');
    await other.getByRole('heading', { name: '招待リンクが正しくありません' }).waitFor();
    await screenshot(other, 'invite-15-invalid');
  });
});
