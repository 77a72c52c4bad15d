import type { Client } from './client';
import { read } from './errors';
import type { ResourceKind } from './types';

/** The person's LINE notifications switch; the lazily loaded card on ホーム uses it. */
export function notificationSettingApi(client: Client) {
  return {
    setEnabled: (enabled: boolean) => read(client.api.me.notifications.$put({ json: { enabled } })),
  };
}

/** For a resource's admins: the notifications about it that LINE could not be made to deliver. */
export function failedNotificationsApi(client: Client) {
  const routes = { account: client.api.accounts, group: client.api.groups };
  return {
    list: (kind: ResourceKind, id: string) => read(routes[kind][':id'].notifications.$get({ param: { id } })),
  };
}
