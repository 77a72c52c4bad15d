import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { AccountGroup } from '../api/groups';
import { createLoadable, type LoadStatus } from './load';

export type AccountGroupsDeps = {
  /** GET /api/accounts/{id}/groups: every group the account is in, with how many people each brings. */
  ofAccount(accountId: string): Promise<AccountGroup[]>;
  /** DELETE /api/groups/{groupId}/accounts/{accountId}. */
  remove(groupId: string, accountId: string): Promise<void>;
};

export type RemoveFailure = { groupId: string; error: unknown };

export type AccountGroupsModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly groups: ReadonlySignal<AccountGroup[]>;
  /** The group the account is being taken out of, while the server decides. */
  readonly busy: ReadonlySignal<string | null>;
  /** The last refused removal, shown next to its group. */
  readonly failure: ReadonlySignal<RemoveFailure | null>;
  load(accountId: string): Promise<void>;
  /** Takes the account out of the group, then reads the groups again; true when the server did it. */
  remove(groupId: string): Promise<boolean>;
  clearFailure(): void;
};

/**
 * The groups an account is in, seen by its admins: each is a path into the account for every member of the
 * group, so the account's direct admins can see and cut every one of them (SPEC §2, rule 11).
 */
export function createAccountGroupsModel(deps: AccountGroupsDeps): AccountGroupsModel {
  const list = createLoadable<AccountGroup[]>();
  const busy = signal<string | null>(null);
  const failure = signal<RemoveFailure | null>(null);
  let shown: string | null = null;

  function load(accountId: string): Promise<void> {
    const same = shown === accountId;
    shown = accountId;
    if (!same) {
      batch(() => {
        busy.value = null;
        failure.value = null;
      });
    }
    return list.run(() => deps.ofAccount(accountId), same);
  }

  async function remove(groupId: string): Promise<boolean> {
    const accountId = shown;
    if (accountId === null || busy.peek() !== null) return false;
    batch(() => {
      busy.value = groupId;
      failure.value = null;
    });
    try {
      await deps.remove(groupId, accountId);
    } catch (cause) {
      if (shown !== accountId) return false;
      batch(() => {
        busy.value = null;
        failure.value = { groupId, error: cause };
      });
      // Someone else may have taken it out meanwhile: show what is true now, with the refusal.
      void list.run(() => deps.ofAccount(accountId), true);
      return false;
    }
    if (shown !== accountId) return true;
    // The server decides what remains: the list is read again rather than edited here.
    await list.run(() => deps.ofAccount(accountId), true);
    if (shown === accountId) busy.value = null;
    return true;
  }

  return {
    status: list.status,
    error: list.error,
    groups: computed(() => list.data.value ?? []),
    busy,
    failure,
    load,
    remove,
    clearFailure: () => {
      failure.value = null;
    },
  };
}
