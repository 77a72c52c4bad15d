import type { Client } from './client';
import { read } from './errors';

export function meApi(client: Client) {
  return {
    /** The caller, their totals, and the first page of their accounts and of their groups. */
    me: () => read(client.api.me.$get()),
  };
}

export type MyResourcesQuery = {
  kind: 'account' | 'group';
  q?: string;
  cursor?: string;
  /** Only the accounts the caller directly administers: those they may put into a group (rule 11). */
  directAdmin?: boolean;
};

/** The pages after ホーム's first, and searches, of what the caller reaches. Used by lazily loaded screens. */
export function myResourcesApi(client: Client) {
  return {
    page: ({ kind, q, cursor, directAdmin }: MyResourcesQuery) =>
      read(
        client.api.me.resources.$get({
          query: {
            kind,
            ...(q ? { q } : {}),
            ...(cursor ? { cursor } : {}),
            ...(directAdmin ? { directAdmin: 'true' as const } : {}),
          },
        }),
      ),
  };
}
