import type { Client } from './client';
import { read, readEmpty } from './errors';
import type { ResourceKind, Role } from './types';

/** Role changes and removals of direct members; leaving is a removal of oneself. */
export function membersApi(client: Client) {
  const routes = { account: client.api.accounts, group: client.api.groups };

  return {
    async changeRole(kind: ResourceKind, id: string, userId: string, role: Role) {
      const { member } = await read(
        routes[kind][':id'].members[':userId'].$patch({ param: { id, userId }, json: { role } }),
      );
      return member;
    },
    remove: (kind: ResourceKind, id: string, userId: string) =>
      readEmpty(routes[kind][':id'].members[':userId'].$delete({ param: { id, userId } })),
  };
}
