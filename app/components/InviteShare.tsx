import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { IssuedInvite } from '../api/invites';
import type { ResourceKind } from '../api/types';
import { invitesText } from '../i18n/invites';
import { inviteMessage } from '../invite-message';
import { canShare, share } from '../share';
import './invites.css';

type Props = {
  invite: IssuedInvite;
  resourceName: string;
  kind: ResourceKind;
  inviter: string;
};

type Feedback = { tone: 'ok' | 'error'; text: string } | null;

/**
 * The three ways to hand an invite over: LINE's share target picker (only where LINE offers it), the link
 * to copy, and a QR code to scan in person. Each result is announced in one status line.
 */
export function InviteShare({ invite, resourceName, kind, inviter }: Props) {
  const text = invitesText().result;
  const id = useId();
  const field = useRef<HTMLInputElement>(null);
  const [shareable, setShareable] = useState(false);
  const [sharing, setSharing] = useState(false);
  const [feedback, setFeedback] = useState<Feedback>(null);

  useEffect(() => {
    let live = true;
    void canShare().then((available) => {
      if (live) setShareable(available);
    });
    return () => {
      live = false;
    };
  }, []);

  async function onShare() {
    setSharing(true);
    setFeedback(null);
    try {
      const message = inviteMessage({
        resourceName,
        kind,
        inviter,
        role: invite.invite.role,
        expiresAt: invite.invite.expiresAt,
        url: invite.url,
      });
      // Closing the picker without choosing anyone is not a failure: nothing to say.
      if (await share([message])) setFeedback({ tone: 'ok', text: text.shared });
    } catch (error) {
      console.error(error);
      setFeedback({ tone: 'error', text: text.shareFailed });
    } finally {
      setSharing(false);
    }
  }

  async function onCopy() {
    try {
      // Undefined outside a secure context; refused without permission: both land in the fallback.
      await navigator.clipboard.writeText(invite.url);
      setFeedback({ tone: 'ok', text: text.copied });
    } catch {
      field.current?.focus();
      field.current?.select();
      setFeedback({ tone: 'error', text: text.copyFailed });
    }
  }

  return (
    <>
      <div class="copy-field">
        <label for={`${id}-link`}>{text.link}</label>
        <input
          ref={field}
          id={`${id}-link`}
          type="url"
          readOnly
          value={invite.url}
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div class="share-actions">
        {shareable && (
          <button type="button" class="button" onClick={onShare} disabled={sharing} aria-busy={sharing}>
            {sharing ? text.sharing : text.share}
          </button>
        )}
        <button type="button" class={shareable ? 'button button-secondary' : 'button'} onClick={onCopy}>
          {text.copy}
        </button>
        <p class="status-line" role="status" data-tone={feedback?.tone}>
          {feedback?.text}
        </p>
        <QrCode url={invite.url} />
      </div>
    </>
  );
}

/** The QR code, drawn on demand: its encoder is a chunk of its own, fetched at the first tap. */
function QrCode({ url }: { url: string }) {
  const text = invitesText().result;
  const id = useId();
  const [open, setOpen] = useState(false);
  const [image, setImage] = useState<string | 'failed' | null>(null);

  useEffect(() => {
    if (!open || image) return;
    let live = true;
    import('uqr')
      .then(({ renderSVG }) => {
        // An <img> with a data: URL: the CSP allows img-src data:, and no markup is injected into the page.
        const svg = renderSVG(url, { ecc: 'M', border: 2 });
        if (live) setImage(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`);
      })
      .catch(() => {
        if (live) setImage('failed');
      });
    return () => {
      live = false;
    };
  }, [open, image, url]);

  return (
    <>
      <button
        type="button"
        class="button button-secondary"
        aria-expanded={open}
        aria-controls={`${id}-qr`}
        onClick={() => setOpen(!open)}
      >
        {open ? text.hideQr : text.showQr}
      </button>
      <div id={`${id}-qr`} hidden={!open}>
        {open && (
          <div class="qr">
            {image === 'failed' ? (
              <p class="row-error">{text.qrFailed}</p>
            ) : image ? (
              <img src={image} alt={text.qrAlt} width={240} height={240} />
            ) : (
              <span class="spinner" role="status" aria-label={text.showQr} />
            )}
            <p class="muted small">{text.qrHint}</p>
          </div>
        )}
      </div>
    </>
  );
}
