import type { ReadonlySignal } from '@preact/signals';
import type { Member, MemberList as Members, ResourceKind } from '../api/types';
import { Avatar } from '../components/Avatar';
import { EmptyState } from '../components/EmptyState';
import { RoleBadge } from '../components/RoleBadge';
import { formatDate, t } from '../i18n';
import { session } from '../services';

type Props = {
  kind: ResourceKind;
  members: ReadonlySignal<Members | null>;
  canManage: ReadonlySignal<boolean>;
};

export function MemberList({ kind, members, canManage }: Props) {
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
              <MemberRow kind={kind} member={member} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function MemberRow({ kind, member }: { kind: ResourceKind; member: Member }) {
  const isYou = member.userId === session.user.value?.id;
  const source =
    member.source === 'direct'
      ? t.source.direct
      : member.group
        ? t.source.viaGroup(member.group.name)
        : t.source.viaSomeGroup;
  return (
    <div class="row">
      <Avatar name={member.displayName} pictureUrl={member.pictureUrl} />
      <span class="row-main">
        <span class="row-title">
          {member.displayName}
          {isYou && <span class="muted small"> {t.resource.you}</span>}
        </span>
        <span class="muted small">
          {source} · <time dateTime={member.since}>{t.resource.since(formatDate(member.since))}</time>
        </span>
      </span>
      <RoleBadge role={member.role} kind={kind} />
    </div>
  );
}
