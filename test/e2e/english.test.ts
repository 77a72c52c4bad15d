import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ROLE_NAMES_EN } from '../../worker/authz/role-names.ts';
import { type MockLineUser, screenshot, usePhones } from './browser';

// A LINE user whose LINE is in English (LIFF's getAppLanguage) gets Kengen in English: the page is
// <html lang="en"> from the app's first frame, every screen's words are English, and role names are
// ROLE_NAMES_EN's. The phone itself stays Japanese (locale ja-JP): LINE's language decides, not the browser's.
// Only the demo seed's data (カフェ花 渋谷店, 山田 花子) stays Japanese. Nothing here changes the seed: the
// forms are submitted empty and the broadcast is cancelled at its confirmation.

const phone = usePhones();

const demo = (n: number, displayName: string): MockLineUser => ({
  userId: `Udemo000000000000000000000000000${n}`,
  displayName,
});
const hanako = demo(1, '山田 花子');
const sakura = demo(5, '田中 さくら');

const SHIBUYA = '/accounts/5a1b0000-0000-4000-8000-000000000001';
const SHINJUKU = '/accounts/5a1b0000-0000-4000-8000-000000000002';
const GROUP = '/groups/5a1b0000-0000-4000-8000-000000000004';
const OVERDUE_REVIEW = '/reviews/5a1b0000-0000-4000-8000-000000000101';

/** The seed's names: data, which stays as its people wrote it, unlike the app's own words. */
const DATA = [
  'カフェ花 渋谷店',
  'カフェ花 新宿店',
  'カフェ花 オンラインショップ',
  'カフェ花 首都圏',
  '山田 花子',
  '佐藤 健',
  '鈴木 美咲',
  '高橋 翔',
  '田中 さくら',
  '伊藤 大輔',
];

const ENGLISH_ROLES = new Set([
  ...Object.values(ROLE_NAMES_EN.account),
  ...Object.values(ROLE_NAMES_EN.group),
]);

/** Kana, kanji and full-width forms: none may remain once the data is taken out. */
const JAPANESE = /[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]+/g;

// Each document records its #app as "lang:boot" (index.html's spinner, before LIFF says the language) or
// "lang:app" (what the app rendered), at every change, before the browser paints it.
function recordFrames(): void {
  const frames: string[] = [];
  (window as unknown as { kengenFrames: string[] }).kengenFrames = frames;
  new MutationObserver(() => {
    const content = document.getElementById('app')?.textContent?.trim();
    if (!content) return;
    const frame = `${document.documentElement.lang}:${content === '読み込み中…' ? 'boot' : 'app'}`;
    if (frames.at(-1) !== frame) frames.push(frame);
  }).observe(document, {
    childList: true,
    subtree: true,
    characterData: true,
    attributes: true,
    attributeFilter: ['lang'],
  });
}

async function openEnglish(user: MockLineUser) {
  const opened = await phone(user, { lang: 'en-US' });
  await opened.page.addInitScript(recordFrames);
  return opened;
}

/** The app's frames since the page loaded: every one it rendered was English. */
async function expectEnglishFromFirstFrame(page: Page): Promise<void> {
  const frames = await page.evaluate(() => (window as unknown as { kengenFrames: string[] }).kengenFrames);
  expect(frames.filter((frame) => frame.endsWith(':app'))).not.toHaveLength(0);
  expect(frames.filter((frame) => frame.endsWith(':app') && frame !== 'en:app')).toEqual([]);
  expect(await page.locator('html').getAttribute('lang')).toBe('en');
}

/**
 * The Japanese left on the screen once the seed's names are taken out: its text (hidden dialogs and
 * screen-reader text too), accessible names, alternative texts, placeholders and the document's title.
 */
async function japaneseChrome(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const app = document.getElementById('app');
    if (!app) return '';
    const copy = app.cloneNode(true) as HTMLElement;
    // An avatar's initial is the first character of a name, and a sent message's preview is what its sender
    // wrote (other tests send some): data too.
    for (const data of Array.from(copy.querySelectorAll('.avatar-initials, .delivery-preview'))) {
      data.textContent = '';
    }
    const attributes = Array.from(
      app.querySelectorAll('[aria-label], [title], [alt], [placeholder]'),
    ).flatMap((element) =>
      ['aria-label', 'title', 'alt', 'placeholder'].map((name) => element.getAttribute(name) ?? ''),
    );
    return [document.title, copy.textContent ?? '', ...attributes].join('\n');
  });
  const withoutData = DATA.reduce((rest, name) => rest.replaceAll(name, ' '), text);
  return withoutData.match(JAPANESE) ?? [];
}

/** Opens a screen as a fresh start (a deep link), waits for its main heading and checks its language. */
async function visit(page: Page, path: string, heading: string | RegExp): Promise<void> {
  await page.goto(path);
  await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
  await expectEnglishFromFirstFrame(page);
}

