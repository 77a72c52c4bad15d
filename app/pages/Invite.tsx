import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { invitesApi } from '../api/invites';
import { Avatar } from '../components/Avatar';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorState } from '../components/ErrorState';
import { PageHeading } from '../components/PageHeading';
import { RoleBadge } from '../components/RoleBadge';
import { Spinner } from '../components/Skeleton';
import { t } from '../i18n';
import { formatDateTime, invitesText } from '../i18n/invites';
import { roleLabel } from '../i18n/labels';
import { roleDescription } from '../i18n/roles';
import { resourcePath } from '../paths';
import { client } from '../services';
import { createAcceptanceModel, type Problem } from '../state/acceptance';
import { timeLeft } from '../state/invites';
import '../components/invites.css';

const model = createAcceptanceModel(invitesApi(client));

/**
 * `/invite?token=…`: the invitee's screen. In LINE the URL arrives through liff.state, which liff.init has
 * turned back into this path and query before the app read the URL (main.tsx), also after a LINE Login.
 */
export function InvitePage() {
  const { query } = useLocation();
  const token = query.token;
  useEffect(() => {
    void model.open(token);
  }, [token]);

  const screen = model.screen.value;
  switch (screen.kind) {
    case 'loading':
      return <Spinner />;
    case 'error':
      return (
        <ErrorState
          title={invitesText().accept.loadFailed}
          error={screen.error}
          onRetry={() => void model.retry()}
        />
      );
    case 'open':
      return <OpenInvite />;
    case 'problem':
      return <ProblemScreen problem={screen.problem} />;
    default:
      return <Outcome />;
  }
}

function OpenInvite() {
  const text = invitesText().accept;
  const preview = model.preview.value;
  const [confirming, setConfirming] = useState(false);
  if (!preview) return null;
  const { invite } = preview;
  const { resource } = invite;
  const busy = model.busy.value;
  return (
    <>
      <PageHeading title={text.title(resource.name)} />
      <div class="invite-card">
        <div class="inviter">
          <Avatar name={invite.invitedBy.displayName} pictureUrl={invite.invitedBy.pictureUrl} />
          <p>{text.invitedBy(invite.invitedBy.displayName)}</p>
        </div>
        <dl class="facts">
          <dt>{t.kinds[resource.kind]}</dt>
          <dd>
            <strong>{resource.name}</strong>
            {resource.basicId && <span class="muted small"> {resource.basicId}</span>}
          </dd>
          <dt>{text.role}</dt>
          <dd>
            <RoleBadge role={invite.role} kind={resource.kind} />
            <p class="muted small">{roleDescription(invite.role, resource.kind)}</p>
          </dd>
          <dt>{text.expires}</dt>
          <dd>
            <time dateTime={invite.expiresAt}>
              {text.until(
                formatDateTime(invite.expiresAt),
                invitesText().left(timeLeft(invite.expiresAt, Date.now())),
              )}
            </time>
          </dd>
        </dl>
      </div>
      {invite.requiresApproval && <p class="muted small">{text.approvalNote}</p>}
      {model.actionError.value !== null && (
        <ErrorState title={text.actionFailed} error={model.actionError.value} />
      )}
      <div class="actions decision">
        <button
          type="button"
          class="button"
          disabled={busy !== null}
          aria-busy={busy === 'accept'}
          onClick={() => void model.accept()}
        >
          {busy === 'accept' ? text.accepting : text.accept}
        </button>
        <button
          type="button"
          class="button button-secondary"
          disabled={busy !== null}
          onClick={() => setConfirming(true)}
        >
          {text.decline}
        </button>
      </div>
      <ConfirmDialog
        open={confirming}
        title={text.declineConfirm}
        confirmLabel={text.declineYes}
        busyLabel={text.declining}
        busy={busy === 'decline'}
        cancelLabel={text.declineNo}
        onConfirm={async () => {
          await model.decline();
          setConfirming(false);
        }}
        onClose={() => setConfirming(false)}
      />
    </>
  );
}

function Outcome() {
  const text = invitesText().accept;
  const screen = model.screen.value;
  const resource = model.resource.value;
  const role = model.preview.value?.invite.role;
  const name = resource?.name ?? '';
  let title: string;
  let body: string;
  let tone: Tone = 'ok';
  let link = false;
  switch (screen.kind) {
    case 'joined':
      title = screen.now ? text.joined(name) : text.joinedEarlier;
      body = role && resource ? text.joinedBody(roleLabel(role, resource.kind)) : '';
      link = true;
      break;
    case 'awaiting':
      title = text.awaiting;
      body = text.awaitingBody(name);
      tone = 'wait';
      break;
    case 'declined':
      title = screen.now ? text.declined : text.declinedEarlier;
      body = text.declinedBody;
      tone = 'neutral';
      break;
    default:
      title = text.rejected;
      body = text.rejectedBody;
      tone = 'neutral';
  }
  return <ResultScreen tone={tone} title={title} body={body} link={link} />;
}

function ProblemScreen({ problem }: { problem: Problem }) {
  const words = invitesText().accept.problems[problem];
  // A member is pointed to what they already have; every other problem needs a new link from an admin.
  return (
    <ResultScreen tone="problem" title={words.title} body={words.body} link={problem === 'already-member'}>
      {(problem === 'expired' || problem === 'revoked' || problem === 'used') && <Whose />}
    </ResultScreen>
  );
}

/** Whose invite a dead link was: which account or group, and whom to ask for a new one. */
function Whose() {
  const text = invitesText().accept;
  const whose = model.whose.value;
  if (!whose) return null;
  return (
    <section class="invite-card whose" aria-label={text.whoseTitle}>
      <dl class="facts">
        <dt>{text.whoseKind(whose.kind)}</dt>
        <dd>
          <strong>{whose.resourceName}</strong>
        </dd>
        <dt>{text.whoseInviter}</dt>
        <dd>{whose.inviterName}</dd>
      </dl>
      <p class="small">{text.askInviter(whose.inviterName)}</p>
    </section>
  );
}

type Tone = 'ok' | 'wait' | 'neutral' | 'problem';

/** The outcome's sign: plain characters every system font has (no emoji, which some devices lack). */
const MARKS: Record<Tone, string> = { ok: '✓', wait: '…', neutral: '–', problem: '!' };

type ResultProps = { tone: Tone; title: string; body: string; link: boolean; children?: ComponentChildren };

function ResultScreen({ tone, title, body, link, children }: ResultProps) {
  const text = invitesText().accept;
  const resource = model.resource.value;
  return (
    <div class="outcome">
      <span class="outcome-mark" data-tone={tone} aria-hidden="true">
        {MARKS[tone]}
      </span>
      <PageHeading title={title} />
      {body && <p>{body}</p>}
      {children}
      <div class="actions">
        {link && resource && (
          <a class="button" href={resourcePath(resource.kind, resource.id)}>
            {text.open(resource.kind)}
          </a>
        )}
        <a class={link && resource ? 'button button-secondary' : 'button'} href="/">
          {text.home}
        </a>
      </div>
    </div>
  );
}
