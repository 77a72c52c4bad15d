import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, newLineUser, openPhone, phoneContext, screenshot } from './browser';

let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe('first journey: sign in with LINE, register an account, see who has access', () => {
  it('signs a new LINE user in, registers an account and shows them as its only 管理者', async () => {
    const user = newLineUser('中村 一郎');
    const context = await phoneContext(browser, user);
    const { page, failures } = await openPhone(context);

    await page.goto('/');
    await page.getByRole('heading', { name: 'ホーム' }).waitFor();
    await page.getByText('まだアカウントがありません').waitFor();
    await screenshot(page, '01-home-empty');

    await page.getByRole('link', { name: 'アカウントを登録' }).first().click();
    await page.getByLabel('アカウント名').fill('中村商店');
    await page.getByLabel('ベーシックID(任意)').fill('@nakamura');
    await screenshot(page, '02-register');
    await page.getByRole('button', { name: '登録する' }).click();

    await page.getByRole('heading', { name: '中村商店' }).waitFor();
    const me = page.getByRole('listitem').filter({ hasText: '中村 一郎' });
    await me.waitFor();
    expect(await me.textContent()).toContain('管理者');
    await page.getByText('管理者が1人だけです').first().waitFor();
    expect(new URL(page.url()).pathname).toMatch(/^\/accounts\/[0-9a-f-]{36}$/);
    await screenshot(page, '03-account');

    await page.goto('/');
    await page.getByText('中村商店').waitFor();
    await page.getByText('@nakamura').waitFor();
    await screenshot(page, '04-home-with-account');
    expect(failures).toEqual([]);
    await context.close();
  });

  it('shows the demo owner every account and group of the seed data, with roles and sources', async () => {
    const context = await phoneContext(browser, {
      userId: 'Udemo0000000000000000000000000006',
      displayName: '伊藤 大輔',
    });
    const page = await context.newPage();
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/api/')) apiCalls.push(`${request.method()} ${pathname}`);
    });
    await page.goto('/');
    await page.getByText('カフェ花 首都圏').first().waitFor();
    await page.getByText('カフェ花 渋谷店').first().waitFor();
    await page.getByText('「カフェ花 首都圏」経由').first().waitFor();
    // ホーム's data came with the sign-in: one API request for the whole first screen, also once it settles.
    await page.waitForLoadState('networkidle');
    expect(apiCalls).toEqual(['POST /api/session']);
    await screenshot(page, '05-home-via-group');
    await context.close();
  });
});
