import { useId, useLayoutEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError, hasCode } from '../api/errors';
import { invitesApi } from '../api/invites';
import { resourcesApi } from '../api/resources';
import type { ResourceDetail, ResourceKind, Role } from '../api/types';
import { ErrorState } from '../components/ErrorState';
import { InviteShare } from '../components/InviteShare';
import { PageHeading } from '../components/PageHeading';
import { RoleBadge } from '../components/RoleBadge';
import { RolePicker } from '../components/RolePicker';
import { Skeleton } from '../components/Skeleton';
import { t } from '../i18n';
import { formatDateTime, invitesText } from '../i18n/invites';
import { ROLE_ORDER, throughGroupText } from '../i18n/roles';
import { resourcePath } from '../paths';
import { client, session } from '../services';
import { adminOnlyThroughGroup } from '../state/grants';
import { timeLeft } from '../state/invites';
import { createIssueModel } from '../state/issue';
import { createLoadable } from '../state/load';
import '../components/invites.css';
import { ResourceNotFound } from '../components/ResourceNotFound';

const resources = resourcesApi(client);
const form = createIssueModel(invitesApi(client));
const resource = createLoadable<ResourceDetail>();

type Props = { id: string };

export function AccountInvitePage({ id }: Props) {
  return <AddMember kind="account" id={id} />;
}

export function GroupInvitePage({ id }: Props) {
  return <AddMember kind="group" id={id} />;
}

function preselected(role: string | undefined): Role | null {
  return ROLE_ORDER.find((candidate) => candidate === role) ?? null;
}

function isAbsent(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.code === 'INVALID_INPUT');
}

function AddMember({ kind, id }: { kind: ResourceKind; id: string }) {
  const { query } = useLocation();
  const role = preselected(query.role);
  // Before the first paint: another resource's issued link must never show under this URL.
  useLayoutEffect(() => {
    form.reset(role);
    void resource.run(() => resources.detail(kind, id), false);
  }, [kind, id, role]);

  const text = invitesText();
  const status = resource.status.value;
  const detail = resource.data.value;
  if (status === 'error' && isAbsent(resource.error.value)) {
    return <ResourceNotFound />;
  }
  if (status === 'error') {
    return (
      <ErrorState
        title={t.resource.loadFailed}
        error={resource.error.value}
        onRetry={() => void resource.run(() => resources.detail(kind, id), false)}
      />
    );
  }
  if (status !== 'ready' || !detail) return <Skeleton rows={4} />;

  const back = resourcePath(kind, id);
  if (!detail.capabilities.includes('manage_members')) {
    return (
      <>
        <PageHeading title={text.issue.notAdmin} />
        <p>{text.issue.notAdminBody}</p>
        <a class="button" href={back}>
          {text.result.back(detail.resource.name)}
        </a>
      </>
    );
  }
  const issued = form.issued.value;
  return issued ? <Issued detail={detail} back={back} /> : <IssueForm detail={detail} back={back} />;
}

function IssueForm({ detail, back }: { detail: ResourceDetail; back: string }) {
  const text = invitesText().issue;
  const { kind, id, name } = detail.resource;
  const sending = form.sending.value;
  // SPEC rule 11: an admin through a group does not get 管理者, even from a link that preselects it.
  const limited = adminOnlyThroughGroup(detail);
  useLayoutEffect(() => {
    if (limited && form.role.peek() === 'admin') form.reset(null);
  }, [limited]);
  const error = form.error.value;

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const outcome = await form.issue(kind, id);
    if (outcome.kind === 'invalid') {
      document.querySelector<HTMLInputElement>('.role-picker input')?.focus();
    }
  }

  return (
    <>
      <p class="muted small">{name}</p>
      <PageHeading title={text.title} />
      <p>{text.intro(name)}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        <RolePicker
          kind={kind}
          value={form.role.value}
          onChange={form.selectRole}
          legend={text.roleLegend}
          disabled={sending}
          error={form.roleMissing.value ? text.roleRequired : null}
          unavailable={limited ? { admin: throughGroupText().noAdmin } : {}}
        />
        <MemoField disabled={sending} />
        {error !== null && (
          <ErrorState
            title={text.failed}
            error={error}
            {...(hasCode(error, 'FORBIDDEN') ? { message: throughGroupText().refused } : {})}
          />
        )}
        <div class="actions">
          <button type="submit" class="button" disabled={sending} aria-busy={sending}>
            {sending ? text.sending : text.submit}
          </button>
          <a class="button button-secondary" href={back}>
            {text.cancel}
          </a>
        </div>
      </form>
    </>
  );
}

/** Whom the invite is for: a note for the resource's admins, shown in its list (issue 14). */
function MemoField({ disabled }: { disabled: boolean }) {
  const text = invitesText().issue;
  const id = useId();
  const tooLong = form.memoTooLong.value;
  return (
    <div class="field">
      <label for={`${id}-memo`}>{text.memoLabel}</label>
      <input
        id={`${id}-memo`}
        type="text"
        name="memo"
        value={form.memo.value}
        disabled={disabled}
        autocomplete="off"
        aria-describedby={`${id}-memo-hint`}
        aria-invalid={tooLong !== null}
        onInput={(event) => form.setMemo(event.currentTarget.value)}
      />
      <p id={`${id}-memo-hint`} class={tooLong !== null ? 'row-error' : 'muted small'}>
        {tooLong !== null ? text.memoTooLong(tooLong) : text.memoHint}
      </p>
    </div>
  );
}

function Issued({ detail, back }: { detail: ResourceDetail; back: string }) {
  const text = invitesText();
  const issued = form.issued.value;
  if (!issued) return null;
  const { kind, name } = detail.resource;
  const { role, expiresAt } = issued.invite;
  return (
    <>
      <p class="muted small">{name}</p>
      <PageHeading title={text.result.title} />
      <div class="invite-card">
        <dl class="facts">
          <dt>{text.result.role}</dt>
          <dd>
            <RoleBadge role={role} kind={kind} />
          </dd>
          {issued.invite.memo && (
            <>
              <dt>{text.issue.memoLabel}</dt>
              <dd class="invite-memo">{issued.invite.memo}</dd>
            </>
          )}
          <dt>{text.result.expires}</dt>
          <dd>
            <time dateTime={expiresAt}>
              {text.result.until(formatDateTime(expiresAt), text.left(timeLeft(expiresAt, Date.now())))}
            </time>
          </dd>
        </dl>
        <p class="muted small">{text.result.oneUse}</p>
      </div>
      <InviteShare
        invite={issued}
        resourceName={name}
        kind={kind}
        inviter={session.user.value?.displayName ?? ''}
      />
      <div class="actions">
        <button type="button" class="button button-secondary" onClick={() => form.reset(role)}>
          {text.result.another}
        </button>
        <a class="button button-secondary" href={back}>
          {text.result.back(name)}
        </a>
      </div>
    </>
  );
}
