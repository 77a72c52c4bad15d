import type { ReadonlySignal } from '@preact/signals';
import { describeError } from '../i18n/labels';
import './more.css';

/** What 「さらに表示」 needs of a paged list (app/state/paged.ts, through its page's model). */
export type MoreSource = {
  readonly hasMore: ReadonlySignal<boolean>;
  readonly loadingMore: ReadonlySignal<boolean>;
  readonly moreError: ReadonlySignal<unknown>;
  more(): Promise<void>;
};

/**
 * 「さらに表示」 under a paged list, while there is more: busy while the next page loads, so a second tap
 * asks nothing twice, and with the reason when the last try failed (the items shown stay).
 */
export function MoreItems({
  source,
  label,
  loadingLabel,
  failedLabel,
}: {
  source: MoreSource;
  label: string;
  loadingLabel: string;
  failedLabel: string;
}) {
  if (!source.hasMore.value) return null;
  const loading = source.loadingMore.value;
  const error = source.moreError.value;
  return (
    <div class="more">
      {error !== null && (
        <p class="field-error" role="alert">
          {failedLabel}: {describeError(error).message}
        </p>
      )}
      <button
        type="button"
        class="button button-secondary"
        onClick={() => void source.more()}
        disabled={loading}
        aria-busy={loading}
      >
        {loading ? loadingLabel : label}
      </button>
    </div>
  );
}
