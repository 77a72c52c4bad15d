import type { ReadonlySignal } from '@preact/signals';
import type { Member, MemberList as Members, ResourceKind } from '../api/types';
import { Avatar } from '../components/Avatar';
import { EmptyState } from '../components/EmptyState';
import { RoleBadge } from '../components/RoleBadge';
import { formatDate, t } from '../i18n';
import { tm } from '../i18n/manage';
import { memberPath } from '../paths';
import { session } from '../services';

type Props = {
  kind: ResourceKind;
  resourceId: string;
  members: ReadonlySignal<Members | null>;
  canManage: ReadonlySignal<boolean>;
};

export function MemberList({ kind, resourceId, members, canManage }: Props) {
  const list = members.value;
  if (!list) return null;
  return (
    <section>
      <div class="section-head">
        <h2>{t.resource.members}</h2>
        {/* Non-admins get a filtered list, so a count would mislead them. */}
        {canManage.value && (
          <span class="muted small">{t.resource.memberCount(list.members.length, list.limit)}</span>
        )}
      </div>
      {!canManage.value && <p class="muted small">{t.resource.membersHidden}</p>}
      {list.members.length === 0 ? (
        <EmptyState title={t.resource.noMembers} />
      ) : (
        <ul class="list">
          {list.members.map((member) => (
            <li key={`${member.userId}/${member.group?.id ?? ''}`}>
              <MemberRow
                kind={kind}
                member={member}
                href={memberHref(kind, resourceId, member, canManage.value)}
                manage={canManage.value}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Admins open a direct member's page (role, removal); everyone opens their own (leaving). */
function memberHref(kind: ResourceKind, resourceId: string, member: Member, manage: boolean): string | null {
  const own = member.userId === session.user.peek()?.id;
  return member.source === 'direct' && (manage || own) ? memberPath(kind, resourceId, member.userId) : null;
}

type RowProps = { kind: ResourceKind; member: Member; href: string | null; manage: boolean };

function MemberRow({ kind, member, href, manage }: RowProps) {
  const isYou = member.userId === session.user.value?.id;
  const source =
    member.source === 'direct'
      ? t.source.direct
      : member.group
        ? t.source.viaGroup(member.group.name)
        : t.source.viaSomeGroup;
  const body = (
    <>
      <Avatar name={member.displayName} pictureUrl={member.pictureUrl} />
      <span class="row-main">
        <span class="row-title">
          {member.displayName}
          {isYou && <span class="muted small"> {t.resource.you}</span>}
        </span>
        <span class="muted small">
          {source} · <time dateTime={member.since}>{t.resource.since(formatDate(member.since))}</time>
        </span>
        {/* A grant through a group is changed on the group, never here. */}
        {member.group && manage && (
          <span class="muted small">{tm().member.changeInGroup(member.group.name)}</span>
        )}
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
