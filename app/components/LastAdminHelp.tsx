import type { ResourceKind } from '../api/types';
import { tm } from '../i18n/manage';
import { handoverPath, resourcePath } from '../paths';
import { Warning } from './Warning';

/** The invite page, with the admin role chosen: the one tap of "add a second admin" (SPEC rule 4). */
export function addAdminPath(kind: ResourceKind, id: string): string {
  return `${resourcePath(kind, id)}/invite?role=admin`;
}

type Props = {
  kind: ResourceKind;
  id: string;
  /** Why this action is refused, in the words of who is refused. */
  message: string;
  /** The refused person is the signed-in user: offer the guided handover too. */
  self: boolean;
  /** Inside a dialog that already says 「最後の管理者です」: no warning box of its own. */
  bare?: boolean;
};

/** Why the last admin cannot go, and the ways out: a second admin, or a handover in the safe order. */
export function LastAdminHelp({ kind, id, message, self, bare = false }: Props) {
  const m = tm().lastAdmin;
  const body = (
    <>
      <p>{message}</p>
      <p>
        {m.why}
        {m.firstAddAdmin}
      </p>
      <p class="muted small">{tm().singleAdmin.directOnly}</p>
      <div class="actions">
        <a class="button" href={addAdminPath(kind, id)}>
          {m.addAdmin}
        </a>
        {self && (
          <a class="button button-secondary" href={handoverPath(kind, id)}>
            {m.handover}
          </a>
        )}
      </div>
      {self && <p class="muted small">{m.handoverHint}</p>}
    </>
  );
  return bare ? body : <Warning title={m.title}>{body}</Warning>;
}
