import type { ReadonlySignal } from '@preact/signals';
import type { Grant, Member, MemberList as Members, ResourceKind } from '../api/types';
import { Avatar } from '../components/Avatar';
import { EmptyState } from '../components/EmptyState';
import { RoleBadge } from '../components/RoleBadge';
import { formatDate, t } from '../i18n';
import { grantSource, roleLabel } from '../i18n/labels';
import { tm } from '../i18n/manage';
import { memberPath } from '../paths';
import { session } from '../services';
import { directRole, groupGrants, openableGroups } from '../state/grants';

type Props = {
  kind: ResourceKind;
  resourceId: string;
  members: ReadonlySignal<Members | null>;
  canManage: ReadonlySignal<boolean>;
  /** The signed-in user's grants on the resource: which groups they can open. */
  ownGrants: readonly Grant[];
};

export function MemberList({ kind, resourceId, members, canManage, ownGrants }: Props) {
  const list = members.value;
  if (!list) return null;
  const openable = openableGroups(ownGrants);
  return (
    <section aria-labelledby="members-title">
      <div class="section-head">
        <h2 id="members-title">{t.resource.members}</h2>
        {/* Non-admins get a filtered list, so a count would mislead them. */}
        {canManage.value && <span class="muted small">{t.resource.memberCount(list.seats, list.limit)}</span>}
      </div>
      {canManage.value ? (
        <p class="muted small">{tm().memberList.seatsHint}</p>
      ) : (
        <p class="muted small">{t.resource.membersHidden}</p>
      )}
      {list.members.length === 0 ? (
        <EmptyState title={t.resource.noMembers} />
      ) : (
        <ul class="list">
          {list.members.map((member) => (
            <li key={member.userId}>
              <MemberRow
                kind={kind}
                member={member}
                href={memberHref(kind, resourceId, member, canManage.value)}
                manage={canManage.value}
                openable={openable}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Admins open the page of someone with a direct grant (role, removal); everyone opens their own (leaving). */
function memberHref(kind: ResourceKind, resourceId: string, member: Member, manage: boolean): string | null {
  const own = member.userId === session.user.peek()?.id;
  return directRole(member.grants) !== null && (manage || own)
    ? memberPath(kind, resourceId, member.userId)
    : null;
}

/**
 * Where the person's access comes from. One line when every grant carries the combined role (the badge
 * says it); one line per grant, each with its role, when they differ.
 */
function Sources({ kind, member }: { kind: ResourceKind; member: Member }) {
  const same = member.grants.every((grant) => grant.role === member.role);
  if (same) return <span class="muted small">{member.grants.map(grantSource).join(' · ')}</span>;
  return (
    <>
      {member.grants.map((grant) => (
        <span key={grant.source === 'group' ? grant.group.id : 'direct'} class="muted small">
          {tm().memberList.grantLine(grantSource(grant), roleLabel(grant.role, kind))}
        </span>
      ))}
    </>
  );
}

type RowProps = {
  kind: ResourceKind;
  member: Member;
  href: string | null;
  manage: boolean;
  openable: ReadonlySet<string>;
};

function MemberRow({ kind, member, href, manage, openable }: RowProps) {
  const isYou = member.userId === session.user.value?.id;
  // Access only through groups is changed on those groups, never here: the admin is told where, and by
  // whom when they cannot open the group.
  const groupsOnly = manage && directRole(member.grants) === null;
  const body = (
    <>
      <Avatar name={member.displayName} pictureUrl={member.pictureUrl} />
      <span class="row-main">
        <span class="row-title">
          {member.displayName}
          {isYou && <span class="muted small"> {t.resource.you}</span>}
        </span>
        <Sources kind={kind} member={member} />
        <time class="muted small" dateTime={member.since}>
          {t.resource.since(formatDate(member.since))}
        </time>
        {groupsOnly &&
          groupGrants(member.grants).map((grant) => (
            <span key={grant.group.id} class="muted small">
              {openable.has(grant.group.id)
                ? tm().member.changeInGroup(grant.group.name)
                : tm().member.changeInGroupAsk(grant.group.name)}
            </span>
          ))}
      </span>
      <RoleBadge role={member.role} kind={kind} />
    </>
  );
  return href ? (
    <a class="row" href={href}>
      {body}
    </a>
  ) : (
    <div class="row">{body}</div>
  );
}
