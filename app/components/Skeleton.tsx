import { t } from '../i18n';

/** Placeholder rows in the shape of the list that is loading, so the page does not jump when it arrives. */
export function Skeleton({ rows = 3 }: { rows?: number }) {
  return (
    <div class="skeleton" role="status">
      <span class="visually-hidden">{t.loading}</span>
      {Array.from({ length: rows }, (_, index) => (
        <div key={index} class="skeleton-row" aria-hidden="true" />
      ))}
    </div>
  );
}

export function Spinner() {
  return (
    <div class="spinner-wrap" role="status">
      <span class="spinner" aria-hidden="true" />
      <span class="visually-hidden">{t.loading}</span>
    </div>
  );
}
