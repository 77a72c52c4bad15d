import { ApiError, memberLimitOf } from '../api/errors';
import type { ResourceKind, Role } from '../api/types';
import { t } from './index';

/** Group memberships carry the same four roles, named as group roles (SPEC §3). */
export function roleLabel(role: Role, kind: ResourceKind): string {
  return kind === 'group' ? t.groupRoles[role] : t.roles[role];
}

/** Where a grant comes from; the caller's grants (GET /api/me, a detail) and a member's have this shape. */
type GrantOrigin = { source: 'direct' } | { source: 'group'; group: { name: string } };

export function grantSource(grant: GrantOrigin): string {
  return grant.source === 'direct' ? t.source.direct : t.source.viaGroup(grant.group.name);
}

/**
 * What to tell the user about a failed call, always in their language: the server's own (English) message is
 * never shown. A code the app does not know (a newer Worker) gets a generic message carrying the request id.
 */
export function describeError(error: unknown): { message: string; requestId: string | null } {
  if (!(error instanceof ApiError)) return { message: t.errors.unknown, requestId: null };
  if (error.code === 'NETWORK') return { message: t.errors.network, requestId: null };
  // No Worker error body (a proxy or the platform answered): its status text means nothing to the user.
  if (error.requestId === null) return { message: t.errors.unknown, requestId: null };
  const limit = memberLimitOf(error);
  if (limit && limit.seats + limit.adding > limit.limit) {
    return { message: t.errors.memberLimitOver(limit), requestId: error.requestId };
  }
  const codes: Partial<Record<string, string>> = t.errors.codes;
  const known = Object.hasOwn(codes, error.code) ? codes[error.code] : undefined;
  if (known === undefined) return { message: t.errors.unknownCode(error.requestId), requestId: null };
  return { message: known, requestId: error.requestId };
}
