import type { Client } from './client';
import { read } from './errors';
import type { ResourceKind } from './types';

/** A resource's history, newest first, and the check of its hash chain (admins). */
export function auditApi(client: Client) {
  const routes = { account: client.api.accounts, group: client.api.groups };

  return {
    page: (kind: ResourceKind, id: string, cursor: string | null) =>
      read(routes[kind][':id'].audit.$get({ param: { id }, query: cursor ? { cursor } : {} })),
    verify: (kind: ResourceKind, id: string) =>
      read(routes[kind][':id'].audit.verify.$get({ param: { id } })),
  };
}

type AuditApi = ReturnType<typeof auditApi>;
export type AuditPage = Awaited<ReturnType<AuditApi['page']>>;
export type AuditEvent = AuditPage['events'][number];
export type AuditAction = AuditEvent['action'];
export type ChainCheck = Awaited<ReturnType<AuditApi['verify']>>;
