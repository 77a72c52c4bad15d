import type { ResourceKind, Role } from '../api/types';
import { roleLabel } from '../i18n/labels';

export function RoleBadge({ role, kind }: { role: Role; kind: ResourceKind }) {
  // A long name wraps only before its parenthesis: 運用担当者 / (分析の閲覧権限なし), never mid-word.
  const [name = '', ...rest] = roleLabel(role, kind).split(/(?=[(（(])/);
  return (
    <span class={role === 'admin' ? 'badge badge-admin' : 'badge'}>
      {name}
      {rest.length > 0 && <wbr />}
      {rest.join('')}
    </span>
  );
}
