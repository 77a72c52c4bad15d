import { signal } from '@preact/signals';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { NotificationSetting } from '../../app/api/types';
import { createNotificationsModel, type NotificationsDeps } from '../../app/state/notifications';
import { deferred } from './fixtures';

function setup(initial: NotificationSetting | null, overrides: Partial<NotificationsDeps> = {}) {
  const setting = signal<NotificationSetting | null>(initial);
  const deps: NotificationsDeps = {
    setting,
    isBotFriend: vi.fn(async () => true),
    setEnabled: vi.fn(async (enabled: boolean) => ({ enabled })),
    refresh: vi.fn(async () => {}),
    ...overrides,
  };
  return { setting, deps, model: createNotificationsModel(deps) };
}

describe('notifications model', () => {
  it('says nothing until ホーム has loaded', () => {
    const { model } = setup(null);
    expect(model.reach.value).toBeNull();
  });

  it('goes by what Kengen knows while LINE is asked, then by LINE for "not a friend"', async () => {
    const answer = deferred<boolean | null>();
    const { model } = setup({ enabled: true, reachable: true }, { isBotFriend: () => answer.promise });
    const checking = model.check();
    expect(model.checking.value).toBe(true);
    expect(model.reach.value).toBe('on');

    // An unfollow Kengen has not heard of yet: LINE's word wins.
    answer.resolve(false);
    await checking;
    expect(model.checking.value).toBe(false);
    expect(model.reach.value).toBe('not-friend');
  });

  it('tells a friend whom Kengen never heard of how to be heard, and a non-friend to add the bot', async () => {
    const friend = setup({ enabled: true, reachable: false }, { isBotFriend: async () => true });
    await friend.model.check();
    expect(friend.model.reach.value).toBe('unheard');

    const stranger = setup({ enabled: true, reachable: false }, { isBotFriend: async () => false });
    await stranger.model.check();
    expect(stranger.model.reach.value).toBe('not-friend');

    // LINE cannot say (no linked bot, say): Kengen's answer stands.
    const unknown = setup({ enabled: true, reachable: false }, { isBotFriend: async () => null });
    await unknown.model.check();
    expect(unknown.model.reach.value).toBe('not-friend');
  });

  it('shows the switch at once, keeps what the server stored, and follows a newer answer from the server', async () => {
    const saved = deferred<{ enabled: boolean }>();
    const { model, deps, setting } = setup(
      { enabled: true, reachable: true },
      { setEnabled: () => saved.promise },
    );
    const saving = model.setEnabled(false);
    expect(model.enabled.value).toBe(false);
    expect(model.saving.value).toBe(true);
    expect(model.reach.value).toBe('off');

    saved.resolve({ enabled: false });
    await saving;
    expect(model.saving.value).toBe(false);
    expect(model.enabled.value).toBe(false);
    expect(deps.refresh).not.toHaveBeenCalled();

    // ホーム loaded again: the server's answer is the truth from now on.
    setting.value = { enabled: true, reachable: true };
    expect(model.enabled.value).toBe(true);
    expect(model.reach.value).toBe('on');
  });

  it('puts the switch back and says why when the change fails', async () => {
    const refusal = new ApiError(0, 'NETWORK', 'offline', null);
    const { model } = setup(
      { enabled: true, reachable: true },
      {
        setEnabled: async () => {
          throw refusal;
        },
      },
    );
    await model.setEnabled(false);
    expect(model.enabled.value).toBe(true);
    expect(model.error.value).toBe(refusal);
    expect(model.saving.value).toBe(false);

    await model.setEnabled(false);
    expect(model.error.value).toBe(refusal);
  });

  it('follows the bot (demo), then asks LINE and Kengen again', async () => {
    const follow = vi.fn(async () => {});
    const friendship = vi.fn().mockResolvedValueOnce(false).mockResolvedValueOnce(true);
    const { model, deps, setting } = setup(
      { enabled: true, reachable: false },
      { follow, isBotFriend: friendship },
    );
    await model.check();
    expect(model.reach.value).toBe('not-friend');

    vi.mocked(deps.refresh).mockImplementation(async () => {
      setting.value = { enabled: true, reachable: true };
    });
    await model.follow();
    expect(follow).toHaveBeenCalledTimes(1);
    expect(deps.refresh).toHaveBeenCalledTimes(1);
    expect(model.friend.value).toBe(true);
    expect(model.reach.value).toBe('on');
    expect(model.saving.value).toBe(false);
  });

  it('keeps a failed follow on screen as an error', async () => {
    const refusal = new ApiError(502, 'HTTP_502', 'Bad Gateway', null);
    const { model } = setup(
      { enabled: true, reachable: false },
      {
        follow: async () => {
          throw refusal;
        },
      },
    );
    await model.follow();
    expect(model.error.value).toBe(refusal);
    expect(model.reach.value).toBe('not-friend');
  });

  it('drops an older friendship answer that arrives after a newer one', async () => {
    const first = deferred<boolean | null>();
    const second = deferred<boolean | null>();
    const friendship = vi.fn().mockReturnValueOnce(first.promise).mockReturnValueOnce(second.promise);
    const { model } = setup({ enabled: true, reachable: true }, { isBotFriend: friendship });
    const older = model.check();
    const newer = model.check();
    second.resolve(true);
    await newer;
    first.resolve(false);
    await older;
    expect(model.friend.value).toBe(true);
    expect(model.checking.value).toBe(false);
  });
});
