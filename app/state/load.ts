import { batch, type ReadonlySignal, signal } from '@preact/signals';

export type LoadStatus = 'idle' | 'loading' | 'ready' | 'error';

/**
 * One value fetched from the API, with its status and error. A later call supersedes an earlier one that
 * is still in flight, so a slow answer for a page the user has left never overwrites the current one.
 */
export type Loadable<T> = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly data: ReadonlySignal<T | null>;
  readonly error: ReadonlySignal<unknown>;
  /** Fetches; keeps the previous data on screen while `keep` is true (a refresh of the same thing). */
  run(fetcher: () => Promise<T>, keep: boolean): Promise<void>;
  /** Takes a value that arrived by another way; supersedes a fetch in flight. */
  set(value: T): void;
  /** Back to nothing fetched (another subject is shown); supersedes a fetch in flight. */
  reset(): void;
};

export function createLoadable<T>(): Loadable<T> {
  const status = signal<LoadStatus>('idle');
  const data = signal<T | null>(null);
  const error = signal<unknown>(null);
  let latest = 0;

  async function run(fetcher: () => Promise<T>, keep: boolean): Promise<void> {
    const call = ++latest;
    batch(() => {
      if (!keep) data.value = null;
      error.value = null;
      status.value = keep && data.peek() !== null ? 'ready' : 'loading';
    });
    try {
      const value = await fetcher();
      if (call !== latest) return;
      batch(() => {
        data.value = value;
        status.value = 'ready';
      });
    } catch (cause) {
      if (call !== latest) return;
      batch(() => {
        error.value = cause;
        status.value = 'error';
      });
    }
  }

  function set(value: T): void {
    latest++;
    batch(() => {
      data.value = value;
      error.value = null;
      status.value = 'ready';
    });
  }

  function reset(): void {
    latest++;
    batch(() => {
      data.value = null;
      error.value = null;
      status.value = 'idle';
    });
  }

  return { status, data, error, run, set, reset };
}
