import type { Liff } from '@line/liff/core';
import { type LiffMockApi, LiffMockPlugin } from '@line/liff-mock';
import { createClient } from './api/client';
import { read } from './api/errors';

// Loaded only by demo and development builds (see liff.ts): LIFF in mock mode, signed in as a local user
// whose ID token is signed by the Worker's development issuer, so the server verifies it like a real one.

type MockUser = { userId: string; displayName: string };

const demoOwner: MockUser = { userId: 'Udemo0000000000000000000000000001', displayName: '山田 花子' };

type MockedLiff = Liff & { $mock: LiffMockApi };

// The plugin is typed against the full SDK (`@line/liff`), but at run time it needs only liff.isInClient,
// which liff.ts installs first, so the pluggable core can take it.
type CorePlugin = Parameters<Liff['use']>[0];

function isMocked(liff: Liff): liff is MockedLiff {
  return '$mock' in liff;
}

/** E2E tests choose the user by setting `kengen:mockUser` in an init script. */
function mockUser(): MockUser {
  const stored = localStorage.getItem('kengen:mockUser');
  if (!stored) return demoOwner;
  const parsed: Partial<MockUser> = JSON.parse(stored);
  if (typeof parsed.userId !== 'string' || typeof parsed.displayName !== 'string') {
    throw new Error('kengen:mockUser must be JSON {userId, displayName}');
  }
  return { userId: parsed.userId, displayName: parsed.displayName };
}

export function installMock(liff: Liff): void {
  liff.use(new LiffMockPlugin() as unknown as CorePlugin);
  if (!isMocked(liff)) throw new Error('LiffMockPlugin did not install liff.$mock');
  // The mock's defaults are a logged-out, English-speaking user; the demo is a logged-in Japanese one
  // unless `kengen:mockLang` says otherwise.
  const language = localStorage.getItem('kengen:mockLang') ?? 'ja';
  // Like a desktop browser, the mock offers no share target picker, unless `kengen:mockShare` is 'on'
  // (E2E tests of the invite screen's "LINEで送る").
  const sharing = mockSharing();
  liff.$mock.set((previous) => ({
    ...previous,
    isLoggedIn: true,
    getAppLanguage: language,
    isApiAvailable: sharing,
    ...(sharing ? { shareTargetPicker: { status: 'success' as const } } : {}),
  }));
}

function mockSharing(): boolean {
  return localStorage.getItem('kengen:mockShare') === 'on';
}

function issueIdToken(user: MockUser): Promise<string> {
  return read(createClient().dev['id-token'].$post({ json: user })).then((body) => body.idToken);
}

// The first token is asked for while this chunk is still being evaluated, in parallel with liff.init;
// later sign-ins (a 401 renewal) ask for a fresh one.
let firstToken: Promise<string> | null = issueIdToken(mockUser());

export async function refreshMockIdToken(liff: Liff): Promise<void> {
  if (!isMocked(liff)) throw new Error('installMock was not called');
  const user = mockUser();
  // The mock's share target picker insists that liff.login was called, which a logged-in demo user skips.
  if (mockSharing()) liff.login();
  const idToken = await (firstToken ?? issueIdToken(user));
  firstToken = null;
  liff.$mock.set((previous) => ({ ...previous, getProfile: user, getIDToken: idToken }));
}

/**
 * The mock's getFriendship answers what the local stand-in of LINE knows: whether this user follows Kengen's
 * bot (the demo's people do; someone new does not until they add it).
 */
export async function refreshMockFriendship(liff: Liff): Promise<void> {
  if (!isMocked(liff)) throw new Error('installMock was not called');
  const { friendFlag } = await read(
    createClient().dev.line.friendship.$get({ query: { userId: mockUser().userId } }),
  );
  // Like its share target picker, the mock's getFriendship insists that liff.login was called.
  liff.login();
  liff.$mock.set((previous) => ({ ...previous, getFriendship: { friendFlag } }));
}

/**
 * Adding Kengen's bot as a friend (or blocking it) in the demo, where there is no LINE to open: the stand-in
 * of LINE calls Kengen's webhook with a signed follow (or unfollow) event, as LINE does.
 */
export async function mockFollow(follow: boolean): Promise<void> {
  await read(createClient().dev.line.follow.$post({ json: { userId: mockUser().userId, follow } }));
}
