import { CAPABILITIES, ROLE_CAPABILITIES } from '../../worker/authz/roles';
import type { Capability, Role } from '../api/types';

// The permission matrix of SPEC §3 is the Worker's own table (a plain module without dependencies), so the
// screens say exactly what the server will take away.

function held(roles: readonly Role[]): Set<Capability> {
  return new Set(roles.flatMap((role) => ROLE_CAPABILITIES[role]));
}

/**
 * What someone can no longer do when their roles go from `before` to `after` (both including the grants
 * through groups, which a change of the direct role leaves in place), in the order of the matrix.
 */
export function capabilitiesLost(before: readonly Role[], after: readonly Role[]): Capability[] {
  const had = held(before);
  const keeps = held(after);
  return CAPABILITIES.filter((capability) => had.has(capability) && !keeps.has(capability));
}
