/** 「さらに表示」 under a paged list: busy while the next page loads, so a second tap asks nothing twice. */
export function MoreButton({
  loading,
  label,
  loadingLabel,
  onMore,
}: {
  loading: boolean;
  label: string;
  loadingLabel: string;
  onMore: () => void;
}) {
  return (
    <button
      type="button"
      class="button button-secondary"
      onClick={onMore}
      disabled={loading}
      aria-busy={loading}
    >
      {loading ? loadingLabel : label}
    </button>
  );
}
