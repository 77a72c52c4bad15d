import { useLayoutEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { membersApi } from '../api/members';
import { resourcesApi } from '../api/resources';
import type { Member, ResourceDetail, ResourceKind } from '../api/types';
import { Avatar } from '../components/Avatar';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorState } from '../components/ErrorState';
import { LastAdminHelp } from '../components/LastAdminHelp';
import { PageHeading } from '../components/PageHeading';
import { RoleBadge } from '../components/RoleBadge';
import { RolePicker } from '../components/RolePicker';
import { SingleAdminWarning } from '../components/SingleAdminWarning';
import { Skeleton } from '../components/Skeleton';
import { formatDate, t } from '../i18n';
import { roleLabel } from '../i18n/labels';
import { tm } from '../i18n/manage';
import { resourcePath } from '../paths';
import { client, home, session } from '../services';
import { createLeaveModel } from '../state/leave';
import { createMemberModel } from '../state/member';
import { LeaveAccount, LossList, leaveDeps } from './LeaveAccount';

const model = createMemberModel({ ...resourcesApi(client), ...membersApi(client) });
const leaving = createLeaveModel(leaveDeps);

type Props = { id: string; userId: string };

export function AccountMemberPage({ id, userId }: Props) {
  return <MemberPage kind="account" id={id} userId={userId} />;
}

export function GroupMemberPage({ id, userId }: Props) {
  return <MemberPage kind="group" id={id} userId={userId} />;
}

function MemberPage({ kind, id, userId }: { kind: ResourceKind; id: string; userId: string }) {
  const { route } = useLocation();
  const selfId = session.user.value?.id ?? null;
  // Before the paint, so that another person's page does not flash under this URL.
  useLayoutEffect(() => {
    void model.load({ kind, id, userId, selfId });
  }, [kind, id, userId, selfId]);

  const m = tm().member;
  const status = model.status.value;
  const detail = model.detail.value;
  const person = model.person.value;
  if (status === 'not-found') {
    return (
      <>
        <PageHeading title={m.notFound} />
        <p>{m.notFoundBody}</p>
        <a class="button" href={resourcePath(kind, id)}>
          {detail ? m.backTo(detail.resource.name) : t.back}
        </a>
      </>
    );
  }
  if (status === 'error') {
    return (
      <ErrorState
        title={t.resource.loadFailed}
        error={model.error.value}
        onRetry={() => void model.load({ kind, id, userId, selfId })}
      />
    );
  }
  if (status !== 'ready' || !detail || !person) return <Skeleton rows={4} />;

  const member = model.member.value;
  const canManage = model.canManage.value;
  const isSelf = model.isSelf.value;
  return (
    <>
      <a class="back-link" href={resourcePath(kind, id)}>
        ‹ {m.backTo(detail.resource.name)}
      </a>
      <PersonHeader kind={kind} person={person} member={member} isSelf={isSelf} />
      {model.singleAdmin.value && <SingleAdminWarning kind={kind} id={id} canManage={canManage} />}
      <ViaGroups kind={kind} />
      {!member && <p>{m.onlyViaGroup}</p>}
      {member && canManage && <RoleSection kind={kind} id={id} member={member} isSelf={isSelf} />}
      {member && canManage && !isSelf && <RemoveSection detail={detail} member={member} />}
      {member && !canManage && !isSelf && <p class="muted">{m.onlyAdmins}</p>}
      {member && isSelf && (
        <section>
          <h2>{tm().leave.button(kind)}</h2>
          <LeaveAccount
            kind={kind}
            id={id}
            resourceName={detail.resource.name}
            grants={detail.grants}
            adminCount={model.adminCount.value}
            model={leaving}
            onLeft={async () => {
              await home.load();
              route('/');
            }}
          />
        </section>
      )}
    </>
  );
}

function PersonHeader(props: { kind: ResourceKind; person: Member; member: Member | null; isSelf: boolean }) {
  const { kind, person, member, isSelf } = props;
  const m = tm().member;
  return (
    <header class="resource-head">
      <div class="person-head">
        <Avatar name={person.displayName} pictureUrl={person.pictureUrl} />
        <div>
          <PageHeading title={person.displayName} />
          {isSelf && <span class="muted small">{m.you}</span>}
        </div>
      </div>
      {member && (
        <dl class="facts">
          <dt>{m.role}</dt>
          <dd>
            <RoleBadge role={member.role} kind={kind} />
          </dd>
          <dt>{m.direct}</dt>
          <dd class="small">
            <time dateTime={member.since}>{m.since(formatDate(member.since))}</time>
            {member.addedBy && <span class="muted"> · {m.addedBy(member.addedBy.displayName)}</span>}
          </dd>
        </dl>
      )}
    </header>
  );
}

