import { signal } from '@preact/signals';
import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { ErrorState } from './ErrorState';

/** How many screens are waiting for their code: the top progress bar shows while there is one. */
export const screensLoading = signal(0);

export type LazyPage<P> = ComponentType<P> & { prefetch(): void };

/**
 * A screen in its own chunk, loaded when first needed. preact-iso's `lazy` keeps a failed import for good
 * and leaves its router waiting on it; this one never rejects to the router: a chunk that cannot load
 * (offline, a flaky network) shows the app's error state, whose 再試行 imports it again. Never a reload:
 * inside LINE, a reload while offline replaces the app with the browser's offline page.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>): LazyPage<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<ComponentType<P>> | undefined;
  // The failure of the last import a render waited for; a failed prefetch is silent (the tap retries).
  let failure: unknown;

  const fetchChunk = () => {
    loading ??= load().then(
      (component) => {
        loaded = component;
        return component;
      },
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    return loading;
  };

  function Failed({ error, retry }: { error: unknown; retry: () => void }) {
    // Leaving the error state forgets the failure: the next visit tries the import again.
    useEffect(
      () => () => {
        failure = undefined;
      },
      [],
    );
    return <ErrorState title={t.pageFailed} error={error} message={t.errors.network} onRetry={retry} />;
  }

  function Page(props: P) {
    const [, rerender] = useState(0);
    const waiting = useRef<Promise<void> | null>(null);
    if (loaded) {
      const Loaded = loaded;
      return <Loaded {...props} />;
    }
    if (failure !== undefined) {
      const retry = () => {
        failure = undefined;
        waiting.current = null;
        rerender((n) => n + 1);
      };
      return <Failed error={failure} retry={retry} />;
    }
    // As preact-iso's `lazy`: the page renders itself again once its code has come, or has failed to.
    if (!waiting.current) {
      // Not during this render: a signal written while rendering would re-render what reads it mid-way.
      queueMicrotask(() => screensLoading.value++);
      waiting.current = fetchChunk().then(
        () => undefined,
        (error: unknown) => {
          failure = error;
        },
      );
      void waiting.current.then(() => {
        screensLoading.value--;
        rerender((n) => n + 1);
      });
    }
    throw waiting.current;
  }
  Page.prefetch = () => void fetchChunk().catch(() => undefined);
  return Page;
}
