import { useEffect, useState } from 'preact/hooks';
import { hasCode } from '../api/errors';
import { type EndedInvite, invitesApi, type JoinRequest, type OpenInvite } from '../api/invites';
import type { ResourceDetail, ResourceKind } from '../api/types';
import { describeInviteError, formatDateTime, invitesText } from '../i18n/invites';
import { roleLabel } from '../i18n/labels';
import { throughGroupText } from '../i18n/roles';
import { addMemberPath } from '../paths';
import { client, session } from '../services';
import { adminOnlyThroughGroup } from '../state/grants';
import { createInvitesModel, timeLeft } from '../state/invites';
import { Avatar } from './Avatar';
import { ConfirmDialog } from './ConfirmDialog';
import { ErrorState } from './ErrorState';
import { InviteShare } from './InviteShare';
import { RoleBadge } from './RoleBadge';
import { SettingSwitch } from './SettingSwitch';
import { Skeleton } from './Skeleton';
import './invites.css';

const model = createInvitesModel(invitesApi(client));

type Props = {
  detail: ResourceDetail;
  /** An approved request added a member: the page reloads its member list. */
  onMembersChanged: () => void;
};

type Confirming =
  | { kind: 'revoke'; invite: OpenInvite }
  | { kind: 'reissue'; invite: OpenInvite }
  | { kind: 'reject'; request: JoinRequest }
  | null;

/**
 * The admin's side of invites on an account or group page: join requests to decide, pending invites to
 * revoke, メンバーを追加, and whether joining needs an admin's approval. Shown only to member managers.
 */
export function InvitesPanel({ detail, onMembersChanged }: Props) {
  const { kind, id, requireApproval } = detail.resource;
  const [confirming, setConfirming] = useState<Confirming>(null);
  // Also when the page's refreshed detail brings the setting as stored (another admin may have changed it).
  useEffect(() => {
    void model.load(kind, id, requireApproval);
  }, [kind, id, requireApproval]);

  const text = invitesText().panel;
  const status = model.status.value;
  return (
    <>
      {model.requests.value.length > 0 && (
        <JoinRequests
          kind={kind}
          throughGroupOnly={adminOnlyThroughGroup(detail)}
          onApprove={async (request) => {
            if (await model.approve(request.id)) onMembersChanged();
          }}
          onReject={(request) => setConfirming({ kind: 'reject', request })}
        />
      )}
      <section aria-labelledby="invites-heading">
        <h2 id="invites-heading">{text.invites}</h2>
        <a class="button add-member" href={addMemberPath(kind, id)}>
          {invitesText().addMember}
        </a>
        {status === 'error' ? (
          <ErrorState
            title={text.loadFailed}
            error={model.error.value}
            onRetry={() => void model.load(kind, id, model.requireApproval.peek())}
          />
        ) : status !== 'ready' ? (
          <Skeleton rows={1} />
        ) : (
          <>
            <Reissued detail={detail} />
            <PendingInvites
              kind={kind}
              onRevoke={(invite) => setConfirming({ kind: 'revoke', invite })}
              onReissue={(invite) => setConfirming({ kind: 'reissue', invite })}
            />
          </>
        )}
        <ApprovalSetting />
      </section>
      {status === 'ready' && model.ended.value.length > 0 && <EndedInvites kind={kind} />}
      <ConfirmDialog
        open={confirming !== null}
        title={
          confirming?.kind === 'reject'
            ? text.rejectConfirm(confirming.request.user.displayName)
            : confirming?.kind === 'reissue'
              ? text.reissueConfirm
              : text.revokeConfirm
        }
        confirmLabel={
          confirming?.kind === 'reject'
            ? text.reject
            : confirming?.kind === 'reissue'
              ? text.reissueYes
              : text.revoke
        }
        cancelLabel={text.keep}
        busy={
          confirming !== null &&
          model.busy.value.has(confirming.kind === 'reject' ? confirming.request.id : confirming.invite.id)
        }
        onConfirm={async () => {
          if (!confirming) return;
          if (confirming.kind === 'reject') await model.reject(confirming.request.id);
          else if (confirming.kind === 'reissue') await model.reissue(confirming.invite.id);
          else await model.revoke(confirming.invite.id);
          setConfirming(null);
        }}
        onClose={() => setConfirming(null)}
      />
    </>
  );
}

function RowFailure({ id }: { id: string }) {
  const failure = model.failure.value;
  if (failure?.id !== id) return null;
  // Only an approval is refused with FORBIDDEN to an admin: an admin's request, by an admin through a group.
  const message = hasCode(failure.error, 'FORBIDDEN')
    ? throughGroupText().refused
    : describeInviteError(failure.error).message;
  return (
    <p class="row-error" role="alert">
      {message}
    </p>
  );
}

type RequestsProps = {
  kind: ResourceKind;
  /** SPEC rule 11: an admin through a group cannot approve someone as admin. */
  throughGroupOnly: boolean;
  onApprove: (request: JoinRequest) => void;
  onReject: (request: JoinRequest) => void;
};

