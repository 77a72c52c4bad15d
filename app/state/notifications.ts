import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { NotificationSetting } from '../api/types';

export type NotificationsDeps = {
  /** What Kengen knows (GET /api/me): the person's switch, and whether they follow the bot. */
  setting: ReadonlySignal<NotificationSetting | null>;
  /** LIFF getFriendship: true / false, or null when LINE cannot say. */
  isBotFriend(): Promise<boolean | null>;
  /** PUT /api/me/notifications. */
  setEnabled(enabled: boolean): Promise<{ enabled: boolean }>;
  /** The demo's stand-in of LINE follows the bot for the person; absent outside the demo. */
  follow?(): Promise<void>;
  /** Loads GET /api/me again (after a follow, Kengen's `reachable` changes). */
  refresh(): Promise<void>;
};

/**
 * Where the person stands, as the card says it:
 * - `on`: notifications reach them;
 * - `off`: they turned notifications off;
 * - `not-friend`: they do not follow the bot, so LINE does not let it talk to them;
 * - `unheard`: LINE says they follow the bot, but Kengen was never told (they added it before their first
 *   sign-in, when the webhook ignores unknown users; README, Notifications): blocking and unblocking it
 *   tells Kengen again.
 */
export type Reach = 'on' | 'off' | 'not-friend' | 'unheard';

export type NotificationsModel = {
  /** null until ホーム has loaded. */
  readonly reach: ReadonlySignal<Reach | null>;
  readonly enabled: ReadonlySignal<boolean>;
  /** LINE's answer about the friendship, while it is asked (`checking`) and after. */
  readonly friend: ReadonlySignal<boolean | null>;
  readonly checking: ReadonlySignal<boolean>;
  readonly saving: ReadonlySignal<boolean>;
  /** The switch or the follow failed: the card says so, and the switch shows what is really stored. */
  readonly error: ReadonlySignal<unknown>;
  /** Asks LINE about the friendship (the card mounting, or coming back from LINE's add-friend screen). */
  check(): Promise<void>;
  setEnabled(enabled: boolean): Promise<void>;
  follow(): Promise<void>;
};

export function createNotificationsModel(deps: NotificationsDeps): NotificationsModel {
  const friend = signal<boolean | null>(null);
  const checking = signal(false);
  const saving = signal(false);
  const error = signal<unknown>(null);
  // The switch as the person last set it, until GET /api/me says it again.
  const chosen = signal<{ enabled: boolean; over: NotificationSetting | null } | null>(null);

  const enabled = computed(() => {
    const setting = deps.setting.value;
    const choice = chosen.value;
    if (choice && choice.over === setting) return choice.enabled;
    return setting?.enabled ?? true;
  });

  const reach = computed<Reach | null>(() => {
    const setting = deps.setting.value;
    if (!setting) return null;
    if (!enabled.value) return 'off';
    // LINE's own answer wins for "not a friend" (an unfollow Kengen has not processed yet); Kengen's for the
    // rest, since only what Kengen knows decides whether it pushes.
    if (friend.value === false) return 'not-friend';
    if (setting.reachable) return 'on';
    return friend.value === true ? 'unheard' : 'not-friend';
  });

  let checks = 0;
  async function check(): Promise<void> {
    const call = ++checks;
    checking.value = true;
    const answer = await deps.isBotFriend();
    if (call !== checks) return;
    batch(() => {
      friend.value = answer;
      checking.value = false;
    });
  }

  async function setEnabled(wanted: boolean): Promise<void> {
    const over = deps.setting.peek();
    batch(() => {
      saving.value = true;
      error.value = null;
      chosen.value = { enabled: wanted, over };
    });
    try {
      const stored = await deps.setEnabled(wanted);
      chosen.value = { enabled: stored.enabled, over };
    } catch (cause) {
      batch(() => {
        error.value = cause;
        // Back to what is stored: the person must not believe a change that did not happen.
        chosen.value = null;
      });
    } finally {
      saving.value = false;
    }
  }

  async function follow(): Promise<void> {
    if (!deps.follow) return;
    batch(() => {
      saving.value = true;
      error.value = null;
    });
    try {
      await deps.follow();
      await Promise.all([check(), deps.refresh()]);
    } catch (cause) {
      error.value = cause;
    } finally {
      saving.value = false;
    }
  }

  return { reach, enabled, friend, checking, saving, error, check, setEnabled, follow };
}
