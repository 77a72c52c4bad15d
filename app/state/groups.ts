import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { ApiError } from '../api/errors';
import type { GroupAccount } from '../api/groups';
import type { Me, MyResource } from '../api/types';
import { isDirectAdmin } from './grants';
import { createLoadable, type LoadStatus } from './load';
import { type NameError, nameError } from './register';
import { createSender } from './sender';

export type CreateGroupDeps = { create(name: string): Promise<{ id: string }> };

export type CreateGroupOutcome = { kind: 'created'; id: string } | { kind: 'invalid' } | { kind: 'refused' };

export type CreateGroupModel = {
  readonly name: ReadonlySignal<string>;
  /** Shown from the first submit on, then following the typing (as on the account form). */
  readonly nameError: ReadonlySignal<NameError | null>;
  readonly sending: ReadonlySignal<boolean>;
  readonly error: ReadonlySignal<unknown>;
  setName(value: string): void;
  submit(): Promise<CreateGroupOutcome>;
  reset(): void;
};

/** The form of 「グループを作成」: a name, checked by the same rule as the server's. */
export function createGroupForm(deps: CreateGroupDeps): CreateGroupModel {
  const name = signal('');
  const submitted = signal(false);
  const sender = createSender();

  async function submit(): Promise<CreateGroupOutcome> {
    if (sender.sending.peek()) return { kind: 'refused' };
    submitted.value = true;
    if (nameError(name.peek())) return { kind: 'invalid' };
    return sender.send(() => deps.create(name.peek().trim()));
  }

  return {
    name,
    nameError: computed(() => (submitted.value ? nameError(name.value) : null)),
    sending: sender.sending,
    error: sender.error,
    setName: (value) => {
      name.value = value;
    },
    submit,
    reset: () => {
      batch(() => {
        name.value = '';
        submitted.value = false;
        sender.reset();
      });
    },
  };
}

export type GroupAccountsDeps = {
  accounts(groupId: string): Promise<GroupAccount[]>;
  me(): Promise<Me>;
  add(groupId: string, accountId: string): Promise<void>;
  remove(groupId: string, accountId: string): Promise<void>;
};

/** Why a change of the group's accounts was refused, in the terms the screen explains. */
export type ChangeRefusal = 'not-admin-of-both' | 'already-in-group' | 'other';

export function changeRefusal(error: unknown): ChangeRefusal {
  if (!(error instanceof ApiError)) return 'other';
  if (error.code === 'FORBIDDEN') return 'not-admin-of-both';
  return error.code === 'ALREADY_IN_GROUP' ? 'already-in-group' : 'other';
}

type Loaded = { accounts: GroupAccount[]; mine: MyResource[] };

export type ChangeFailure = { action: 'add' | 'remove'; accountId: string; error: unknown };

export type GroupAccountsModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly accounts: ReadonlySignal<GroupAccount[]>;
  /**
   * Accounts the user directly administers that are not in the group yet: what 「アカウントを追加」 offers.
   * An admin only through a group may not put the account into another group (SPEC rule 11).
   */
  readonly candidates: ReadonlySignal<MyResource[]>;
  /** The account being added or taken out, while the server decides. */
  readonly busy: ReadonlySignal<string | null>;
  /** The last refused change, for the message next to the list. */
  readonly changeError: ReadonlySignal<ChangeFailure | null>;
  /** `manage`: the user may change the group's accounts, so the candidates are fetched too. */
  load(groupId: string, manage: boolean): Promise<void>;
  add(accountId: string): Promise<boolean>;
  remove(accountId: string): Promise<boolean>;
  clearChangeError(): void;
};

/** The accounts of one group, and the admin's changes to them. */
export function createGroupAccountsModel(deps: GroupAccountsDeps): GroupAccountsModel {
  const page = createLoadable<Loaded>();
  const busy = signal<string | null>(null);
  const changeError = signal<ChangeFailure | null>(null);
  let shown: { groupId: string; manage: boolean } | null = null;

  const accounts = computed(() => page.data.value?.accounts ?? []);
  const candidates = computed(() => {
    const inGroup = new Set(accounts.value.map((account) => account.id));
    return (page.data.value?.mine ?? []).filter(
      (resource) =>
        resource.kind === 'account' && isDirectAdmin(resource.grants) && !inGroup.has(resource.id),
    );
  });

  async function fetchAll(groupId: string, manage: boolean): Promise<Loaded> {
    const [accounts, me] = await Promise.all([deps.accounts(groupId), manage ? deps.me() : null]);
    return { accounts, mine: me?.resources ?? [] };
  }

  function load(groupId: string, manage: boolean): Promise<void> {
    const same = shown?.groupId === groupId;
    shown = { groupId, manage };
    batch(() => {
      busy.value = null;
      changeError.value = null;
    });
    return page.run(() => fetchAll(groupId, manage), same);
  }

  async function change(
    action: ChangeFailure['action'],
    accountId: string,
    send: (groupId: string) => Promise<void>,
  ): Promise<boolean> {
    const target = shown;
    if (!target || busy.peek() !== null) return false;
    batch(() => {
      busy.value = accountId;
      changeError.value = null;
    });
    try {
      await send(target.groupId);
    } catch (cause) {
      if (shown === target) {
        batch(() => {
          changeError.value = { action, accountId, error: cause };
          busy.value = null;
        });
      }
      return false;
    }
    if (shown !== target) return true;
    // The list is read again: the server decides what the group holds, and the admin counts may have moved.
    await page.run(() => fetchAll(target.groupId, target.manage), true);
    if (shown === target) busy.value = null;
    return true;
  }

  return {
    status: page.status,
    error: page.error,
    accounts,
    candidates,
    busy,
    changeError,
    load,
    add: (accountId) => change('add', accountId, (groupId) => deps.add(groupId, accountId)),
    remove: (accountId) => change('remove', accountId, (groupId) => deps.remove(groupId, accountId)),
    clearChangeError: () => {
      changeError.value = null;
    },
  };
}
