import type { ResourceKind } from './api/types';

export function resourcePath(kind: ResourceKind, id: string): string {
  return `/${kind === 'account' ? 'accounts' : 'groups'}/${encodeURIComponent(id)}`;
}
