import { mkdirSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { chromiumFlags, chromiumPath, phone } from '../../scripts/chromium.ts';

export const ARTIFACTS = 'test-results/e2e';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumFlags });
}

export interface MockLineUser {
  userId: string;
  displayName: string;
}

export interface PhoneOptions {
  /** The LIFF mock offers the share target picker, as LINE does in its own browser, and the clipboard is allowed. */
  share?: boolean;
  /** The language of the person's LINE app (LIFF's getAppLanguage, a BCP 47 tag); Japanese unless given. */
  lang?: string;
}

/** A phone-sized browser context signed in (through the LIFF mock) as the given LINE user. */
export async function phoneContext(
  browser: Browser,
  user: MockLineUser,
  options: PhoneOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ ...phone, baseURL: inject('baseUrl') });
  await context.addInitScript(
    ({ mockUser, lang }) => {
      localStorage.setItem('kengen:mockUser', JSON.stringify(mockUser));
      if (lang) localStorage.setItem('kengen:mockLang', lang);
    },
    { mockUser: user, lang: options.lang },
  );
  if (options.share) {
    await context.addInitScript(() => localStorage.setItem('kengen:mockShare', 'on'));
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  }
  return context;
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: `${ARTIFACTS}/${name}.png`, fullPage: true });
}

let counter = 0;
export function newLineUser(displayName: string): MockLineUser {
  counter += 1;
  return { userId: `Ue2e${Date.now().toString(16)}${counter}`, displayName };
}

export interface Phone {
  page: Page;
  /** Uncaught errors and console errors of the page: a journey should end with none. */
  failures: string[];
}

/** A new page of the context that records its failures. */
export async function openPhone(context: BrowserContext): Promise<Phone> {
  const page = await context.newPage();
  const failures: string[] = [];
  page.on('pageerror', (error) => failures.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') failures.push(message.text());
  });
  return { page, failures };
}

/** The Worker's API from Node, as one LINE user: the local issuer signs their ID token, as in the app. */
export async function apiAs(user: MockLineUser) {
  const base = inject('baseUrl');
  async function call<T>(method: string, path: string, body?: unknown, token?: string): Promise<T> {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        'Content-Type': 'application/json',
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }
  const { idToken } = await call<{ idToken: string }>('POST', '/dev/id-token', user);
  const { token } = await call<{ token: string }>('POST', '/api/session', { idToken });
  return <T>(method: string, path: string, body?: unknown) => call<T>(method, path, body, token);
}

export type Api = Awaited<ReturnType<typeof apiAs>>;

/** An admin invites through the API; the person accepts it as themself. */
export async function grant(admin: Api, person: Api, path: string, role: string): Promise<void> {
  const { token } = await admin<{ token: string }>('POST', `${path}/invites`, { role });
  await person('POST', '/api/invites/accept', { token });
}

/** Registers an account through the UI and returns the path of its page. */
export async function registerAccount(page: Page, name: string): Promise<string> {
  await page.goto('/accounts/new');
  await page.getByLabel('アカウント名').fill(name);
  await page.getByRole('button', { name: '登録する' }).click();
  await page.getByRole('heading', { name, level: 1 }).waitFor();
  return new URL(page.url()).pathname;
}

/** One Chromium for a test file and a phone per LINE user (see PhoneOptions), all closed after the file. */
export function usePhones(): (user: MockLineUser, options?: PhoneOptions) => Promise<Phone> {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });
  return async (user, options = {}) => {
    if (!browser)
      throw new Error('usePhones: the browser is not running (call it at the top of a test file)');
    const context = await phoneContext(browser, user, options);
    contexts.push(context);
    return openPhone(context);
  };
}
