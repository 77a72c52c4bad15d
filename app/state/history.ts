import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { AuditEvent, AuditPage, ChainCheck } from '../api/audit';
import { ApiError } from '../api/errors';
import type { ResourceKind } from '../api/types';
import type { LoadStatus } from './load';
import { createPagedList } from './paged';

export type HistoryDeps = {
  page(kind: ResourceKind, id: string, cursor: string | null): Promise<AuditPage>;
  verify(kind: ResourceKind, id: string): Promise<ChainCheck>;
};

/** `forbidden`: only admins read the history (the resource exists for the user, so it is not a 404). */
export type HistoryStatus = LoadStatus | 'not-found' | 'forbidden';
export type CheckStatus = 'idle' | 'checking' | 'done' | 'error';

export type HistoryModel = {
  readonly status: ReadonlySignal<HistoryStatus>;
  readonly error: ReadonlySignal<unknown>;
  /** Newest first, every page loaded so far. */
  readonly events: ReadonlySignal<AuditEvent[]>;
  readonly hasMore: ReadonlySignal<boolean>;
  readonly loadingMore: ReadonlySignal<boolean>;
  /** The last 「さらに表示」 failed; the events already shown stay. */
  readonly moreError: ReadonlySignal<unknown>;
  readonly checkStatus: ReadonlySignal<CheckStatus>;
  readonly check: ReadonlySignal<ChainCheck | null>;
  readonly checkError: ReadonlySignal<unknown>;
  load(kind: ResourceKind, id: string): Promise<void>;
  /** The next (older) page, with the cursor of the last one. */
  more(): Promise<void>;
  /** Recomputes the resource's hash chain on the server (改ざんチェック). */
  verify(): Promise<void>;
};

export function createHistoryModel(deps: HistoryDeps): HistoryModel {
  const list = createPagedList<AuditEvent, AuditPage>({
    items: (page) => page.events,
    // Events are immutable and numbered.
    key: (event) => event.seq,
  });
  const checkStatus = signal<CheckStatus>('idle');
  const check = signal<ChainCheck | null>(null);
  const checkError = signal<unknown>(null);
  // Replaced by each load: a check answered for an earlier one (another resource, a reload) is dropped.
  let shown: { kind: ResourceKind; id: string } | null = null;

  function load(kind: ResourceKind, id: string): Promise<void> {
    shown = { kind, id };
    batch(() => {
      checkStatus.value = 'idle';
      check.value = null;
      checkError.value = null;
    });
    return list.load(() => deps.page(kind, id, null), { keep: false });
  }

  function more(): Promise<void> {
    if (!shown) return Promise.resolve();
    const { kind, id } = shown;
    return list.more((cursor) => deps.page(kind, id, cursor));
  }

  async function verify(): Promise<void> {
    const target = shown;
    if (!target || checkStatus.peek() === 'checking') return;
    batch(() => {
      checkStatus.value = 'checking';
      check.value = null;
      checkError.value = null;
    });
    try {
      const result = await deps.verify(target.kind, target.id);
      if (target !== shown) return;
      batch(() => {
        check.value = result;
        checkStatus.value = 'done';
      });
    } catch (cause) {
      if (target !== shown) return;
      batch(() => {
        checkError.value = cause;
        checkStatus.value = 'error';
      });
    }
  }

  return {
    status: computed<HistoryStatus>(() => {
      const failure = list.error.value;
      if (failure instanceof ApiError) {
        if (failure.status === 404 || failure.code === 'INVALID_INPUT') return 'not-found';
        if (failure.status === 403) return 'forbidden';
      }
      return list.status.value;
    }),
    error: list.error,
    events: list.items,
    hasMore: list.hasMore,
    loadingMore: list.loadingMore,
    moreError: list.moreError,
    checkStatus,
    check,
    checkError,
    load,
    more,
    verify,
  };
}
