import type { Client } from './client';
import { read, readEmpty } from './errors';

/**
 * Groups: creating one, the accounts it holds, and the groups an account is in. Adding an account takes a
 * direct admin of it who also administers the group; a direct admin of the account or an admin of the
 * group takes it out (SPEC §2).
 */
export function groupsApi(client: Client) {
  const group = client.api.groups[':id'];

  return {
    async create(name: string) {
      const { group: created } = await read(client.api.groups.$post({ json: { name } }));
      return created;
    },
    async accounts(groupId: string) {
      const { accounts } = await read(group.accounts.$get({ param: { id: groupId } }));
      return accounts;
    },
    /** Every group the account is in, also those the caller is not a member of (admins of the account). */
    async ofAccount(accountId: string) {
      const { groups } = await read(client.api.accounts[':id'].groups.$get({ param: { id: accountId } }));
      return groups;
    },
    add: (groupId: string, accountId: string) =>
      readEmpty(group.accounts.$post({ param: { id: groupId }, json: { accountId } })),
    remove: (groupId: string, accountId: string) =>
      readEmpty(group.accounts[':accountId'].$delete({ param: { id: groupId, accountId } })),
  };
}

type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;

type GroupsApi = ReturnType<typeof groupsApi>;
export type GroupAccount = Resolved<GroupsApi['accounts']>[number];
export type AccountGroup = Resolved<GroupsApi['ofAccount']>[number];
