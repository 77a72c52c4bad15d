import { useEffect } from 'preact/hooks';
import { channelsApi, type Delivery } from '../api/channels';
import { hasCode } from '../api/errors';
import { formatDateTime } from '../i18n';
import { formatDay, tc } from '../i18n/channels';
import { channelPath } from '../paths';
import { client } from '../services';
import { createStatsModel } from '../state/stats';
import { ErrorState } from './ErrorState';
import { Skeleton } from './Skeleton';
import './channel.css';

const model = createStatsModel(channelsApi(client));

/**
 * The account page's 分析 (SPEC §9), for those whose role may view statistics: yesterday's friends, targeted
 * reach and blocks as LINE counted them, and the latest sends through Kengen.
 */
export function StatsPanel({ accountId, canManage }: { accountId: string; canManage: boolean }) {
  useEffect(() => {
    void model.load(accountId);
  }, [accountId]);
  const s = tc().stats;
  return (
    <section aria-labelledby="stats-heading">
      <h2 id="stats-heading">{s.title}</h2>
      <StatsBody accountId={accountId} canManage={canManage} />
    </section>
  );
}

function StatsBody({ accountId, canManage }: { accountId: string; canManage: boolean }) {
  const s = tc().stats;
  const status = model.status.value;
  const data = model.stats.value;
  if (status === 'error') {
    const error = model.error.value;
    // LINE no longer takes the stored token, or the keys no longer open it: retrying does not help, a new
    // token does (admins).
    const reconnect =
      canManage && (hasCode(error, 'CHANNEL_TOKEN_REVOKED') || hasCode(error, 'CHANNEL_TOKEN_UNREADABLE')) ? (
        <a class="button" href={channelPath(accountId)}>
          {tc().panel.reconnect}
        </a>
      ) : undefined;
    return (
      <ErrorState
        title={s.loadFailed}
        error={error}
        onRetry={() => void model.load(accountId)}
        action={reconnect}
      />
    );
  }
  if (!data) return <Skeleton rows={2} />;
  const { stats, deliveries } = data;
  const number = (value: number | null) => (value === null ? s.none : s.people(value));
  return (
    <>
      <dl class="stats">
        <div>
          <dt>{s.friends}</dt>
          <dd>{number(stats.followers)}</dd>
        </div>
        <div>
          <dt>{s.targetedReaches}</dt>
          <dd>{number(stats.targetedReaches)}</dd>
        </div>
        <div>
          <dt>{s.blocks}</dt>
          <dd>{number(stats.blocks)}</dd>
        </div>
      </dl>
      <p class="muted small">{s.asOf(formatDay(stats.date))}</p>
      {stats.status === 'unready' && <p class="small">{s.unready}</p>}
      {stats.status === 'out_of_service' && <p class="small">{s.outOfService}</p>}
      <h3>{s.deliveries}</h3>
      {deliveries.length === 0 ? (
        <p class="muted small">{s.noDeliveries}</p>
      ) : (
        <ul class="list" aria-label={s.deliveries}>
          {deliveries.map((delivery) => (
            <DeliveryRow key={delivery.id} delivery={delivery} />
          ))}
        </ul>
      )}
    </>
  );
}

function DeliveryRow({ delivery }: { delivery: Delivery }) {
  const s = tc().stats;
  return (
    <li class="row">
      <span class="row-main">
        <span class="row-title delivery-preview">{delivery.preview}</span>
        <span class="muted small">
          <time dateTime={delivery.sentAt}>{formatDateTime(delivery.sentAt)}</time> ·{' '}
          {s.deliveryBy(delivery.sentBy.displayName, delivery.messageCount)}
        </span>
      </span>
      <span class={delivery.kind === 'broadcast' ? 'badge badge-admin' : 'badge'}>
        {s.kinds[delivery.kind]}
      </span>
    </li>
  );
}
