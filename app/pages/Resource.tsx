import { useLayoutEffect } from 'preact/hooks';
import { resourcesApi } from '../api/resources';
import type { ResourceDetail, ResourceKind, Role } from '../api/types';
import { AccountGroups } from '../components/AccountGroups';
import { ChannelPanel } from '../components/ChannelPanel';
import { ErrorState } from '../components/ErrorState';
import { FailedNotifications } from '../components/FailedNotifications';
import { GroupAccounts } from '../components/GroupAccounts';
import { InvitesPanel } from '../components/InvitesPanel';
import { PageHeading } from '../components/PageHeading';
import { ResourceNotFound } from '../components/ResourceNotFound';
import { ReviewPanel } from '../components/ReviewPanel';
import { RoleBadge } from '../components/RoleBadge';
import { SingleAdminWarning } from '../components/SingleAdminWarning';
import { Skeleton } from '../components/Skeleton';
import { StatsPanel } from '../components/StatsPanel';
import { t } from '../i18n';
import { ta } from '../i18n/access';
import { grantSource, roleLabel } from '../i18n/labels';
import { tm } from '../i18n/manage';
import { client } from '../services';
import { groupRoleGrants } from '../state/capabilities';
import { adminOnlyThroughGroup } from '../state/grants';
import { createResourceModel } from '../state/resource';
import { MemberList } from './MemberList';
import { ResourceActions } from './ResourceActions';

const model = createResourceModel(resourcesApi(client));

type Props = { id: string };

export function AccountPage({ id }: Props) {
  return <ResourcePage kind="account" id={id} />;
}

export function GroupPage({ id }: Props) {
  return <ResourcePage kind="group" id={id} />;
}

function ResourcePage({ kind, id }: { kind: ResourceKind; id: string }) {
  // A layout effect, so that the switch to another resource's loading state happens before the browser
  // paints: the previous resource's page must not flash under the new URL.
  useLayoutEffect(() => {
    void model.load(kind, id);
  }, [kind, id]);

  const status = model.status.value;
  const detail = model.detail.value;
  if (status === 'not-found') {
    return <ResourceNotFound />;
  }
  if (status === 'error') {
    return (
      <ErrorState
        title={t.resource.loadFailed}
        error={model.error.value}
        onRetry={() => void model.load(kind, id)}
      />
    );
  }
  if (status !== 'ready' || !detail) return <Skeleton rows={4} />;
  const reload = () => void model.load(kind, id);
  return (
    <>
      <Header detail={detail} />
      {model.singleAdmin.value && (
        // An admin through a group cannot invite an admin (rule 11): they are told whom to ask instead.
        <SingleAdminWarning
          kind={kind}
          id={id}
          canManage={model.canManageMembers.value && !adminOnlyThroughGroup(detail)}
        />
      )}
      {detail.channel && (
        <ChannelPanel
          accountId={id}
          channel={detail.channel}
          canManage={detail.capabilities.includes('manage_settings')}
          onChanged={reload}
        />
      )}
      {detail.channel?.connected && detail.capabilities.includes('view_stats') && (
        <StatsPanel accountId={id} canManage={detail.capabilities.includes('manage_settings')} />
      )}
      {/* Who is here first; then who is invited (issue 14). */}
      <MemberList
        kind={kind}
        resourceId={id}
        members={model.members}
        canManage={model.canManageMembers}
        ownGrants={detail.grants}
      />
      {model.canManageMembers.value && <InvitesPanel detail={detail} onMembersChanged={reload} />}
      {model.canManageMembers.value && <FailedNotifications kind={kind} id={id} />}
      {kind === 'account' && model.canManageMembers.value && (
        <AccountGroups
          accountId={id}
          accountName={detail.resource.name}
          grants={detail.grants}
          onChanged={reload}
        />
      )}
      {kind === 'group' && (
        <GroupAccounts
          groupId={id}
          groupName={detail.resource.name}
          canManage={detail.capabilities.includes('manage_settings')}
        />
      )}
      {detail.review && <ReviewPanel detail={detail} onChanged={reload} />}
      <ResourceActions detail={detail} adminCount={model.members.value?.adminCount ?? detail.adminCount} />
    </>
  );
}

function Header({ detail }: { detail: ResourceDetail }) {
  const { resource } = detail;
  return (
    <header class="resource-head">
      <p class="muted small">{t.kinds[resource.kind]}</p>
      <PageHeading title={resource.name} />
      {resource.basicId && <p class="muted">{resource.basicId}</p>}
      <dl class="facts">
        <dt>{t.resource.yourRole}</dt>
        <dd>
          <RoleBadge role={detail.role} kind={resource.kind} />
          <span class="muted small"> {detail.grants.map(grantSource).join(' · ')}</span>
          {resource.kind === 'group' && <p class="muted small">{ta().groupAccounts.explain}</p>}
        </dd>
        <dt>{t.resource.canDo}</dt>
        <dd>
          {resource.kind === 'group' ? (
            <GroupCanDo role={detail.role} />
          ) : (
            <ul class="chips">
              {detail.capabilities.map((capability) => (
                <li key={capability} class="chip">
                  {tm().capabilities[capability]}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
    </header>
  );
}

/**
 * A group has no chat nor 配信 of its own (LINE's groups do not): what its role really grants is the group's
 * management (admins), and the account role of the same name on each account in it (SPEC §2, §3).
 */
function GroupCanDo({ role }: { role: Role }) {
  const g = tm().groupCan;
  const grants = groupRoleGrants(role);
  return (
    <>
      <p class="small">{g.onGroup}</p>
      <ul class="chips" aria-label={g.onGroup}>
        {grants.group.map((capability) => (
          <li key={capability} class="chip">
            {g[capability]}
          </li>
        ))}
      </ul>
      <p class="small">{g.onAccounts(roleLabel(grants.accountRole, 'account'))}</p>
      <ul class="chips" aria-label={g.onAccounts(roleLabel(grants.accountRole, 'account'))}>
        {grants.accounts.map((capability) => (
          <li key={capability} class="chip">
            {tm().capabilities[capability]}
          </li>
        ))}
      </ul>
      <p class="muted small">{g.accountsNote}</p>
    </>
  );
}
