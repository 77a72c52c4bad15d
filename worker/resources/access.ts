import { type Access, type Action, can } from '../authz/can';
import { capabilitiesOf, effectiveRole, type Role, sourceOf } from '../authz/roles';
import { AppError } from '../lib/errors';
import { type AccessRow, type Resource, toGrant, toResource } from './repo';

export interface ResourceAccess {
  resource: Resource;
  access: Access;
  role: Role;
  adminCount: number;
}

/** Reads the result of `selectAccess`. No grant means no access, and then the resource does not exist (rule 9). */
export function resourceAccess(rows: readonly AccessRow[], userId: string): ResourceAccess {
  const [first] = rows;
  const grants = rows.map(toGrant);
  const role = effectiveRole(grants);
  if (!first || !role) {
    throw new AppError('NOT_FOUND');
  }
  return { resource: toResource(first), access: { userId, grants }, role, adminCount: first.admin_count };
}

export function authorize(access: Access, action: Action): void {
  if (!can(access, action)) {
    throw new AppError('FORBIDDEN');
  }
}

export function accessView({ role, access, adminCount }: ResourceAccess) {
  return {
    role,
    source: sourceOf(access.grants),
    grants: [...access.grants],
    capabilities: capabilitiesOf(access.grants),
    adminCount,
  };
}
