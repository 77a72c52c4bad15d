import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs, newLineUser, screenshot, usePhones } from './browser';

// Issue 14 at a phone: a flaky network never takes the app away, every tap shows at once that it is working,
// thumbs reach every control, and the back button closes a dialog before it leaves a screen.

const phone = usePhones();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The controls a thumb taps on this screen that are smaller than 44 × 44 px (WCAG 2.5.5), by name. */
async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = 'button, a.button, a.row, [role="switch"], input, select, summary, .brand';
    return Array.from(document.querySelectorAll<HTMLElement>(selector))
      .filter((element) => element.getClientRects().length > 0 && !element.closest('dialog:not([open])'))
      .map((element) => ({ element, box: element.getBoundingClientRect() }))
      .filter(({ box }) => box.width < 44 || box.height < 44)
      .map(
        ({ element, box }) =>
          `${element.textContent?.trim() || element.outerHTML.slice(0, 60)} ${box.width}×${box.height}`,
      );
  });
}

describe('a phone on a flaky, slow network', () => {
  const owner = newLineUser('松本 さくら');

  it('shows its own error state with 再試行 when a screen cannot load offline, and opens it once online', async () => {
    const api = await apiAs(owner);
    await api('POST', '/api/accounts', { name: '松本ベーカリー' });
    const { page, failures } = await phone(owner);
    // ホーム, once idle, fetches the code of the screen most often opened next: an account's page.
    const prefetched = page.waitForRequest(/\/assets\/Resource-[^/]+\.js$/);
    await page.goto('/');
    await page.getByText('松本ベーカリー').waitFor();
    await prefetched;
    // Marks this document: a reload (what the app used to do) would lose it.
    await page.evaluate(() => Object.assign(window, { stillTheSameApp: true }));

    await page.context().setOffline(true);
    await page.getByRole('link', { name: 'アカウントを登録' }).first().tap();
    const failed = page.getByRole('alert').filter({ hasText: 'この画面を読み込めませんでした' });
    await failed.waitFor();
    await failed.getByText('通信できませんでした', { exact: false }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/accounts/new');
    expect(await page.evaluate(() => 'stillTheSameApp' in window)).toBe(true);
    await screenshot(page, 'feedback-01-offline-screen');

    await page.context().setOffline(false);
    await failed.getByRole('button', { name: '再試行' }).tap();
    await page.getByRole('heading', { name: 'アカウントを登録', level: 1 }).waitFor();
    expect(await page.evaluate(() => 'stillTheSameApp' in window)).toBe(true);
    // The failed imports are the only errors the browser logs.
    expect(
      failures.filter((failure) => !/Failed to (fetch|load)|ERR_INTERNET_DISCONNECTED/.test(failure)),
    ).toEqual([]);
  });

  it('shows the progress bar while a screen loads and a busy button while its request runs', async () => {
    const { page, failures } = await phone(owner);
    await page.goto('/');
    await page.getByText('松本ベーカリー').waitFor();

    // A slow mobile network: the code of アクセス一覧 takes 1.5 s to arrive.
    let chunkArrived = false;
    await page.route(/\/assets\/AccessOverview-[^/]+\.js$/, async (route) => {
      await sleep(1500);
      await route.continue();
      chunkArrived = true;
    });
    await page.getByRole('link', { name: 'アクセス一覧' }).first().click();
    await page.getByRole('progressbar').waitFor({ timeout: 500 });
    expect(chunkArrived).toBe(false);
    await screenshot(page, 'feedback-02-progress-bar');
    await page.getByRole('heading', { name: 'アクセス一覧', level: 1 }).waitFor();
    await page.getByRole('progressbar').waitFor({ state: 'detached' });

    // The API answers after 1.5 s: 登録する is busy (disabled, spinner, 登録しています…) from the tap on.
    await page.goto('/accounts/new');
    let answered = false;
    await page.route('**/api/accounts', async (route) => {
      await sleep(1500);
      await route.continue();
      answered = true;
    });
    await page.getByLabel('アカウント名').fill('松本ベーカリー 2号店');
    await page.getByRole('button', { name: '登録する' }).tap();
    const busy = page.locator('button[aria-busy="true"]');
    await busy.waitFor({ timeout: 500 });
    expect(answered).toBe(false);
    expect(await busy.isDisabled()).toBe(true);
    expect(await busy.textContent()).toBe('登録しています…');
    // The spinner is drawn by the one rule for every busy button.
    const spinner = await busy.evaluate((element) => getComputedStyle(element, '::before').animationName);
    expect(spinner).toBe('spin');
    await screenshot(page, 'feedback-03-busy-button');
    await page.getByRole('heading', { name: '松本ベーカリー 2号店', level: 1 }).waitFor();
    await page.unroute('**/api/accounts');
    expect(failures).toEqual([]);
  });
});

describe('a phone in the hand', () => {
  const admin = newLineUser('井上 真央');
  const asker = newLineUser('木村 拓');

  it('has 44 × 44 px targets, unbroken role badges and できること that do not look tappable', async () => {
    const adminApi = await apiAs(admin);
    const {
      account: { id },
    } = await adminApi<{ account: { id: string } }>('POST', '/api/accounts', { name: '井上商店' });
    await adminApi('PATCH', `/api/accounts/${id}`, { requireApproval: true });
    const { token } = await adminApi<{ token: string }>('POST', `/api/accounts/${id}/invites`, {
      role: 'operator_no_stats',
    });
    const askerApi = await apiAs(asker);
    await askerApi('POST', '/api/invites/accept', { token });

    const { page, failures } = await phone(admin);
    await page.goto('/');
    await page.getByText('井上商店').first().waitFor();
    expect(await smallTargets(page)).toEqual([]);

    await page.goto(`/accounts/${id}`);
    const approve = page.getByRole('button', { name: `承認: ${asker.displayName}` });
    await approve.waitFor();
    expect(await smallTargets(page)).toEqual([]);
    const box = await approve.boundingBox();
    expect(box?.width).toBeGreaterThanOrEqual(44);
    expect(box?.height).toBeGreaterThanOrEqual(44);

    // できること: plain text, no pointer, no button's border.
    const chip = page.locator('.chip').first();
    expect(await chip.evaluate((element) => getComputedStyle(element).cursor)).toBe('default');
    expect(await chip.evaluate((element) => getComputedStyle(element).borderStyle)).toBe('none');

    // The invitee's role, the longest name: it wraps only before its parenthesis.
    await adminApi('POST', `/api/requests/${await requestId(adminApi, id)}/approve`);
    await page.reload();
    const badge = page.locator('.badge').filter({ hasText: '分析の閲覧権限なし' }).first();
    await badge.waitFor();
    const lines = await badge.evaluate((element) => {
      const range = document.createRange();
      const text = Array.from(element.childNodes).filter((node) => node.nodeType === Node.TEXT_NODE);
      return text.map((node) => {
        range.selectNodeContents(node);
        return new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size;
      });
    });
    // Each part (運用担当者 / (分析の閲覧権限なし)) stays on one line.
    expect(lines.every((count) => count === 1)).toBe(true);
    await screenshot(page, 'feedback-04-account-targets');
    expect(failures).toEqual([]);
  });

  it('closes an open dialog with the back button and stays on the screen', async () => {
    const { page, failures } = await phone(admin);
    const adminApi = await apiAs(admin);
    const {
      account: { id },
    } = await adminApi<{ account: { id: string } }>('POST', '/api/accounts', { name: '井上商店 駅前' });
    await page.goto('/');
    await page.goto(`/accounts/${id}`);
    await page.getByRole('button', { name: 'このアカウントから抜ける' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await dialog.getByText('グループ経由の管理者は数えません。').waitFor();
    await screenshot(page, 'feedback-05-dialog-open');
    await page.goBack();
    await dialog.waitFor({ state: 'hidden' });
    expect(new URL(page.url()).pathname).toBe(`/accounts/${id}`);
    await page.getByRole('heading', { name: '井上商店 駅前', level: 1 }).waitFor();

    // Closed with its own button, the dialog leaves no extra step behind: back leaves the screen.
    await page.getByRole('button', { name: 'このアカウントから抜ける' }).click();
    await dialog.waitFor();
    await dialog.getByRole('button', { name: '閉じる' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.waitForTimeout(100);
    await page.goBack();
    await page.waitForURL((url) => url.pathname !== `/accounts/${id}`);
    expect(failures).toEqual([]);
  });
});

async function requestId(api: Awaited<ReturnType<typeof apiAs>>, id: string): Promise<string> {
  const { requests } = await api<{ requests: { id: string }[] }>('GET', `/api/accounts/${id}/invites`);
  const first = requests[0];
  if (!first) throw new Error('no join request');
  return first.id;
}
