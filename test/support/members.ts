import { call, type Session } from './api';

/** PATCH /api/{kind}/{id}/members/{userId}: `kind` as in the URL, `accounts` or `groups`. */
export function changeRole(session: Session, kind: string, id: string, userId: string, role: string) {
  return call('PATCH', `/api/${kind}/${id}/members/${encodeURIComponent(userId)}`, {
    token: session.token,
    body: { role },
  });
}

/** DELETE /api/{kind}/{id}/members/{userId}: a removal, or leaving when `userId` is the session's own. */
export function remove(session: Session, kind: string, id: string, userId: string) {
  return call('DELETE', `/api/${kind}/${id}/members/${encodeURIComponent(userId)}`, { token: session.token });
}