function JoinRequests({ kind, throughGroupOnly, onApprove, onReject }: RequestsProps) {
  const text = invitesText().panel;
  return (
    <section aria-labelledby="requests-heading">
      <h2 id="requests-heading">{text.requests}</h2>
      <p class="muted small">{text.requestsHint}</p>
      <ul class="list">
        {model.requests.value.map((request) => {
          const busy = model.busy.value.has(request.id);
          const locked = throughGroupOnly && request.role === 'admin';
          return (
            <li key={request.id} class="row-stack">
              <div class="row">
                <Avatar name={request.user.displayName} pictureUrl={request.user.pictureUrl} />
                <span class="row-main">
                  <span class="row-title">{request.user.displayName}</span>
                  <span class="muted small">{text.requestRole(roleLabel(request.role, kind))}</span>
                  <time class="muted small" dateTime={request.createdAt}>
                    {formatDateTime(request.createdAt)}
                  </time>
                </span>
              </div>
              {locked && <p class="muted small">{throughGroupText().noAdmin}</p>}
              <div class="row-actions">
                {!locked && (
                  <button
                    type="button"
                    class="button"
                    disabled={busy}
                    aria-busy={busy}
                    onClick={() => onApprove(request)}
                    aria-label={`${text.approve}: ${request.user.displayName}`}
                  >
                    {text.approve}
                  </button>
                )}
                <button
                  type="button"
                  class="button button-secondary"
                  disabled={busy}
                  onClick={() => onReject(request)}
                  aria-label={`${text.reject}: ${request.user.displayName}`}
                >
                  {text.reject}
                </button>
              </div>
              <RowFailure id={request.id} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

/** Time left moves on while the page is open; a minute is the finest step shown. */
function useMinuteClock(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

type PendingProps = {
  kind: ResourceKind;
  onRevoke: (invite: OpenInvite) => void;
  onReissue: (invite: OpenInvite) => void;
};

/** Whom an invite is for, as its issuer wrote it. */
function Memo({ memo }: { memo: string | null }) {
  return memo ? <span class="invite-memo small">{invitesText().panel.memo(memo)}</span> : null;
}

/** The link 再発行 just made, to send at once: the token is shown only in this answer. */
function Reissued({ detail }: { detail: ResourceDetail }) {
  const text = invitesText().panel;
  const reissued = model.reissued.value;
  if (!reissued) return null;
  return (
    <section class="reissued" aria-label={text.reissued}>
      <p class="row-title">{text.reissued}</p>
      <p class="muted small">{text.reissuedBody}</p>
      <p class="small">
        <RoleBadge role={reissued.invite.role} kind={detail.resource.kind} />{' '}
        <Memo memo={reissued.invite.memo} />
      </p>
      <InviteShare
        invite={reissued}
        resourceName={detail.resource.name}
        kind={detail.resource.kind}
        inviter={session.user.value?.displayName ?? ''}
      />
      <button type="button" class="button button-secondary" onClick={() => model.dismissReissued()}>
        {text.closeReissued}
      </button>
    </section>
  );
}

function PendingInvites({ kind, onRevoke, onReissue }: PendingProps) {
  const text = invitesText();
  const now = useMinuteClock();
  const invites = model.invites.value;
  if (invites.length === 0) return <p class="muted small">{text.panel.noInvites}</p>;
  return (
    <ul class="list">
      {invites.map((invite) => {
        const busy = model.busy.value.has(invite.id);
        return (
          <li key={invite.id} class="row-stack">
            <div class="row">
              <span class="row-main">
                <span class="row-title">
                  <RoleBadge role={invite.role} kind={kind} />
                </span>
                <Memo memo={invite.memo} />
                <span class="muted small">
                  {text.panel.invitedBy(invite.createdBy.displayName)} ·{' '}
                  <time dateTime={invite.expiresAt}>{text.left(timeLeft(invite.expiresAt, now))}</time>
                </span>
              </span>
            </div>
            <div class="row-actions">
              <button
                type="button"
                class="button button-secondary"
                disabled={busy}
                aria-busy={busy}
                onClick={() => onReissue(invite)}
              >
                {text.panel.reissue}
              </button>
              <button
                type="button"
                class="button button-secondary"
                disabled={busy}
                aria-busy={busy}
                onClick={() => onRevoke(invite)}
              >
                {text.panel.revoke}
              </button>
            </div>
            <RowFailure id={invite.id} />
          </li>
        );
      })}
    </ul>
  );
}

/** Invites that ended unused lately: one tap on 再発行 makes a new link with the same role and memo. */
function EndedInvites({ kind }: { kind: ResourceKind }) {
  const text = invitesText().panel;
  return (
    <section aria-labelledby="ended-invites-heading">
      <h2 id="ended-invites-heading">{text.ended}</h2>
      <p class="muted small">{text.endedHint}</p>
      <ul class="list">
        {model.ended.value.map((invite: EndedInvite) => {
          const busy = model.busy.value.has(invite.id);
          const when = formatDateTime(invite.endedAt);
          return (
            <li key={invite.id} class="row-stack" data-status={invite.status}>
              <div class="row">
                <span class="row-main">
                  <span class="row-title">
                    <RoleBadge role={invite.role} kind={kind} />
                  </span>
                  <Memo memo={invite.memo} />
                  <span class="muted small">
                    {invite.status === 'declined'
                      ? text.declinedAt(invite.declinedBy?.displayName ?? null, when)
                      : text.expiredAt(when)}{' '}
                    · {text.invitedBy(invite.createdBy.displayName)}
                  </span>
                </span>
                <button
                  type="button"
                  class="button"
                  disabled={busy}
                  aria-busy={busy}
                  onClick={() => void model.reissue(invite.id)}
                >
                  {text.reissue}
                </button>
              </div>
              <RowFailure id={invite.id} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function ApprovalSetting() {
  const text = invitesText().approval;
  const saving = model.savingApproval.value;
  const error = model.approvalError.value;
  return (
    <>
      <SettingSwitch
        label={text.label}
        hint={text.hint}
        checked={model.requireApproval.value}
        saving={saving}
        onChange={(checked) => void model.setRequireApproval(checked)}
      />
      {error !== null && (
        <p class="row-error" role="alert">
          {text.failed}: {describeInviteError(error).message}
        </p>
      )}
    </>
  );
}
