import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { type MockLineUser, type Phone, screenshot, usePhones } from './browser';

// SPEC §9 at a phone: an admin connects カフェ花 渋谷店's Messaging API channel (the local stand-in of LINE
// takes `standin-channel:<basicId>` as its token); an operator writes a message and broadcasts it after a
// confirmation that says how many friends it reaches; an operator without 配信 can only test-send, and is told
// why; an operator without 分析 sees no statistics. The demo seed's people and accounts: the E2E server's
// database is fresh, and no other file connects these accounts.

const phone = usePhones();

const SHIBUYA = '/accounts/5a1b0000-0000-4000-8000-000000000001';
const SHINJUKU = '/accounts/5a1b0000-0000-4000-8000-000000000002';
const demo = (n: number, displayName: string): MockLineUser => ({
  userId: `Udemo000000000000000000000000000${n}`,
  displayName,
});
const hanako = demo(1, '山田 花子');
const misaki = demo(3, '鈴木 美咲');
const sho = demo(4, '高橋 翔');
const sakura = demo(5, '田中 さくら');

/** The browser's own log line for an answer the test provoked on purpose (a 4xx). */
const provoked = (failure: string) => /status of 4\d\d/.test(failure);

/** The controls of the screen a thumb taps that are smaller than 44 × 44 px (as phone-feedback). */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, a.button, a.row, select, textarea, input'))
      .filter((element) => element.getClientRects().length > 0 && !element.closest('dialog:not([open])'))
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(({ element, box }) => `${element.textContent?.trim()} ${box.width}×${box.height}`),
  );
}

const channelSection = (page: Page) => page.getByRole('region', { name: 'Messaging API' });

async function broadcastsOf(basicId: string): Promise<{ messages: { text?: string }[] }[]> {
  const response = await fetch(
    `${inject('baseUrl')}/dev/line/broadcasts?basicId=${encodeURIComponent(basicId)}`,
  );
  expect(response.ok).toBe(true);
  const body = (await response.json()) as { broadcasts: { messages: { text?: string }[] }[] };
  return body.broadcasts;
}

