import type { Client } from './client';
import { read, readEmpty } from './errors';

/** Groups: creating one, and the accounts it holds (changing them takes admin of both group and account). */
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
    add: (groupId: string, accountId: string) =>
      readEmpty(group.accounts.$post({ param: { id: groupId }, json: { accountId } })),
    remove: (groupId: string, accountId: string) =>
      readEmpty(group.accounts[':accountId'].$delete({ param: { id: groupId, accountId } })),
  };
}

type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;

export type GroupAccount = Resolved<ReturnType<typeof groupsApi>['accounts']>[number];
