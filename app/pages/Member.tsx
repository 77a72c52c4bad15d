import { useLayoutEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { hasCode } from '../api/errors';
import { membersApi } from '../api/members';
import { resourcesApi } from '../api/resources';
import type { Member, ResourceDetail, ResourceKind, Role } from '../api/types';
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
import { grantSource, roleLabel } from '../i18n/labels';
import { tm } from '../i18n/manage';
import { throughGroupText } from '../i18n/roles';
import { resourcePath } from '../paths';
import { client, home, session } from '../services';
import { openableGroups } from '../state/grants';
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

  const direct = model.directRole.value;
  const canManage = model.canManage.value;
  const isSelf = model.isSelf.value;
  const protectedAdmin = model.protectedAdmin.value;
  return (
    <>
      <a class="back-link" href={resourcePath(kind, id)}>
        ‹ {m.backTo(detail.resource.name)}
      </a>
      <PersonHeader kind={kind} person={person} direct={direct} isSelf={isSelf} />
      {/* The last admin's role section says it already, with the same button: once per screen (issue 14). */}
      {model.singleAdmin.value && !(direct && canManage && !protectedAdmin && model.isLastAdmin.value) && (
        <SingleAdminWarning
          kind={kind}
          id={id}
          canManage={canManage && !model.managesThroughGroupOnly.value}
        />
      )}
      <ViaGroups kind={kind} openable={openableGroups(detail.grants)} />
      {!direct && <p>{m.onlyViaGroup}</p>}
      {direct && canManage && protectedAdmin && !isSelf && (
        <p class="notice">{throughGroupText().protectedAdmin(person.displayName)}</p>
      )}
      {direct && canManage && !protectedAdmin && (
        <RoleSection kind={kind} id={id} name={person.displayName} role={direct} isSelf={isSelf} />
      )}
      {direct && canManage && !protectedAdmin && !isSelf && (
        <RemoveSection detail={detail} name={person.displayName} />
      )}
      {direct && !canManage && !isSelf && <p class="muted">{m.onlyAdmins}</p>}
      {direct && isSelf && (
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

type HeaderProps = { kind: ResourceKind; person: Member; direct: Role | null; isSelf: boolean };

function PersonHeader({ kind, person, direct, isSelf }: HeaderProps) {
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
      <dl class="facts">
        <dt>{m.role}</dt>
        <dd>
          <RoleBadge role={person.role} kind={kind} />
          <span class="muted small"> {person.grants.map(grantSource).join(' · ')}</span>
        </dd>
        {direct && (
          <>
            <dt>{m.direct}</dt>
            <dd class="small">
              <RoleBadge role={direct} kind={kind} />{' '}
              <time dateTime={person.since}>{m.since(formatDate(person.since))}</time>
              {person.addedBy && <span class="muted"> · {m.addedBy(person.addedBy.displayName)}</span>}
            </dd>
          </>
        )}
      </dl>
    </header>
  );
}

/** A group grant is changed on its group's page: linked when the signed-in user can open that group. */
function ViaGroups({ kind, openable }: { kind: ResourceKind; openable: ReadonlySet<string> }) {
  const rows = model.viaGroups.value;
  if (rows.length === 0) return null;
  const m = tm().member;
  return (
    <section>
      <h2>{m.viaGroups}</h2>
      <ul class="list">
        {rows.map((row) => (
          <li key={row.group.id} class="row">
            <span class="row-main">
              <span class="row-title">{t.source.viaGroup(row.group.name)}</span>
              {openable.has(row.group.id) ? (
                <a class="small" href={resourcePath('group', row.group.id)}>
                  {m.changeInGroup(row.group.name)}
                </a>
              ) : (
                <span class="muted small">{m.changeInGroupAsk(row.group.name)}</span>
              )}
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
        <p key={row.group.id} class="muted small">
          {m.keeps(row.group.name, roleLabel(row.role, kind))}
        </p>
      ))}
    </>
  );
}

/** A refusal: FORBIDDEN here is rule 11 (the page offers these actions only to admins). */
function ActionError({ title, error }: { title: string; error: unknown }) {
  const forbidden = hasCode(error, 'FORBIDDEN');
  return (
    <ErrorState title={title} error={error} {...(forbidden ? { message: throughGroupText().refused } : {})} />
  );
}

type RoleProps = { kind: ResourceKind; id: string; name: string; role: Role; isSelf: boolean };

function RoleSection({ kind, id, name, role, isSelf }: RoleProps) {
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
          message={isSelf ? m.lastAdmin.selfDemote : m.lastAdmin.other(name)}
        />
      </section>
    );
  }
  const unavailable = model.managesThroughGroupOnly.value ? { admin: throughGroupText().noAdmin } : {};
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
          legend={m.member.roleLegend(name)}
          current={role}
          currentLabel={m.member.current}
          disabled={sending}
          unavailable={unavailable}
        />
        <div role="status">{model.changed.value && <p class="notice">{m.member.saved}</p>}</div>
        {refusedAsLast && (
          <LastAdminHelp
            kind={kind}
            id={id}
            self={isSelf}
            message={isSelf ? m.lastAdmin.selfDemote : m.lastAdmin.other(name)}
          />
        )}
        {model.actionError.value?.action === 'role' && (
          <ActionError title={m.member.changeFailed} error={model.actionError.value.error} />
        )}
        <div class="actions">
          <button
            type="submit"
            class="button"
            disabled={sending || chosen === null || chosen === role}
            aria-busy={sending}
          >
            {sending ? m.member.saving : m.member.save}
          </button>
        </div>
      </form>
      <ConfirmDialog
        open={confirming}
        title={m.member.confirmChangeTitle(name)}
        confirmLabel={m.member.confirmChange}
        busyLabel={m.member.saving}
        busy={sending}
        cancelLabel={m.dialog.cancel}
        onConfirm={() => void save()}
        onClose={() => setConfirming(false)}
      >
        <p>
          {isSelf
            ? m.member.confirmChangeSelfBody(roleLabel(role, kind), roleLabel(chosen ?? role, kind))
            : m.member.confirmChangeBody(name, roleLabel(role, kind), roleLabel(chosen ?? role, kind))}
        </p>
        <LossList lost={model.lossOnChange.value} />
        <Keeps kind={kind} />
      </ConfirmDialog>
    </section>
  );
}

function RemoveSection({ detail, name: person }: { detail: ResourceDetail; name: string }) {
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
        title={refusedAsLast ? m.lastAdmin.title : m.member.confirmRemoveTitle(person)}
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
          <LastAdminHelp kind={kind} id={id} self={false} bare message={m.lastAdmin.other(person)} />
        ) : (
          <>
            <p>{m.member.confirmRemoveBody(person, name)}</p>
            <LossList lost={model.lossOnRemove.value} />
            <Keeps kind={kind} />
            {model.actionError.value?.action === 'remove' && (
              <ActionError title={m.member.removeFailed} error={model.actionError.value.error} />
            )}
          </>
        )}
      </ConfirmDialog>
    </section>
  );
}
