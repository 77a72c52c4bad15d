import { computed, type ReadonlySignal } from '@preact/signals';
import type {
  Me,
  MeSummary,
  MyResourcesPage,
  NotificationSetting,
  PendingRequest,
  ResourceKind,
  Waiting,
} from '../api/types';
import { createLoadable, type LoadStatus } from './load';

export type HomeDeps = { me(): Promise<Me> };

const NO_SUMMARY: MeSummary = { accounts: 0, groups: 0, administered: 0, pendingRequests: 0 };
const NOTHING_WAITING: Waiting = {
  reviews: { total: 0, items: [] },
  requests: { total: 0, items: [] },
  expiringInvites: { total: 0, items: [] },
};

export type HomeModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  /** The totals: how many accounts and groups the user reaches, administers, and their join requests. */
  readonly summary: ReadonlySignal<MeSummary>;
  /** The first page of each kind (the whole list when `nextCursor` is null), a new object per answer. */
  readonly firstPages: ReadonlySignal<Record<ResourceKind, MyResourcesPage>>;
  /** The most recent join requests; `summary.pendingRequests` counts them all. */
  readonly pendingRequests: ReadonlySignal<PendingRequest[]>;
  /**
   * Join requests the person may decide, invites they issued that expire soon, and open access reviews of
   * what they directly administer, with their totals.
   */
  readonly waiting: ReadonlySignal<Waiting>;
  /** Something waits for the person: ホーム lists it first. */
  readonly hasWaiting: ReadonlySignal<boolean>;
  /** Their LINE notifications switch and whether the bot can reach them; null until loaded. */
  readonly notifications: ReadonlySignal<NotificationSetting | null>;
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

/** Everything that waits for the person: join requests, invites about to expire, open access reviews. */
export function waitingCount(waiting: Waiting): number {
  return waiting.requests.total + waiting.expiringInvites.total + waiting.reviews.total;
}

export function createHomeModel(deps: HomeDeps): HomeModel {
  const me = createLoadable<Me>();
  const summary = computed(() => me.data.value?.summary ?? NO_SUMMARY);
  const firstPages = computed(() => {
    const data = me.data.value;
    const page = (kind: ResourceKind): MyResourcesPage => ({
      resources: (data?.resources ?? []).filter((resource) => resource.kind === kind),
      nextCursor: data?.nextCursor[kind] ?? null,
    });
    return { account: page('account'), group: page('group') };
  });
  const pendingRequests = computed(() => me.data.value?.pendingRequests ?? []);
  const waiting = computed(() => me.data.value?.waiting ?? NOTHING_WAITING);
  const isEmpty = computed(() => {
    const { accounts, groups, pendingRequests } = summary.value;
    return me.status.value === 'ready' && accounts + groups + pendingRequests === 0;
  });

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
    summary,
    firstPages,
    pendingRequests,
    waiting,
    hasWaiting: computed(() => waitingCount(waiting.value) > 0),
    notifications: computed(() => me.data.value?.notifications ?? null),
    administers: computed(() => summary.value.administered > 0),
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