function ViaGroups({ kind }: { kind: ResourceKind }) {
  const rows = model.viaGroups.value;
  if (rows.length === 0) return null;
  const m = tm().member;
  return (
    <section>
      <h2>{m.viaGroups}</h2>
      <ul class="list">
        {rows.map((row) => (
          <li key={row.group?.id ?? ''} class="row">
            <span class="row-main">
              <span class="row-title">{t.source.viaGroup(row.group?.name ?? '')}</span>
              <span class="muted small">{m.changeInGroup(row.group?.name ?? '')}</span>
            </span>
            <RoleBadge role={row.role} kind={kind} />
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The groups' grants stay whatever happens to the direct membership: the confirmation says so. */
function Keeps({ kind }: { kind: ResourceKind }) {
  const m = tm().member;
  return (
    <>
      {model.viaGroups.value.map((row) => (
        <p key={row.group?.id ?? ''} class="muted small">
          {m.keeps(row.group?.name ?? '', roleLabel(row.role, kind))}
        </p>
      ))}
    </>
  );
}

function RoleSection(props: { kind: ResourceKind; id: string; member: Member; isSelf: boolean }) {
  const { kind, id, member, isSelf } = props;
  const [confirming, setConfirming] = useState(false);
  const m = tm();
  if (model.isLastAdmin.value) {
    return (
      <section>
        <h2>{m.member.roleTitle}</h2>
        <LastAdminHelp
          kind={kind}
          id={id}
          self={isSelf}
          message={isSelf ? m.lastAdmin.selfDemote : m.lastAdmin.other(member.displayName)}
        />
      </section>
    );
  }
  const chosen = model.chosen.value;
  const sending = model.sending.value === 'role';
  const refusedAsLast = model.lastAdminRefusal.value === 'role';

  async function save() {
    await model.saveRole();
    setConfirming(false);
  }

  function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    // A change that takes something away is confirmed first; one that only adds is not.
    if (model.lossOnChange.peek().length > 0) setConfirming(true);
    else void save();
  }

  return (
    <section>
      <h2>{m.member.roleTitle}</h2>
      <form class="form" onSubmit={onSubmit}>
        <RolePicker
          kind={kind}
          value={chosen}
          onChange={model.choose}
          legend={m.member.roleLegend(member.displayName)}
          current={member.role}
          currentLabel={m.member.current}
          disabled={sending}
        />
        <div role="status">{model.changed.value && <p class="notice">{m.member.saved}</p>}</div>
        {refusedAsLast && (
          <LastAdminHelp
            kind={kind}
            id={id}
            self={isSelf}
            message={isSelf ? m.lastAdmin.selfDemote : m.lastAdmin.other(member.displayName)}
          />
        )}
        {model.actionError.value?.action === 'role' && (
          <ErrorState title={m.member.changeFailed} error={model.actionError.value.error} />
        )}
        <div class="actions">
          <button
            type="submit"
            class="button"
            disabled={sending || chosen === null || chosen === member.role}
            aria-busy={sending}
          >
            {sending ? m.member.saving : m.member.save}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title={m.member.confirmChangeTitle(member.displayName)}
        confirmLabel={m.member.confirmChange}
        busyLabel={m.member.saving}
        busy={sending}
        cancelLabel={m.dialog.cancel}
        onConfirm={() => void save()}
        onClose={() => setConfirming(false)}
      >
        <p>
          {isSelf
            ? m.member.confirmChangeSelfBody(
                roleLabel(member.role, kind),
                roleLabel(chosen ?? member.role, kind),
              )
            : m.member.confirmChangeBody(
                member.displayName,
                roleLabel(member.role, kind),
                roleLabel(chosen ?? member.role, kind),
              )}
        </p>
        <LossList lost={model.lossOnChange.value} />
        <Keeps kind={kind} />
      </ConfirmDialog>
    </section>
  );
}

function RemoveSection({ detail, member }: { detail: ResourceDetail; member: Member }) {
  const { route } = useLocation();
  const [open, setOpen] = useState(false);
  const { kind, id, name } = detail.resource;
  if (model.isLastAdmin.value) return null;
  const m = tm();
  const sending = model.sending.value === 'remove';
  const refusedAsLast = model.lastAdminRefusal.value === 'remove';

  async function remove() {
    if ((await model.remove()) === 'done') route(resourcePath(kind, id));
  }

  return (
    <section>
      <h2>{m.member.removeTitle(kind)}</h2>
      <button type="button" class="button button-danger-outline" onClick={() => setOpen(true)}>
        {m.member.removeButton(kind)}
      </button>
      <ConfirmDialog
        open={open}
        title={refusedAsLast ? m.lastAdmin.title : m.member.confirmRemoveTitle(member.displayName)}
        cancelLabel={refusedAsLast ? m.dialog.close : m.dialog.cancel}
        onClose={() => setOpen(false)}
        {...(refusedAsLast
          ? {}
          : {
              confirmLabel: m.member.confirmRemove,
              busyLabel: m.member.removing,
              busy: sending,
              onConfirm: () => void remove(),
            })}
      >
        {refusedAsLast ? (
          <LastAdminHelp
            kind={kind}
            id={id}
            self={false}
            bare
            message={m.lastAdmin.other(member.displayName)}
          />
        ) : (
          <>
            <p>{m.member.confirmRemoveBody(member.displayName, name)}</p>
            <LossList lost={model.lossOnRemove.value} />
            <Keeps kind={kind} />
            {model.actionError.value?.action === 'remove' && (
              <ErrorState title={m.member.removeFailed} error={model.actionError.value.error} />
            )}
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