describe('connected accounts: the roles gate real work (SPEC §9)', () => {
  const message = `本日のおすすめは季節のタルトです ${Date.now().toString(36)}`;

  it('lets an admin connect the channel with its token, refusing another account’s, and shows 確認済み', async () => {
    const { page, failures }: Phone = await phone(hanako);
    await page.goto(SHIBUYA);
    const section = channelSection(page);
    await section.getByText('未接続').waitFor();
    await section.getByRole('link', { name: 'Messaging APIを接続' }).click();
    await page.getByRole('heading', { name: 'Messaging APIを接続', level: 1 }).waitFor();
    // The demo build tells the stand-in's token for this account.
    await page.getByText('standin-channel:@cafehana-shibuya', { exact: true }).waitFor();
    const field = page.getByLabel('チャネルアクセストークン(長期)');
    expect(await field.getAttribute('type')).toBe('password');

    // Another shop's token: refused, naming both basic IDs.
    await field.fill('standin-channel:@cafehana-online');
    await page.getByRole('button', { name: '接続して確認' }).click();
    const refusal = page.getByRole('alert');
    await refusal.getByText('接続できませんでした').waitFor();
    expect(await refusal.innerText()).toContain('@cafehana-shibuya');
    expect(await refusal.innerText()).toContain('@cafehana-online');
    await screenshot(page, 'channels-01-mismatch');

    await field.fill('standin-channel:@cafehana-shibuya');
    await page.getByRole('button', { name: '接続して確認' }).click();
    await page.getByRole('heading', { name: 'カフェ花 渋谷店', level: 1 }).waitFor();
    await section.getByText('確認済み').waitFor();
    await section.getByText('@cafehana-shibuya').waitFor();
    await section.getByRole('link', { name: 'メッセージを作成' }).waitFor();
    // An admin may view statistics: the stand-in's numbers for the shop.
    await page.getByRole('region', { name: '分析' }).getByText('友だち数').waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, 'channels-02-connected');
    expect(await smallTargets(page)).toEqual([]);
    expect(failures.filter((failure) => !provoked(failure))).toEqual([]);
  });

  it('lets an operator broadcast after a confirmation that says how many friends it reaches', async () => {
    const { page, failures } = await phone(misaki);
    await page.goto(SHIBUYA);
    await channelSection(page).getByRole('link', { name: 'メッセージを作成' }).click();
    await page.getByRole('heading', { name: 'メッセージを作成', level: 1 }).waitFor();
    // Nothing written: the first message says so.
    await page.getByRole('button', { name: '配信する' }).click();
    await page.getByText('メッセージを入力してください。').waitFor();
    await page.getByRole('textbox', { name: 'メッセージ1' }).fill(message);
    await page.getByText(`${message.length} / 5,000`).waitFor();
    await page.getByRole('button', { name: '+ メッセージを追加' }).click();
    await page.getByRole('textbox', { name: 'メッセージ2' }).fill('ご来店をお待ちしています');
    const preview = page.getByRole('region', { name: 'プレビュー' });
    await preview.getByText(message).waitFor();
    await preview.getByText('ご来店をお待ちしています').waitFor();
    expect(await smallTargets(page)).toEqual([]);
    await screenshot(page, 'channels-03-compose');

    await page.getByRole('button', { name: '配信する' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /^[\d,]+人の友だちに配信します$/ }).waitFor();
    await dialog.getByText(/今月の残り配信数: [\d,]+通/).waitFor();
    await dialog.getByText(/この配信で約[\d,]+通を使います。/).waitFor();
    await screenshot(page, 'channels-04-confirm');
    await dialog.getByRole('button', { name: '配信する' }).click();
    await page.getByRole('heading', { name: '配信しました' }).waitFor();
    await page.getByText(/2件のメッセージを配信しました/).waitFor();
    await screenshot(page, 'channels-05-sent');

    const received = await broadcastsOf('@cafehana-shibuya');
    expect(received.some((broadcast) => broadcast.messages.some((one) => one.text === message))).toBe(true);
    // The account's 分析 lists it among the latest sends.
    await page.getByRole('link', { name: 'アカウントに戻る' }).click();
    await page.getByRole('region', { name: '分析' }).getByText(message.slice(0, 20)).waitFor();
    expect(failures).toEqual([]);
  });

  it('shows an operator without 配信 no broadcast button, says why, and lets them test-send', async () => {
    const { page, failures } = await phone(sho);
    await page.goto(`${SHIBUYA}/broadcast`);
    await page.getByRole('heading', { name: 'メッセージを作成', level: 1 }).waitFor();
    await page
      .getByText('あなたの権限(運用担当者(配信権限なし))では配信できません。', { exact: false })
      .waitFor();
    expect(await page.getByRole('button', { name: '配信する' }).count()).toBe(0);
    await page.getByRole('textbox', { name: 'メッセージ1' }).fill('テスト送信の確認です');
    await page.getByRole('button', { name: '自分にテスト送信' }).click();
    await page.getByText(/あなたのLINEへテスト送信しました。/).waitFor();
    await screenshot(page, 'channels-06-no-broadcast');

    // The test send came to them from the shop's bot, as the demo's LINE view shows.
    await page.getByRole('link', { name: 'LINEでの表示を確認(デモ)' }).click();
    await page.getByText('テスト送信の確認です').waitFor();
    // As LINE shows it: the chat is the bot's, by its display name and picture (the stand-in's bot info).
    await page.getByRole('heading', { name: 'カフェ花 渋谷店', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'カフェ花 渋谷店' }).waitFor();
    expect(await page.locator('.line-sender').first().innerText()).toBe('カフェ花 渋谷店');
    const avatar = page.locator('img.line-avatar').first();
    await expect
      .poll(() => avatar.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0))
      .toBe(true);
    await screenshot(page, 'channels-07-line-view');
    expect(failures).toEqual([]);
  });

  it('shows an operator without 分析 the connected channel but no statistics', async () => {
    const { page, failures } = await phone(sakura);
    await page.goto(SHINJUKU);
    await page.getByRole('heading', { name: 'カフェ花 新宿店', level: 1 }).waitFor();
    await channelSection(page).getByText('確認済み').waitFor();
    await channelSection(page).getByRole('link', { name: 'メッセージを作成' }).waitFor();
    await page.getByRole('region', { name: 'メンバー' }).waitFor();
    expect(await page.getByRole('region', { name: '分析' }).count()).toBe(0);
    expect(await page.getByText('友だち数').count()).toBe(0);
    await screenshot(page, 'channels-08-no-stats');
    expect(failures).toEqual([]);
  });
});
