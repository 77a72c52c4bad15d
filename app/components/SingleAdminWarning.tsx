import type { ResourceKind } from '../api/types';
import { t } from '../i18n';
import { tm } from '../i18n/manage';
import { addAdminPath } from './LastAdminHelp';
import { Warning } from './Warning';

/**
 * Exactly one direct admin (SPEC rule 4): the warning, with the one tap to add a second admin for those
 * who can invite, and whom to ask for everyone else.
 */
export function SingleAdminWarning({
  kind,
  id,
  canManage,
}: {
  kind: ResourceKind;
  id: string;
  canManage: boolean;
}) {
  const words = tm().singleAdmin;
  return (
    <Warning title={t.singleAdmin}>
      <p>{canManage ? words.detail : words.ask}</p>
      <p class="small">{words.directOnly}</p>
      {canManage && (
        <a class="button" href={addAdminPath(kind, id)}>
          {words.addSecond}
        </a>
      )}
    </Warning>
  );
}
