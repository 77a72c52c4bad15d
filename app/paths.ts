import type { ResourceKind } from './api/types';

export function resourcePath(kind: ResourceKind, id: string): string {
  return `/${kind === 'account' ? 'accounts' : 'groups'}/${encodeURIComponent(id)}`;
}

export function memberPath(kind: ResourceKind, id: string, userId: string): string {
  return `${resourcePath(kind, id)}/members/${encodeURIComponent(userId)}`;
}

export function historyPath(kind: ResourceKind, id: string): string {
  return `${resourcePath(kind, id)}/history`;
}

export function handoverPath(kind: ResourceKind, id: string): string {
  return `${resourcePath(kind, id)}/handover`;
}

/** The invite page (メンバーを追加), optionally with a role chosen in advance. */
export function addMemberPath(kind: ResourceKind, id: string, role?: string): string {
  return `${resourcePath(kind, id)}/invite${role ? `?role=${encodeURIComponent(role)}` : ''}`;
}

export function personPath(userId: string): string {
  return `/access/${encodeURIComponent(userId)}`;
}

/** An access review (棚卸し): its people while open, its result once completed. */
export function reviewPath(reviewId: string): string {
  return `/reviews/${encodeURIComponent(reviewId)}`;
}

/** Connecting an account's Messaging API channel (admins). */
export function channelPath(accountId: string): string {
  return `${resourcePath('account', accountId)}/channel`;
}

/** Writing a message to send through the account's channel (メッセージを作成). */
export function broadcastPath(accountId: string): string {
  return `${resourcePath('account', accountId)}/broadcast`;
}

/** The demo's LINE view, opened on a shop's chat when a basic ID is given. */
export function lineViewPath(basicId?: string): string {
  return basicId ? `/line?chat=${encodeURIComponent(basicId)}` : '/line';
}
