import { ApiError } from '../api/errors';
import type { Grant, ResourceKind, Role } from '../api/types';
import { t } from './index';

/** Group memberships carry the same four roles, named as group roles (SPEC §3). */
export function roleLabel(role: Role, kind: ResourceKind): string {
  return kind === 'group' ? t.groupRoles[role] : t.roles[role];
}

export function grantSource(grant: Grant): string {
  return grant.source === 'direct' ? t.source.direct : t.source.viaGroup(grant.group.name);
}

/** What to tell the user about a failed call: a known code in their language, else the server's words. */
export function describeError(error: unknown): { message: string; requestId: string | null } {
  if (!(error instanceof ApiError)) return { message: t.errors.unknown, requestId: null };
  if (error.code === 'NETWORK') return { message: t.errors.network, requestId: null };
  // No Worker error body (a proxy or the platform answered): its status text means nothing to the user.
  if (error.requestId === null) return { message: t.errors.unknown, requestId: null };
  return { message: t.errors.codes[error.code] ?? error.message, requestId: error.requestId };
}
