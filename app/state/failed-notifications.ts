import { computed, type ReadonlySignal } from '@preact/signals';
import { ApiError } from '../api/errors';
import type { FailedNotification, ResourceKind } from '../api/types';
import { createLoadable, type LoadStatus } from './load';

export type FailedNotificationsDeps = {
  /** GET /api/{kind}/{id}/notifications: what LINE could not be made to deliver, for the resource's admins. */
  list(kind: ResourceKind, id: string): Promise<{ notifications: FailedNotification[] }>;
};

export type FailedNotificationsModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly items: ReadonlySignal<FailedNotification[]>;
  /** Something to show: failures, or an error loading them. Nothing (not even a heading) otherwise. */
  readonly visible: ReadonlySignal<boolean>;
  load(kind: ResourceKind, id: string): Promise<void>;
};

/** Not the caller's to see (no longer an admin, or one only through a group where the route wants a direct one). */
function refused(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 403 || error.status === 404);
}

export function createFailedNotificationsModel(deps: FailedNotificationsDeps): FailedNotificationsModel {
  const list = createLoadable<FailedNotification[]>();
  let shown = '';
  const items = computed(() => list.data.value ?? []);
  const error = computed(() => (refused(list.error.value) ? null : list.error.value));
  return {
    status: list.status,
    error,
    items,
    visible: computed(() => items.value.length > 0 || error.value !== null),
    load(kind, id) {
      const key = `${kind}/${id}`;
      const same = key === shown;
      shown = key;
      return list.run(async () => (await deps.list(kind, id)).notifications, same);
    },
  };
}
