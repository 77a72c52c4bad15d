import { effect } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import { createSessionModel } from '../../app/state/session';
import { deferred, me, myResource, owner, session } from './fixtures';

function setup(exchange = vi.fn(async (_idToken: string, _withMe: boolean) => session())) {
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

    expect(exchange).toHaveBeenCalledWith('line-id-token', false);
    expect(model.status.value).toBe('signed-in');
    expect(model.token.value).toBe('session-token');
    expect(model.user.value).toEqual(owner);
  });

  it('asks for the home data when told to, and hands the session over in the batch that signs in', async () => {
    const home = me([myResource()]);
    const exchange = vi.fn(async (_idToken: string, _withMe: boolean) => session({ me: home }));
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

    expect(exchange).toHaveBeenCalledWith('line-id-token', true);
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
      .fn<(idToken: string, withMe: boolean) => Promise<ReturnType<typeof session>>>()
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
      .fn<(idToken: string, withMe: boolean) => Promise<ReturnType<typeof session>>>()
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
