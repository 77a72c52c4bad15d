import { useEffect, useRef } from 'preact/hooks';
import { channelsApi } from '../api/channels';
import type { ResourceDetail } from '../api/types';
import { AccountScreen } from '../components/AccountScreen';
import { Avatar } from '../components/Avatar';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { EmptyState } from '../components/EmptyState';
import { Warning } from '../components/Warning';
import { formatDateTime } from '../i18n';
import { formatDay, tc } from '../i18n/channels';
import { describeError, roleLabel } from '../i18n/labels';
import { channelPath, lineViewPath, resourcePath } from '../paths';
import { client } from '../services';
import {
  audienceBlocked,
  createComposeModel,
  MESSAGE_MAX_LENGTH,
  type MessageError,
  messageLength,
  retrySafe,
  type SendOutcome,
} from '../state/compose';
import '../components/small-button.css';
import './channels.css';

const model = createComposeModel({ ...channelsApi(client), newKey: () => crypto.randomUUID() });

// Demo and development builds have the LINE view (/line) that shows what the local stand-in of LINE received.
const demo = import.meta.env.VITE_LIFF_MOCK === 'true';

type Bot = { basicId: string; displayName: string; pictureUrl: string | null };

/** `/accounts/:id/broadcast` (メッセージを作成): write, test-send to oneself, and broadcast if the role may. */
export function Broadcast({ id }: { id: string }) {
  // Another account, or a later visit, starts from a blank message.
  useEffect(() => model.reset, [id]);
  return (
    <AccountScreen id={id} title={tc().compose.title}>
      {(detail) => <Body detail={detail} />}
    </AccountScreen>
  );
}

function Body({ detail }: { detail: ResourceDetail }) {
  const channel = detail.channel;
  if (!channel?.connected) return <NotConnected detail={detail} />;
  const sent = model.sent.value;
  if (sent) {
    return <Sent detail={detail} basicId={channel.basicId} sentAt={sent.sentAt} count={sent.messageCount} />;
  }
  return <Composer detail={detail} bot={channel} />;
}

function NotConnected({ detail }: { detail: ResourceDetail }) {
  const c = tc().compose;
  const canConnect = detail.capabilities.includes('manage_settings');
  return (
    <EmptyState title={c.notConnected}>
      <p>{c.notConnectedBody}</p>
      {canConnect ? (
        <a class="button" href={channelPath(detail.resource.id)}>
          {tc().panel.connect}
        </a>
      ) : (
        <p>{c.notConnectedAsk}</p>
      )}
    </EmptyState>
  );
}

function errorText(error: MessageError): string {
  return error === 'empty' ? tc().compose.empty : tc().compose.tooLong(MESSAGE_MAX_LENGTH);
}

const fieldId = (index: number) => `message-${index + 1}`;

/** A message to correct takes the focus, so that its error is read out and the keyboard is at hand. */
function focusInvalid(outcome: SendOutcome | null): void {
  if (outcome?.kind === 'invalid') document.getElementById(fieldId(outcome.index))?.focus();
}

function Composer({ detail, bot }: { detail: ResourceDetail; bot: Bot }) {
  const c = tc().compose;
  const id = detail.resource.id;
  const canBroadcast = detail.capabilities.includes('broadcast');
  const texts = model.texts.value;
  const errors = model.errors.value;
  const testing = model.testing.value;
  const tested = model.tested.value;
  const testError = model.testError.value;
  return (
    <>
      <p class="muted small">{c.intro}</p>
      <div class="composer">
        {texts.map((text, index) => (
          <MessageField
            key={index}
            index={index}
            text={text}
            error={errors[index] ?? null}
            removable={texts.length > 1}
          />
        ))}
        {model.canAdd.value && (
          <button type="button" class="button button-secondary" onClick={model.add}>
            + {c.add}
          </button>
        )}
      </div>
      <Preview bot={bot} texts={texts} />
      <div class="actions send-actions">
        {canBroadcast && (
          <button type="button" class="button" onClick={() => focusInvalid(model.openConfirm(id))}>
            {c.send}
          </button>
        )}
        <button
          type="button"
          class="button button-secondary"
          disabled={testing}
          aria-busy={testing}
          onClick={async () => focusInvalid(await model.sendTest(id))}
        >
          {testing ? c.testing : c.test}
        </button>
      </div>
      <p class="muted small">{c.testHint}</p>
      {!canBroadcast && <p class="role-note">{c.cannotSend(roleLabel(detail.role, 'account'))}</p>}
      {tested && (
        <p class="notice" role="status">
          {c.tested(formatDateTime(tested.sentAt))}{' '}
          {demo && <a href={lineViewPath(bot.basicId)}>{c.lineView}</a>}
        </p>
      )}
      {testError !== null && (
        <p class="field-error" role="alert">
          {c.testFailed}: {describeError(testError).message}
        </p>
      )}
      {canBroadcast && <Confirm accountId={id} count={texts.length} />}
    </>
  );
}

