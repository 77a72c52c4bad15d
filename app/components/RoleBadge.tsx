import type { ResourceKind, Role } from '../api/types';
import { roleLabel } from '../i18n/labels';

export function RoleBadge({ role, kind }: { role: Role; kind: ResourceKind }) {
  return <span class={role === 'admin' ? 'badge badge-admin' : 'badge'}>{roleLabel(role, kind)}</span>;
}
