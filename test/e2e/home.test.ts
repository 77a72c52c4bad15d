import { describe, expect, it } from 'vitest';
import { apiAs, newLineUser, screenshot, usePhones } from './browser';

const phoneOf = usePhones();

/** ホーム shows the first FIRST_PAGE of a kind; past that, 「もっと見る」 and a search by name. */
const FIRST_PAGE = 5;
const ACCOUNTS = 12;
const storeName = (i: number) => `森田 ${String(i + 1).padStart(2, '0')}号店`;

describe('ホーム for someone with more accounts than a screen', () => {
  it('shows the totals and the first page, then more, and finds an account by name', async () => {
    const owner = newLineUser('森田 美咲');
    const api = await apiAs(owner);
    for (let i = 0; i < ACCOUNTS; i++) await api('POST', '/api/accounts', { name: storeName(i) });
    const { page, failures } = await phoneOf(owner);
    const accounts = page.getByRole('region', { name: 'アカウント' });
    const rows = accounts.getByRole('listitem');

    await page.goto('/');
    await accounts.getByText(`${ACCOUNTS}件`).waitFor();
    await rows.first().waitFor();
    expect(await rows.count()).toBe(FIRST_PAGE);
    // The owner administers them all: the access overview is offered.
    await page.getByRole('link', { name: /アクセス一覧/ }).waitFor();
    await screenshot(page, 'home-01-first-page');

    await accounts.getByRole('button', { name: 'もっと見る' }).click();
    await accounts.getByText(storeName(ACCOUNTS - 1)).waitFor();
    expect(await rows.count()).toBe(ACCOUNTS);
    expect(await accounts.getByRole('button', { name: 'もっと見る' }).count()).toBe(0);

    const search = accounts.getByRole('searchbox', { name: 'アカウント名で検索' });
    await search.fill('11号');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(storeName(10));
    await screenshot(page, 'home-02-search');

    await search.fill('大阪');
    await accounts.getByText('「大阪」に一致するものはありません').waitFor();
    await search.fill('');
    await expect.poll(() => rows.count()).toBe(ACCOUNTS);
    expect(failures).toEqual([]);
  });
});
