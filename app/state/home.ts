import { computed, type ReadonlySignal } from '@preact/signals';
import type { Me, MyResource, PendingRequest } from '../api/types';
import { createLoadable, type LoadStatus } from './load';

export type HomeDeps = { me(): Promise<Me> };

export type HomeModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly accounts: ReadonlySignal<MyResource[]>;
  readonly groups: ReadonlySignal<MyResource[]>;
  readonly pendingRequests: ReadonlySignal<PendingRequest[]>;
  /** Admin of at least one account or group: the access overview has something to show. */
  readonly administers: ReadonlySignal<boolean>;
  /** Loaded, and nothing to show: the screen explains how to get started. */
  readonly isEmpty: ReadonlySignal<boolean>;
  /**
   * Loads the home screen; on a revisit the previous list stays on screen while it refreshes. A call while
   * a load is in flight joins it.
   */
  load(): Promise<void>;
  /** The data that came with the sign-in: shown at once, and the next `load` (ホーム mounting) skips. */
  receive(data: Me): void;
};

export function createHomeModel(deps: HomeDeps): HomeModel {
  const me = createLoadable<Me>();
  const resources = computed(() => me.data.value?.resources ?? []);
  const accounts = computed(() => resources.value.filter((resource) => resource.kind === 'account'));
  const groups = computed(() => resources.value.filter((resource) => resource.kind === 'group'));
  const pendingRequests = computed(() => me.data.value?.pendingRequests ?? []);
  const administers = computed(() => resources.value.some((resource) => resource.role === 'admin'));
  const isEmpty = computed(
    () => me.status.value === 'ready' && resources.value.length === 0 && pendingRequests.value.length === 0,
  );

  let inFlight: Promise<void> | null = null;
  let fresh = false;
  function load(): Promise<void> {
    if (fresh) {
      fresh = false;
      return Promise.resolve();
    }
    inFlight ??= me.run(deps.me, true).finally(() => {
      inFlight = null;
    });
    return inFlight;
  }

  return {
    status: me.status,
    error: me.error,
    accounts,
    groups,
    pendingRequests,
    administers,
    isEmpty,
    load,
    receive(data: Me) {
      // Supersedes a load in flight: its answer is dropped, so a later load must not join it.
      me.set(data);
      inFlight = null;
      fresh = true;
    },
  };
}
