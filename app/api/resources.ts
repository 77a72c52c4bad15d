import type { Client } from './client';
import { read } from './errors';
import type { ResourceKind } from './types';

/** Accounts and groups share their routes; only the path and the body's resource key differ. */
export function resourcesApi(client: Client) {
  const routes = { account: client.api.accounts, group: client.api.groups };

  return {
    async detail(kind: ResourceKind, id: string) {
      if (kind === 'account') {
        const { account, ...access } = await read(routes.account[':id'].$get({ param: { id } }));
        return { resource: account, ...access };
      }
      const { group, ...access } = await read(routes.group[':id'].$get({ param: { id } }));
      // Groups have no Messaging API channel of their own (SPEC §9).
      return { resource: group, channel: null, ...access };
    },
    members: (kind: ResourceKind, id: string) => read(routes[kind][':id'].members.$get({ param: { id } })),
    async createAccount(input: { name: string; basicId?: string }) {
      const { account } = await read(routes.account.$post({ json: input }));
      return account;
    },
  };
}
