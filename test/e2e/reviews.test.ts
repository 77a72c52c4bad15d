import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, grant, newLineUser, type Phone, registerAccount, screenshot, usePhones } from './browser';

// SPEC §10 at a phone: an admin runs the access review (棚卸し) of an account with five people and removes
// one; ホーム shows the open review; the finished review downloads as CSV. Fresh users and accounts: other
// files share the server.

const phone = usePhones();

/** The controls of the screen a thumb taps that are smaller than 44 × 44 px, by name (as phone-feedback). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, a.button, a.row, select'))
      .filter((element) => element.getClientRects().length > 0 && !element.closest('dialog:not([open])'))
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ element, box }) => `${element.textContent?.trim()} ${box.width}×${box.height}`),
  );
}

function person(page: Page, name: string) {
  return page.getByRole('group', { name });
}

describe('access review (棚卸し): an admin keeps four people and removes one', () => {
  const owner = newLineUser('森 真理子');
  const people = [
    { user: newLineUser('中村 翔'), role: 'admin' },
    { user: newLineUser('斉藤 未来'), role: 'operator' },
    { user: newLineUser('退職 花子'), role: 'operator_no_broadcast' },
    { user: newLineUser('林 修'), role: 'operator_no_stats' },
  ];
  const leaver = people[2]?.user ?? owner;
  const accountName = `森ベーカリー ${Date.now().toString(36)}`;
  let ownerPhone: Phone;
  let accountPath = '';

  it('starts a review from the account page, and ホーム lists it under あなたの対応待ち', async () => {
    ownerPhone = await phone(owner);
    const { page } = ownerPhone;
    accountPath = await registerAccount(page, accountName);
    const ownerApi = await apiAs(owner);
    for (const { user, role } of people) await grant(ownerApi, await apiAs(user), `/api${accountPath}`, role);

    await page.goto(accountPath);
    const section = page.getByRole('region', { name: '棚卸し', exact: true });
    // The default cadence, which an admin may change.
    const cadence = section.getByRole('combobox', { name: '棚卸しの頻度' });
    await cadence.waitFor();
    expect(await cadence.inputValue()).toBe('90');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'reviews-01-account-section');
    await section.getByRole('button', { name: '棚卸しを始める' }).click();
    await page.getByRole('heading', { name: '棚卸し', level: 1 }).waitFor();
    await page.getByText('5人中 0人確認済み').waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/reviews\/[0-9a-f-]{36}$/);
    const reviewPath = new URL(page.url()).pathname;

    await page.goto('/');
    const waiting = page.getByRole('region', { name: 'あなたの対応待ち' });
    await waiting.getByText('棚卸し(アクセスの見直し)').waitFor();
    await waiting
      .getByRole('link', { name: new RegExp(accountName) })
      .getByText(/^期限 /)
      .waitFor();
    await screenshot(page, 'reviews-02-home-waiting');
    await waiting.getByRole('link', { name: new RegExp(accountName) }).click();
    await page.getByText('5人中 0人確認済み').waitFor();
    expect(new URL(page.url()).pathname).toBe(reviewPath);

    // The account page now offers to continue it; a second start would have been refused (REVIEW_OPEN).
    await page.goto(accountPath);
    await page.getByRole('link', { name: '棚卸しを続ける' }).click();
    await page.getByText('5人中 0人確認済み').waitFor();
    expect(ownerPhone.failures).toEqual([]);
  });

  it('shows each person with role, source, since and last sign-in, and decides them one tap each', async () => {
    const { page } = ownerPhone;
    for (const name of [owner.displayName, ...people.map(({ user }) => user.displayName)]) {
      const row = page.getByRole('listitem').filter({ has: person(page, name) });
      await row.getByText('直接', { exact: false }).first().waitFor();
      await row.getByText(/から$/).waitFor();
      await row
        .getByText(/最終ログイン|ログイン記録なし/)
        .first()
        .waitFor();
    }
    const leaverRow = page.getByRole('listitem').filter({ has: person(page, leaver.displayName) });
    await leaverRow.getByText('運用担当者(配信権限なし)').first().waitFor();
    await screenshot(page, 'reviews-03-review-open');
    expect(await smallTargets(page)).toEqual([]);

    await person(page, leaver.displayName).getByRole('button', { name: '外す' }).tap();
    await page.getByText('5人中 1人確認済み').waitFor();
    expect(
      await person(page, leaver.displayName)
        .getByRole('button', { name: '外す' })
        .getAttribute('aria-pressed'),
    ).toBe('true');
    await person(page, owner.displayName).getByRole('button', { name: '残す' }).tap();
    await page.getByText('5人中 2人確認済み').waitFor();
    // Undecided people block the completion; 「残りをすべて残す」 keeps them.
    expect(await page.getByRole('button', { name: '棚卸しを完了する' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: '残りをすべて残す' }).tap();
    await page.getByText('5人中 5人確認済み').waitFor();
    await page.getByText('残す 4人 · 外す 1人').waitFor();
    expect(ownerPhone.failures).toEqual([]);
  });

  it('completes with a confirmation that says who is removed, and shows the result read-only', async () => {
    const { page } = ownerPhone;
    await page.getByRole('button', { name: '棚卸しを完了する' }).tap();
    const dialog = page.getByRole('dialog', { name: '棚卸しを完了しますか?' });
    await dialog.getByText('1人の権限を削除します').waitFor();
    await dialog.getByText(leaver.displayName).waitFor();
    await dialog.getByText('4人は残します。').waitFor();
    await screenshot(page, 'reviews-04-confirm');
    await dialog.getByRole('button', { name: '完了する' }).tap();

    await page.getByRole('status').filter({ hasText: '棚卸しを完了しました' }).waitFor();
    const removed = page.getByRole('region', { name: '外した人' });
    await removed.getByText(leaver.displayName).waitFor();
    const kept = page.getByRole('region', { name: '残した人' });
    expect(await kept.getByRole('listitem').count()).toBe(4);
    await page.getByRole('region', { name: '外せなかった人' }).getByText('いません').waitFor();
    expect(await page.getByRole('button', { name: '残す' }).count()).toBe(0);
    await page.getByText(`${owner.displayName}さんが完了`, { exact: false }).waitFor();
    await screenshot(page, 'reviews-05-result');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: '棚卸しの記録をCSVで書き出す' }).tap();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`棚卸し_${accountName}.csv`);
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv).toContain('判定');
    expect(csv).toMatch(new RegExp(`${leaver.displayName}.*外す`));

    // A reload shows the same completed review, read-only.
    await page.reload();
    await page.getByText('この棚卸しは完了しているため、判定は変更できません。').waitFor();
    await page.getByRole('region', { name: '外した人' }).getByText(leaver.displayName).waitFor();

    // The account page: the person is gone, and the next review can be started.
    await page.goto(accountPath);
    await page
      .getByRole('region', { name: '棚卸し', exact: true })
      .getByRole('button', { name: '棚卸しを始める' })
      .waitFor();
    expect(await page.getByRole('listitem').filter({ hasText: leaver.displayName }).count()).toBe(0);
    // The section keeps the completed review, with what it did and its CSV.
    const past = page.getByRole('region', { name: '完了した棚卸し' });
    await past.getByText('残す 4人 · 外した 1人 · 外せず 0人').waitFor();
    await past.scrollIntoViewIfNeeded();
    await screenshot(page, 'reviews-06-past');
    const again = page.waitForEvent('download');
    await past.getByRole('button', { name: /に完了した棚卸しをCSVで書き出す$/ }).tap();
    expect((await again).suggestedFilename()).toBe(`棚卸し_${accountName}.csv`);
    expect(ownerPhone.failures).toEqual([]);
  });

  it('changes the cadence, and opens the review another admin started meanwhile (409 REVIEW_OPEN)', async () => {
    const { page } = ownerPhone;
    const section = page.getByRole('region', { name: '棚卸し', exact: true });
    const saved = page.waitForResponse((response) => response.request().method() === 'PATCH');
    await section.getByRole('combobox', { name: '棚卸しの頻度' }).selectOption('180');
    expect((await saved).status()).toBe(200);
    await page.reload();
    const cadence = page
      .getByRole('region', { name: '棚卸し', exact: true })
      .getByRole('combobox', { name: '棚卸しの頻度' });
    await cadence.waitFor();
    expect(await cadence.inputValue()).toBe('180');

    // The owner's page still offers to start one; a co-admin starts it first.
    const coAdmin = people[0]?.user ?? owner;
    await (await apiAs(coAdmin))('POST', `/api${accountPath}/reviews`);
    await section.getByRole('button', { name: '棚卸しを始める' }).tap();
    await page.getByText(`${coAdmin.displayName}さんが開始`, { exact: false }).waitFor();
    await page.getByText('4人中 0人確認済み').waitFor();
    expect(ownerPhone.failures.filter((failure) => !/409/.test(failure))).toEqual([]);
  });

  it('is not found for someone who is not an admin of the account', async () => {
    const staff = people[1]?.user ?? owner;
    const { page, failures } = await phone(staff);
    await page.goto(`/reviews/00000000-0000-4000-8000-000000000000`);
    await page.getByRole('heading', { name: '棚卸しが見つかりません', level: 1 }).waitFor();
    expect(failures.filter((failure) => !/404/.test(failure))).toEqual([]);
  });
});

describe('an auditor asks for more than the 20 newest reviews: 「さらに表示」 on the account page', () => {
  const owner = newLineUser('監査 対応子');
  const accountName = `記録の長い店 ${Date.now().toString(36)}`;

  it('lists the older completed reviews page by page, and the oldest one’s CSV downloads', async () => {
    const { page, failures } = await phone(owner);
    const accountPath = await registerAccount(page, accountName);
    const api = await apiAs(owner);
    // 21 reviews, each completed: one more than a page.
    for (let i = 0; i < 21; i++) {
      const { review } = await api<{ review: { id: string } }>('POST', `/api${accountPath}/reviews`);
      await api('POST', `/api/reviews/${review.id}/keep-rest`);
      await api('POST', `/api/reviews/${review.id}/complete`);
    }

    await page.goto(accountPath);
    const past = page.getByRole('region', { name: '完了した棚卸し' });
    const csvButtons = past.getByRole('button', { name: /に完了した棚卸しをCSVで書き出す$/ });
    await csvButtons.first().waitFor();
    expect(await csvButtons.count()).toBe(20);
    const more = past.getByRole('button', { name: 'さらに表示' });
    await more.scrollIntoViewIfNeeded();
    await screenshot(page, 'reviews-09-past-more');
    await more.tap();
    await csvButtons.nth(20).waitFor();
    expect(await csvButtons.count()).toBe(21);
    // That was the last page: the button goes.
    await more.waitFor({ state: 'detached' });

    const download = page.waitForEvent('download');
    await csvButtons.last().tap();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`棚卸し_${accountName}.csv`);
    const csv = readFileSync(await file.path(), 'utf8');
    expect(csv).toContain(owner.displayName);
    expect(failures).toEqual([]);
  });
});

// The demo seed (worker/dev/seed.ts) holds a review the schedule opened 100 days ago that nobody finished.
describe('an overdue review: the demo owner’s カフェ花 オンラインショップ', () => {
  const demoOwner = { userId: 'Udemo0000000000000000000000000001', displayName: '山田 花子' };

  it('ホーム flags it 期限切れ, and a tap opens the review, opened by the schedule and past its deadline', async () => {
    const { page, failures } = await phone(demoOwner);
    await page.goto('/');
    const waiting = page.getByRole('region', { name: 'あなたの対応待ち' });
    const row = waiting.getByRole('link', { name: /カフェ花 オンラインショップ/ });
    // After the ⚠ the screen reader skips.
    await row.getByText(/期限切れ\(/).waitFor();
    await screenshot(page, 'reviews-07-home-overdue');
    await row.tap();
    await page.getByRole('heading', { name: '棚卸し', level: 1 }).waitFor();
    await page.getByText('スケジュールで自動的に開始', { exact: false }).waitFor();
    await page.getByText('期限を過ぎています', { exact: false }).waitFor();
    await page.getByText('2人中 0人確認済み').waitFor();
    expect(new URL(page.url()).pathname).toBe('/reviews/5a1b0000-0000-4000-8000-000000000101');

    // アクセス一覧 lists it too, as the server counts what is overdue.
    await page.goto('/access');
    const overdue = page.locator('.warning').filter({ hasText: '棚卸しの期限が過ぎています' });
    await overdue
      .getByRole('link', { name: /カフェ花 オンラインショップ/ })
      .getByText(/棚卸しを続ける$/)
      .waitFor();
    await screenshot(page, 'reviews-08-access-overdue');
    expect(failures).toEqual([]);
  });
});
