import liff from '@line/liff/core';
import GetAppLanguageModule from '@line/liff/get-app-language';
import GetIDTokenModule from '@line/liff/get-id-token';
import IsApiAvailableModule from '@line/liff/is-api-available';
import IsInClientModule from '@line/liff/is-in-client';
import IsLoggedInModule from '@line/liff/is-logged-in';
import LoginModule from '@line/liff/login';

// A literal comparison, so that production builds drop the mock branch and its dynamic import entirely.
const mock = import.meta.env.VITE_LIFF_MOCK === 'true';
// Requested while the rest of the entry chunk evaluates, not after it.
const mocking = mock ? import('./liff-mock') : null;

/** The LIFF mock's module in demo and development builds (its friendship with the bot, say); null in production. */
export const liffMock = mocking;

/**
 * Initialises LIFF and makes sure the user is logged in. Resolves only when the app may read the URL and
 * render: `liff.init` has applied any deep link carried by `liff.state`. While LINE Login redirects away,
 * it never resolves.
 */
export async function startLiff(): Promise<void> {
  // The mock plugin reads liff.isInClient while it installs, so that module goes first.
  liff.use(new IsInClientModule());
  liff.use(new IsLoggedInModule());
  liff.use(new LoginModule());
  liff.use(new GetIDTokenModule());
  liff.use(new GetAppLanguageModule());
  // Cheap: init already depends on its code. Share target picker, which is not, loads with the invite screen.
  liff.use(new IsApiAvailableModule());
  if (mocking) (await mocking).installMock(liff);

  const config = { liffId: import.meta.env.VITE_LIFF_ID, mock };
  await liff.init(config);
  if (!liff.isLoggedIn()) {
    login();
    return new Promise<never>(() => {});
  }
}

/** LINE Login, coming back to the screen the user is on (path and query, so deep links survive). */
export function login(): void {
  liff.login({ redirectUri: location.href });
}

/** The LINE ID token that the server verifies; the app never sends profile data as identity. */
export async function idToken(): Promise<string> {
  if (mocking) await (await mocking).refreshMockIdToken(liff);
  const token = liff.getIDToken();
  if (!token) throw new Error('LIFF returned no ID token: is the openid scope enabled for this LIFF app?');
  return token;
}

/**
 * The language of the user's LINE app (a BCP 47 tag): the app's dictionary, and, sent at sign-in, the
 * language of their LINE messages. LIFF's getLanguage (deprecated) is the browser's; this asks LINE itself
 * where it can (iOS) and falls back to the browser's, for some 80 bytes more.
 */
export function language(): string {
  return liff.getAppLanguage();
}
