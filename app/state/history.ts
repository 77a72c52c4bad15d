import { batch, computed, type ReadonlySignal, signal } from '@preact/signals';
import type { AuditEvent, AuditPage, ChainCheck } from '../api/audit';
import { ApiError } from '../api/errors';
import type { ResourceKind } from '../api/types';
import type { LoadStatus } from './load';

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
  const status = signal<LoadStatus>('idle');
  const error = signal<unknown>(null);
  const events = signal<AuditEvent[]>([]);
  const cursor = signal<string | null>(null);
  const loadingMore = signal(false);
  const moreError = signal<unknown>(null);
  const checkStatus = signal<CheckStatus>('idle');
  const check = signal<ChainCheck | null>(null);
  const checkError = signal<unknown>(null);
  // Each load starts a generation; answers for an earlier one (another resource, a reload) are dropped.
  let generation = 0;
  let shown: { kind: ResourceKind; id: string } | null = null;

  async function load(kind: ResourceKind, id: string): Promise<void> {
    const mine = ++generation;
    shown = { kind, id };
    batch(() => {
      status.value = 'loading';
      error.value = null;
      events.value = [];
      cursor.value = null;
      loadingMore.value = false;
      moreError.value = null;
      checkStatus.value = 'idle';
      check.value = null;
      checkError.value = null;
    });
    try {
      const first = await deps.page(kind, id, null);
      if (mine !== generation) return;
      batch(() => {
        events.value = first.events;
        cursor.value = first.nextCursor;
        status.value = 'ready';
      });
    } catch (cause) {
      if (mine !== generation) return;
      batch(() => {
        error.value = cause;
        status.value = 'error';
      });
    }
  }

  async function more(): Promise<void> {
    const next = cursor.peek();
    if (!shown || !next || loadingMore.peek() || status.peek() !== 'ready') return;
    const mine = generation;
    const { kind, id } = shown;
    batch(() => {
      loadingMore.value = true;
      moreError.value = null;
    });
    try {
      const page = await deps.page(kind, id, next);
      if (mine !== generation) return;
      // Events are immutable and numbered: an event already on screen (a retried page) is not shown twice.
      const seen = new Set(events.peek().map((event) => event.seq));
      batch(() => {
        events.value = [...events.peek(), ...page.events.filter((event) => !seen.has(event.seq))];
        cursor.value = page.nextCursor;
        loadingMore.value = false;
      });
    } catch (cause) {
      if (mine !== generation) return;
      batch(() => {
        moreError.value = cause;
        loadingMore.value = false;
      });
    }
  }

  async function verify(): Promise<void> {
    if (!shown || checkStatus.peek() === 'checking') return;
    const mine = generation;
    const { kind, id } = shown;
    batch(() => {
      checkStatus.value = 'checking';
      check.value = null;
      checkError.value = null;
    });
    try {
      const result = await deps.verify(kind, id);
      if (mine !== generation) return;
      batch(() => {
        check.value = result;
        checkStatus.value = 'done';
      });
    } catch (cause) {
      if (mine !== generation) return;
      batch(() => {
        checkError.value = cause;
        checkStatus.value = 'error';
      });
    }
  }

  return {
    status: computed<HistoryStatus>(() => {
      const failure = error.value;
      if (failure instanceof ApiError) {
        if (failure.status === 404 || failure.code === 'INVALID_INPUT') return 'not-found';
        if (failure.status === 403) return 'forbidden';
      }
      return status.value;
    }),
    error,
    events,
    hasMore: computed(() => cursor.value !== null),
    loadingMore,
    moreError,
    checkStatus,
    check,
    checkError,
    load,
    more,
    verify,
  };
}
