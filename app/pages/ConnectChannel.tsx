import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { channelsApi } from '../api/channels';
import type { ResourceDetail } from '../api/types';
import { AccountScreen } from '../components/AccountScreen';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { tc } from '../i18n/channels';
import { resourcePath } from '../paths';
import { client } from '../services';
import { createConnectModel, mismatchOf, type TokenError } from '../state/channel';
import './channels.css';

const form = createConnectModel(channelsApi(client));

// Demo and development builds: the local stand-in of LINE takes `standin-channel:<basicId>` as a channel token.
const demo = import.meta.env.VITE_LIFF_MOCK === 'true';

/** `/accounts/:id/channel`: an admin connects (or reconnects) the account's Messaging API channel. */
export function ConnectChannel({ id }: { id: string }) {
  // The model outlives the page; whoever comes back finds an empty field, never a token.
  useEffect(() => form.reset, []);
  return (
    <AccountScreen id={id} title={tc().connect.title}>
      {(detail) =>
        detail.capabilities.includes('manage_settings') ? (
          <ConnectForm detail={detail} />
        ) : (
          <EmptyState title={tc().connect.adminsOnly}>
            <p>{tc().connect.adminsOnlyBody}</p>
          </EmptyState>
        )
      }
    </AccountScreen>
  );
}

function tokenMessage(error: TokenError): string {
  return error === 'required' ? tc().connect.tokenRequired : tc().connect.tokenFormat;
}

function ConnectForm({ detail }: { detail: ResourceDetail }) {
  const c = tc().connect;
  const { route } = useLocation();
  const { id, basicId } = detail.resource;

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const outcome = await form.submit(id);
    if (outcome.kind === 'connected') route(resourcePath('account', id));
    if (outcome.kind === 'invalid') document.getElementById('channel-token')?.focus();
  }

  const tokenError = form.tokenError.value;
  const sending = form.sending.value;
  const error = form.error.value;
  return (
    <>
      <p>{c.intro}</p>
      <h2>{c.guideTitle}</h2>
      <ol class="guide">
        {c.guide.map((step) => (
          <li key={step}>{step}</li>
        ))}
      </ol>
      {demo && basicId && <DemoToken basicId={basicId} />}
      <form class="form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="channel-token">{c.token}</label>
          <input
            id="channel-token"
            name="channelAccessToken"
            type="password"
            autocomplete="off"
            autocapitalize="none"
            spellcheck={false}
            value={form.token}
            onInput={(event) => form.setToken(event.currentTarget.value)}
            aria-invalid={tokenError !== null}
            aria-describedby={tokenError ? 'channel-token-hint channel-token-error' : 'channel-token-hint'}
          />
          <p id="channel-token-hint" class="muted small">
            {c.tokenHint}
          </p>
          {tokenError && (
            <p id="channel-token-error" class="field-error">
              {tokenMessage(tokenError)}
            </p>
          )}
        </div>
        {error !== null && <ErrorState title={c.failed} error={error} message={refusal(error)} />}
        <div class="actions">
          <button type="submit" class="button" disabled={sending} aria-busy={sending}>
            {sending ? c.sending : c.submit}
          </button>
          <a class="button button-secondary" href={resourcePath('account', id)}>
            {c.cancel}
          </a>
        </div>
      </form>
    </>
  );
}

/** CHANNEL_MISMATCH names both basic IDs; every other refusal says what its code says. */
function refusal(error: unknown): string | undefined {
  const mismatch = mismatchOf(error);
  return mismatch ? tc().connect.mismatch(mismatch.accountBasicId, mismatch.channelBasicId) : undefined;
}

function DemoToken({ basicId }: { basicId: string }) {
  const c = tc().connect;
  const token = `standin-channel:${basicId}`;
  return (
    <div class="panel demo-token">
      <h2>{c.demoTitle}</h2>
      <p class="small">{c.demoHint}</p>
      <p>
        <code>{token}</code>
      </p>
      <button type="button" class="button button-secondary" onClick={() => form.setToken(token)}>
        {c.demoUse}
      </button>
    </div>
  );
}
