import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import { ApiError } from '../api/errors';
import type { GroupAccount } from '../api/groups';
import type { MyResource, MyResourcesPage } from '../api/types';
import { createLoadable, type LoadStatus } from './load';
import { createSearchList, type SearchList } from './paged';
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
  /** A page of the accounts the user directly administers (GET /api/me/resources?directAdmin=true). */
  candidates(q: string, cursor: string | null): Promise<MyResourcesPage>;
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

export type ChangeFailure = { action: 'add' | 'remove'; accountId: string; error: unknown };

export type GroupAccountsModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly accounts: ReadonlySignal<GroupAccount[]>;
  /**
   * What 「アカウントを追加」 offers: the accounts the user directly administers, searchable and paged (an
   * admin only through a group may not put the account into another group, SPEC rule 11). Those already
   * in the group are listed too, marked by `inGroup`, so that the pages stay the server's.
   */
  readonly candidates: SearchList<MyResource, MyResourcesPage>;
  /** The ids of the accounts in the group. */
  readonly inGroup: ReadonlySignal<ReadonlySet<string>>;
  /** The account being added or taken out, while the server decides. */
  readonly busy: ReadonlySignal<string | null>;
  /** The last refused change, for the message next to the list. */
  readonly changeError: ReadonlySignal<ChangeFailure | null>;
  load(groupId: string): Promise<void>;
  /** Opens the picker: its first page, with the search it had. */
  pick(): Promise<void>;
  add(accountId: string): Promise<boolean>;
  remove(accountId: string): Promise<boolean>;
  clearChangeError(): void;
};

/** The accounts of one group, and the admin's changes to them. */
export function createGroupAccountsModel(deps: GroupAccountsDeps): GroupAccountsModel {
  const page = createLoadable<GroupAccount[]>();
  const busy = signal<string | null>(null);
  const changeError = signal<ChangeFailure | null>(null);
  const candidates = createSearchList<MyResource, MyResourcesPage>({
    items: (answer) => answer.resources,
    key: (resource) => resource.id,
    fetch: deps.candidates,
  });
  let shown: { groupId: string } | null = null;

  const accounts = computed(() => page.data.value ?? []);

  function load(groupId: string): Promise<void> {
    const same = shown?.groupId === groupId;
    shown = { groupId };
    batch(() => {
      busy.value = null;
      changeError.value = null;
    });
    return page.run(() => deps.accounts(groupId), same);
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
    await page.run(() => deps.accounts(target.groupId), true);
    if (shown === target) busy.value = null;
    return true;
  }

  return {
    status: page.status,
    error: page.error,
    accounts,
    candidates,
    inGroup: computed(() => new Set(accounts.value.map((account) => account.id))),
    busy,
    changeError,
    load,
    pick: candidates.load,
    add: (accountId) => change('add', accountId, (groupId) => deps.add(groupId, accountId)),
    remove: (accountId) => change('remove', accountId, (groupId) => deps.remove(groupId, accountId)),
    clearChangeError: () => {
      changeError.value = null;
    },
  };
}