function MessageField(props: {
  index: number;
  text: string;
  error: MessageError | null;
  removable: boolean;
}) {
  const { index, text, error, removable } = props;
  const c = tc().compose;
  const id = fieldId(index);
  const over = messageLength(text) > MESSAGE_MAX_LENGTH;
  return (
    <div class="field message-field">
      <div class="message-head">
        <label for={id}>{c.message(index + 1)}</label>
        {removable && (
          <button
            type="button"
            class="button button-secondary button-small"
            aria-label={c.remove(index + 1)}
            onClick={() => model.remove(index)}
          >
            {c.removeShort}
          </button>
        )}
      </div>
      <textarea
        id={id}
        rows={4}
        value={text}
        onInput={(event) => model.setText(index, event.currentTarget.value)}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-count ${id}-error` : `${id}-count`}
      />
      <p id={`${id}-count`} class={over ? 'counter field-error' : 'counter muted small'}>
        {c.counter(messageLength(text), MESSAGE_MAX_LENGTH)}
      </p>
      {error && (
        <p id={`${id}-error`} class="field-error">
          {errorText(error)}
        </p>
      )}
    </div>
  );
}

/** The messages as a LINE chat shows them, under the bot's name and picture. */
function Preview({ bot, texts }: { bot: Bot; texts: readonly string[] }) {
  const c = tc().compose;
  const shown = texts.map((text) => text.trim()).filter((text) => text !== '');
  return (
    <section aria-labelledby="preview-heading">
      <h2 id="preview-heading">{c.preview}</h2>
      <div class="line-preview">
        {shown.length === 0 ? (
          <p class="muted small">{c.previewEmpty}</p>
        ) : (
          <div class="line-preview-row">
            <Avatar name={bot.displayName} pictureUrl={bot.pictureUrl} />
            <div class="line-preview-from">
              <span class="line-preview-name">{bot.displayName}</span>
              <ol class="line-preview-bubbles">
                {shown.map((text, index) => (
                  <li key={index} class="line-preview-bubble">
                    {text}
                  </li>
                ))}
              </ol>
            </div>
          </div>
        )}
      </div>
    </section>
  );
}

/** 「{N}人の友だちに配信します」: whom it reaches and the month's quota, then the broadcast itself. */
function Confirm({ accountId, count }: { accountId: string; count: number }) {
  const f = tc().confirm;
  const audience = model.audience.data.value;
  const audienceStatus = model.audience.status.value;
  const error = model.broadcastError.value;
  const reach = audience?.audience.targetedReaches ?? null;
  const quota = audience?.quota;
  const left = quota && quota.limit !== null ? Math.max(0, quota.limit - quota.used) : null;
  return (
    <ConfirmDialog
      open={model.confirming.value}
      title={reach === null ? f.titleUnknown : f.title(reach)}
      confirmLabel={error === null ? f.confirm : f.retry}
      busyLabel={f.sending}
      busy={model.broadcasting.value}
      cancelLabel={f.cancel}
      onConfirm={() => void model.broadcast(accountId)}
      onClose={model.closeConfirm}
    >
      {audienceStatus === 'loading' && <p class="muted small">{f.counting}</p>}
      {audienceStatus === 'error' && <AudienceFailure error={model.audience.error.value} />}
      {audience && (
        <>
          {reach !== null && <p class="muted small">{f.reachNote(formatDay(audience.audience.date))}</p>}
          <p>
            {left === null ? f.quotaUnlimited : f.quotaLeft(left)}
            {left !== null && reach !== null && (
              <>
                <br />
                <span class="muted small">{f.quotaUse(reach)}</span>
              </>
            )}
          </p>
          {left !== null && reach !== null && reach > left && <Warning title={f.quotaShort} />}
        </>
      )}
      <p>{f.body(count)}</p>
      {error !== null && (
        <div role="alert">
          <p class="field-error">
            {f.failed}: {describeError(error).message}
          </p>
          {retrySafe(error) && <p class="muted small">{f.retrySafe}</p>}
        </div>
      )}
    </ConfirmDialog>
  );
}

/**
 * Why the audience is unknown. Only a passing trouble (LINE busy or silent, no network) leaves the broadcast
 * likely to go; anything else (a token to renew, no channel, the role, the quota) would refuse it too, so the
 * screen says that instead of 「配信はできます」.
 */
function AudienceFailure({ error }: { error: unknown }) {
  if (!audienceBlocked(error)) return <p class="muted small">{tc().confirm.countFailed}</p>;
  return (
    <p class="field-error" role="alert">
      {describeError(error).message}
    </p>
  );
}

function Sent(props: { detail: ResourceDetail; basicId: string; sentAt: string; count: number }) {
  const { detail, basicId, sentAt, count } = props;
  const s = tc().sent;
  const heading = useRef<HTMLHeadingElement>(null);
  // The composer is gone: the result takes the focus, so that a screen reader says it.
  useEffect(() => heading.current?.focus(), []);
  return (
    <div class="panel">
      <h2 ref={heading} tabIndex={-1}>
        <span aria-hidden="true">✓ </span>
        {s.title}
      </h2>
      <p>{s.body(formatDateTime(sentAt), count)}</p>
      <div class="actions">
        <button type="button" class="button" onClick={model.reset}>
          {s.again}
        </button>
        <a class="button button-secondary" href={resourcePath('account', detail.resource.id)}>
          {s.back}
        </a>
        {demo && (
          <a class="button button-secondary" href={lineViewPath(basicId)}>
            {tc().compose.lineView}
          </a>
        )}
      </div>
    </div>
  );
}