/** Every role badge on the screen names a role as ROLE_NAMES_EN does. */
async function roleBadges(page: Page): Promise<string[]> {
  const badges = await page.locator('.badge').allTextContents();
  return badges.filter((badge) => !['Verified', 'On', 'Off', 'Not connected'].includes(badge));
}

describe('Kengen in English, for a LINE user whose LINE is in English', () => {
  it('shows the demo owner every screen in English, with LINE’s role names in English', async () => {
    const { page, failures } = await openEnglish(hanako);

    // ホーム: the waiting review, the accounts with their roles and the single-admin flag.
    await visit(page, '/', 'Home');
    const waiting = page.getByRole('region', { name: 'Waiting for you' });
    await waiting.getByRole('heading', { name: /^Access reviews/ }).waitFor();
    await waiting
      .getByRole('link', { name: /カフェ花 オンラインショップ/ })
      .getByText(/Overdue \(due \w+ \d+, \d{4}\)$/)
      .waitFor();
    await page.getByRole('heading', { name: 'Accounts', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'Groups', level: 2 }).waitFor();
    await page.getByRole('link', { name: 'Register an account' }).first().waitFor();
    await page.getByRole('link', { name: /^Access overview/ }).waitFor();
    await page.getByText('Only one direct admin').first().waitFor();
    for (const japanese of ['ホーム', 'アカウント', 'グループ', 'あなたの対応待ち']) {
      expect(await page.getByRole('heading', { name: japanese }).count()).toBe(0);
    }
    expect(await roleBadges(page)).toEqual(expect.arrayContaining(['Admin', 'Group admin']));
    await screenshot(page, 'english-01-home');
    expect(await japaneseChrome(page)).toEqual([]);

    // An account with one direct admin: its role, what it allows, the warning, the connected channel and
    // its statistics, its members with their roles.
    await visit(page, SHINJUKU, 'カフェ花 新宿店');
    await page.getByText('Your role', { exact: true }).waitFor();
    await page.getByText('You can', { exact: true }).waitFor();
    const capabilities = await page.locator('.chips .chip').allTextContents();
    expect(capabilities).toEqual([
      'Manage members and invites',
      'Change settings',
      'Send messages',
      'Create and edit messages',
      'View statistics',
      'Chat',
      'See own access and admins',
    ]);
    const warning = page.locator('.warning').filter({ hasText: 'Only one direct admin' });
    await warning
      .getByText('If the admin becomes unavailable, nobody can manage the members. Add a second admin.')
      .waitFor();
    await warning.getByText('Admins through a group do not count.').waitFor();
    await warning.getByRole('link', { name: 'Add a second admin' }).waitFor();
    const channel = page.getByRole('region', { name: 'Messaging API' });
    await channel.getByText('Verified').waitFor();
    await channel.getByRole('link', { name: 'Write a message' }).waitFor();
    await page.getByRole('region', { name: 'Statistics' }).getByText('Friends', { exact: true }).waitFor();
    const members = page.getByRole('region', { name: 'Members' });
    await members.getByText(/^\d+ \/ 100 people$/).waitFor();
    await members
      .getByRole('listitem')
      .filter({ hasText: '田中 さくら' })
      .getByText(ROLE_NAMES_EN.account.operator_no_stats)
      .waitFor();
    for (const japanese of ['メンバー', '分析', '棚卸し', '招待']) {
      expect(await page.getByRole('heading', { name: japanese }).count()).toBe(0);
    }
    await screenshot(page, 'english-02-account');
    expect(await japaneseChrome(page)).toEqual([]);

    // Every role name of an account, as a member list shows them.
    await visit(page, SHIBUYA, 'カフェ花 渋谷店');
    const shibuyaMembers = page.getByRole('region', { name: 'Members' });
    for (const [name, role] of [
      ['佐藤 健', ROLE_NAMES_EN.account.admin],
      ['鈴木 美咲', ROLE_NAMES_EN.account.operator],
      ['高橋 翔', ROLE_NAMES_EN.account.operator_no_broadcast],
    ] as const) {
      await shibuyaMembers.getByRole('listitem').filter({ hasText: name }).getByText(role).waitFor();
    }
    expect(await japaneseChrome(page)).toEqual([]);

    // A group: its roles are the group roles, and what they grant on each account.
    await visit(page, GROUP, 'カフェ花 首都圏');
    await page.getByRole('region', { name: 'Members' }).getByText(ROLE_NAMES_EN.group.operator).waitFor();
    await page.getByText(`On each account in the group (as ${ROLE_NAMES_EN.account.admin})`).waitFor();
    const badges = await roleBadges(page);
    expect(badges).toContain(ROLE_NAMES_EN.group.admin);
    expect(badges.filter((badge) => !ENGLISH_ROLES.has(badge))).toEqual([]);
    expect(await japaneseChrome(page)).toEqual([]);

    // Registering an account: the form and its message, sent empty.
    await visit(page, '/accounts/new', 'Register an account');
    await page.getByLabel('Basic ID (optional)').waitFor();
    await page.getByRole('button', { name: 'Register' }).click();
    await page.getByText('Enter the account name.').waitFor();
    await screenshot(page, 'english-03-register');
    expect(await japaneseChrome(page)).toEqual([]);

    // アクセス一覧 and one person's access from it.
    await visit(page, '/access', 'Access overview');
    await page.getByRole('searchbox', { name: 'Search by name' }).waitFor();
    await page.getByText('Access reviews past their due date').waitFor();
    await page.getByRole('link', { name: /カフェ花 オンラインショップ.*Continue the review/ }).waitFor();
    await page.getByText(/^\d+ people shown · \d+ accounts and groups you administer$/).waitFor();
    await screenshot(page, 'english-04-access');
    expect(await japaneseChrome(page)).toEqual([]);
    await page.getByRole('link', { name: /田中 さくら/ }).click();
    await page.getByRole('heading', { name: '田中 さくら', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Accounts and groups they can reach' }).waitFor();
    await page.locator('.badge').getByText(ROLE_NAMES_EN.account.operator_no_stats).waitFor();
    await page.getByRole('button', { name: 'Remove all access' }).waitFor();
    expect(await japaneseChrome(page)).toEqual([]);

    // The overdue review of the seed (looked at, not decided).
    await visit(page, OVERDUE_REVIEW, 'Access review');
    await page.getByText(/^Started by the schedule on \w+ \d+, \d{4}$/).waitFor();
    await page
      .getByText(/Overdue/)
      .first()
      .waitFor();
    await page
      .getByText(/^\d+ of \d+ reviewed/)
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Keep', exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Complete the review' }).waitFor();
    await screenshot(page, 'english-05-review');
    expect(await japaneseChrome(page)).toEqual([]);

    // Messaging API: connecting (sent empty) and writing a message up to the broadcast's confirmation.
    await visit(page, `${SHINJUKU}/channel`, 'Connect the Messaging API');
    await page.getByRole('heading', { name: 'Where to find the token' }).waitFor();
    await page.getByLabel('Channel access token (long-lived)').waitFor();
    await page.getByRole('button', { name: 'Connect and verify' }).click();
    await page.getByText('Enter the channel access token.').waitFor();
    expect(await japaneseChrome(page)).toEqual([]);

    await visit(page, `${SHINJUKU}/broadcast`, 'Write a message');
    await page.getByRole('button', { name: 'Broadcast' }).click();
    await page.getByText('Enter a message.').waitFor();
    await page.getByRole('textbox', { name: 'Message 1' }).fill('Seasonal tarts today');
    await page.getByText('20 / 5,000').waitFor();
    await page.getByRole('region', { name: 'Preview' }).getByText('Seasonal tarts today').waitFor();
    await page.getByRole('button', { name: 'Send a test to myself' }).waitFor();
    await page.getByRole('button', { name: 'Broadcast' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('heading', { name: /^Broadcast to [\d,]+ friends$/ }).waitFor();
    await dialog
      .getByText(/^Targeted reach on \w+ \d+, \d{4} \(the friends LINE can deliver to\)\.$/)
      .waitFor();
    await dialog.getByText(/Left this month: [\d,]+ messages/).waitFor();
    await dialog.getByText(/^This broadcast uses about [\d,]+ of them\.$/).waitFor();
    await dialog.getByText('Broadcasts 1 message right away. A broadcast cannot be undone.').waitFor();
    await screenshot(page, 'english-06-broadcast-confirm');
    expect(await japaneseChrome(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });

    expect(failures).toEqual([]);
  });

  it('tells an operator without statistics their role in English, and shows no statistics', async () => {
    const { page, failures } = await openEnglish(sakura);
    await visit(page, SHINJUKU, 'カフェ花 新宿店');
    await page.locator('.facts').getByText(ROLE_NAMES_EN.account.operator_no_stats).waitFor();
    expect(await page.locator('.chips .chip').allTextContents()).not.toContain('View statistics');
    await page.getByRole('region', { name: 'Messaging API' }).getByText('Verified').waitFor();
    await page.getByRole('region', { name: 'Members' }).waitFor();
    expect(await page.getByRole('region', { name: 'Statistics' }).count()).toBe(0);
    expect(await roleBadges(page)).toEqual(expect.arrayContaining([ROLE_NAMES_EN.account.operator_no_stats]));
    await screenshot(page, 'english-07-operator-no-stats');
    expect(await japaneseChrome(page)).toEqual([]);
    expect(failures).toEqual([]);
  });
});
