import type { ReadonlySignal } from '@preact/signals';
import type { Stats } from '../api/channels';
import { createLoadable, type LoadStatus } from './load';

export type StatsDeps = { stats(accountId: string): Promise<Stats> };

export type StatsModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  readonly stats: ReadonlySignal<Stats | null>;
  load(accountId: string): Promise<void>;
};

/** The account page's 分析: LINE's numbers of yesterday and the latest sends through Kengen. */
export function createStatsModel(deps: StatsDeps): StatsModel {
  const stats = createLoadable<Stats>();
  let shown = '';
  return {
    status: stats.status,
    error: stats.error,
    stats: stats.data,
    load(accountId) {
      // Another account's numbers must not flash on screen; the same account's may, while they refresh.
      const same = accountId === shown;
      shown = accountId;
      return stats.run(() => deps.stats(accountId), same);
    },
  };
}
