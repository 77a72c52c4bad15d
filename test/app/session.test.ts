import { effect } from '@preact/signals';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import { createSessionModel } from '../../app/state/session';
import { deferred, me, myResource, owner, session } from './fixtures';

type Exchange = (idToken: string, withMe: boolean, language: string | undefined) => Promise<Session>;
type Session = ReturnType<typeof session>;

function setup(exchange = vi.fn<Exchange>(async () => session())) {
  const idToken = vi.fn(async () => 'line-id-token');
  return { model: createSessionModel({ idToken, exchange }), idToken, exchange };
}

describe('session model', () => {
  it('exchanges the LINE ID token for a session and keeps the token in memory', async () => {
    const { model, exchange } = setup();
    expect(model.status.value).toBe('signed-out');

    const signedIn = model.signIn();
    expect(model.status.value).toBe('signing-in');
    await expect(signedIn).resolves.toBe(true);

    expect(exchange).toHaveBeenCalledWith('line-id-token', false, undefined);
    expect(model.status.value).toBe('signed-in');
    expect(model.token.value).toBe('session-token');
    expect(model.user.value).toEqual(owner);
  });

  it('asks for the home data when told to, and hands the session over in the batch that signs in', async () => {
    const home = me([myResource()]);
    const exchange = vi.fn<Exchange>(async () => session({ me: home }));
    const received = vi.fn();
    const model = createSessionModel({
      idToken: async () => 'line-id-token',
      exchange,
      onSignedIn: (signedIn) => received(signedIn.me, model.user.peek()),
    });
    // What a render would see: the user never appears before the data handed over with it.
    const seen: unknown[] = [];
    effect(() => {
      if (model.user.value) seen.push(received.mock.calls.length);
    });

    await model.signIn({ withMe: true });

    expect(exchange).toHaveBeenCalledWith('line-id-token', true, undefined);
    expect(received).toHaveBeenCalledWith(home, owner);
    expect(seen).toEqual([1]);
  });

  it('shares one exchange between concurrent callers, such as several requests that got 401', async () => {
    const pending = deferred<ReturnType<typeof session>>();
    const { model, exchange } = setup(vi.fn(() => pending.promise));

    const first = model.signIn();
    const second = model.signIn();
    pending.resolve(session());

    expect(await Promise.all([first, second])).toEqual([true, true]);
    expect(exchange).toHaveBeenCalledTimes(1);
  });

  it('reports a refused token and forgets the old session', async () => {
    const exchange = vi
      .fn<Exchange>()
      .mockResolvedValueOnce(session())
      .mockRejectedValueOnce(
        new ApiError(401, 'INVALID_TOKEN', 'The LINE ID token could not be verified.', 'r1'),
      );
    const { model } = setup(exchange);
    await model.signIn();

    await expect(model.signIn()).resolves.toBe(false);

    expect(model.status.value).toBe('failed');
    expect(model.token.value).toBeNull();
    expect(model.error.value).toMatchObject({ code: 'INVALID_TOKEN' });
  });

  it('tries again after a failure', async () => {
    const exchange = vi
      .fn<Exchange>()
      .mockRejectedValueOnce(new Error('offline'))
      .mockResolvedValueOnce(session({ token: 'second' }));
    const { model, idToken } = setup(exchange);

    expect(await model.signIn()).toBe(false);
    expect(await model.signIn()).toBe(true);

    expect(idToken).toHaveBeenCalledTimes(2);
    expect(model.token.value).toBe('second');
    expect(model.error.value).toBeNull();
  });
});

describe('the LINE language at sign-in', () => {
  it('sends the language LIFF reports with the ID token, at every sign-in', async () => {
    const exchange = vi.fn<Exchange>(async () => session());
    const language = vi.fn(() => 'en-US');
    const model = createSessionModel({ idToken: async () => 'line-id-token', language, exchange });

    await model.signIn({ withMe: true });
    await model.signIn();

    expect(exchange.mock.calls).toEqual([
      ['line-id-token', true, 'en-US'],
      ['line-id-token', false, 'en-US'],
    ]);
  });

  it.each([
    [
      'throws',
      () => {
        throw new Error('LIFF is not ready');
      },
    ],
    ['answers nothing', () => ''],
  ])('signs in without one when LIFF %s: the language never stops a sign-in', async (_case, language) => {
    const exchange = vi.fn<Exchange>(async () => session());
    const model = createSessionModel({ idToken: async () => 'line-id-token', language, exchange });

    await expect(model.signIn()).resolves.toBe(true);

    expect(exchange).toHaveBeenCalledWith('line-id-token', false, undefined);
    expect(model.status.value).toBe('signed-in');
  });
});

/** Browser globals that the LIFF SDK and the app's LIFF mock read, for a run in Node. */
function storage(entries: Record<string, string> = {}) {
  const items = new Map(Object.entries(entries));
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('the LIFF mock path (demo, development and E2E builds)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  /** app/liff.ts in mock mode, as the demo runs it: the Worker's dev issuer answered by a stub. */
  async function mockedLiff(local: Record<string, string>) {
    vi.stubEnv('VITE_LIFF_MOCK', 'true');
    vi.stubEnv('VITE_LIFF_ID', '2000000000-test');
    vi.stubGlobal('window', globalThis);
    vi.stubGlobal('location', new URL('http://localhost:5173/'));
    vi.stubGlobal('localStorage', storage(local));
    vi.stubGlobal('sessionStorage', storage());
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Response.json({ idToken: 'dev-id-token' })),
    );
    const liff = await import('../../app/liff');
    await liff.startLiff();
    return liff;
  }

  it.each([
    ['the demo’s Japanese user', {}, 'ja'],
    ['a user whose LINE is in English (kengen:mockLang)', { 'kengen:mockLang': 'en-US' }, 'en-US'],
  ])('sends the mock’s LINE language for %s with the ID token', async (_case, local, expected) => {
    const { idToken, language } = await mockedLiff(local);
    const exchange = vi.fn<Exchange>(async () => session());

    await createSessionModel({ idToken, language, exchange }).signIn();

    expect(exchange).toHaveBeenCalledWith('dev-id-token', false, expected);
  });
});
