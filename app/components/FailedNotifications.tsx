import { useEffect } from 'preact/hooks';
import { failedNotificationsApi } from '../api/notifications';
import type { ResourceKind } from '../api/types';
import { t } from '../i18n';
import { describeError } from '../i18n/labels';
import { formatDateTime } from '../i18n/manage';
import { tn } from '../i18n/notifications';
import { client } from '../services';
import { createFailedNotificationsModel } from '../state/failed-notifications';

const model = createFailedNotificationsModel(failedNotificationsApi(client));

/**
 * For the resource's admins: notifications about it that LINE could not be made to deliver (kept, SPEC §8),
 * so that the person can be told another way. Nothing at all when there are none.
 */
export function FailedNotifications({ kind, id }: { kind: ResourceKind; id: string }) {
  useEffect(() => {
    void model.load(kind, id);
  }, [kind, id]);
  if (!model.visible.value) return null;
  const text = tn().failed;
  const items = model.items.value;
  const error = model.error.value;
  return (
    <section aria-labelledby="failed-notifications-heading">
      <div class="section-head">
        <h2 id="failed-notifications-heading">{text.title}</h2>
        {items.length > 0 && <span class="muted small">{t.home.count(items.length)}</span>}
      </div>
      <p class="muted small">{text.hint}</p>
      {items.length > 0 && (
        <ul class="list">
          {items.map((item) => (
            <li key={item.id} class="row">
              <span class="row-main">
                <span class="row-title">
                  <span aria-hidden="true">⚠ </span>
                  {text.row(item.recipient.displayName, text.kinds[item.kind])}
                </span>
                <span class="muted small">
                  <time dateTime={item.createdAt}>{formatDateTime(item.createdAt)}</time> ·{' '}
                  {text.attempts(item.attempts)}
                </span>
                {item.lastError && (
                  <details class="muted small">
                    <summary>{text.lastError}</summary>
                    <code>{item.lastError}</code>
                  </details>
                )}
              </span>
            </li>
          ))}
        </ul>
      )}
      {error !== null && (
        <p class="warning-text small" role="alert">
          {text.loadFailed}: {describeError(error).message}{' '}
          <button type="button" class="button button-secondary" onClick={() => void model.load(kind, id)}>
            {t.retry}
          </button>
        </p>
      )}
    </section>
  );
}
