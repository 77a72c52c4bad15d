import { useEffect } from 'preact/hooks';
import { channelsApi } from '../api/channels';
import type { ChannelState } from '../api/types';
import { formatDate } from '../i18n';
import { tc } from '../i18n/channels';
import { describeError } from '../i18n/labels';
import { broadcastPath, channelPath } from '../paths';
import { client } from '../services';
import { createDisconnectModel } from '../state/channel';
import { Avatar } from './Avatar';
import { ConfirmDialog } from './ConfirmDialog';
import './channel.css';

const disconnect = createDisconnectModel(channelsApi(client));

type Props = {
  accountId: string;
  channel: ChannelState;
  /** manage_settings: connects, reconnects and disconnects. */
  canManage: boolean;
  onChanged: () => void;
};

/**
 * The account page's 「Messaging API」 section (SPEC §9): whether the account's own channel is connected and
 * verified with LINE, the way to メッセージを作成, and for admins the connection itself.
 */
export function ChannelPanel({ accountId, channel, canManage, onChanged }: Props) {
  // The dialog belongs to the account it was opened on, not to the next one shown.
  useEffect(() => disconnect.close(), [accountId]);
  const p = tc().panel;
  return (
    <section aria-labelledby="channel-heading" class="channel-panel">
      <div class="section-head">
        <h2 id="channel-heading">{p.title}</h2>
        <span class={channel.connected ? 'badge badge-admin' : 'badge'}>
          {channel.connected && <span aria-hidden="true">✓ </span>}
          {channel.connected ? p.verified : p.notConnected}
        </span>
      </div>
      {channel.connected ? (
        <>
          <div class="channel-bot">
            <Avatar name={channel.displayName} pictureUrl={channel.pictureUrl} />
            <span class="row-main">
              <span class="row-title">{channel.displayName}</span>
              <span class="muted small">
                {p.basicId}: {channel.basicId}
              </span>
              <span class="muted small">
                {p.connectedBy(channel.connectedBy.displayName, formatDate(channel.connectedAt))}
              </span>
            </span>
          </div>
          <div class="actions">
            <a class="button" href={broadcastPath(accountId)}>
              {p.compose}
            </a>
            {canManage && (
              <>
                <a class="button button-secondary" href={channelPath(accountId)}>
                  {p.reconnect}
                </a>
                <button type="button" class="button button-danger-outline" onClick={disconnect.show}>
                  {p.disconnect}
                </button>
              </>
            )}
          </div>
          {canManage && (
            <ConfirmDialog
              open={disconnect.open.value}
              title={p.disconnectTitle}
              confirmLabel={p.disconnect}
              busyLabel={p.disconnecting}
              busy={disconnect.busy.value}
              cancelLabel={p.cancel}
              onConfirm={async () => {
                if (await disconnect.confirm(accountId)) onChanged();
              }}
              onClose={disconnect.close}
            >
              <p>{p.disconnectBody}</p>
              {disconnect.error.value !== null && (
                <p class="field-error" role="alert">
                  {p.disconnectFailed}: {describeError(disconnect.error.value).message}
                </p>
              )}
            </ConfirmDialog>
          )}
        </>
      ) : canManage ? (
        <>
          <p class="muted small">{p.introAdmin}</p>
          <a class="button" href={channelPath(accountId)}>
            {p.connect}
          </a>
        </>
      ) : (
        <p class="muted small">{p.introOther}</p>
      )}
    </section>
  );
}
