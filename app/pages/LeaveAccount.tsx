import { useState } from 'preact/hooks';
import { membersApi } from '../api/members';
import type { Capability, Grant, ResourceKind } from '../api/types';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorState } from '../components/ErrorState';
import { LastAdminHelp } from '../components/LastAdminHelp';
import { roleLabel } from '../i18n/labels';
import { tm } from '../i18n/manage';
import { client, session } from '../services';
import { capabilitiesLost } from '../state/capabilities';
import type { LeaveDeps, LeaveModel } from '../state/leave';

const members = membersApi(client);

/** Leaving is removing oneself: the signed-in user's id is the member id. */
export const leaveDeps: LeaveDeps = {
  leave: (kind, id) => {
    const self = session.user.peek()?.id;
    if (!self) return Promise.reject(new Error('Not signed in'));
    return members.remove(kind, id, self);
  },
};

type Props = {
  kind: ResourceKind;
  id: string;
  resourceName: string;
  /** The signed-in user's grants on the resource. */
  grants: Grant[];
  /** Direct admins of the resource. */
  adminCount: number;
  model: LeaveModel;
  /** After the server removed the user: the resource no longer exists for them. */
  onLeft: () => void | Promise<void>;
};

/**
 * 「このアカウントから抜ける」: anyone may leave, with a confirmation of what they lose. The last admin
 * may not (the server answers LAST_ADMIN); the button stays so that they learn why, and the ways out.
 */
export function LeaveAccount({ kind, id, resourceName, grants, adminCount, model, onLeft }: Props) {
  const [open, setOpen] = useState(false);
  const m = tm();
  const direct = grants.find((grant) => grant.source === 'direct');
  if (!direct) {
    const groups = grants.flatMap((grant) => (grant.source === 'group' ? [grant.group.name] : []));
    return <p class="muted small">{m.leave.viaGroupOnly(groups)}</p>;
  }
  const viaGroups = grants.flatMap((grant) => (grant.source === 'group' ? [grant] : []));
  const lastAdmin = (direct.role === 'admin' && adminCount <= 1) || model.lastAdmin.value;
  const lost = capabilitiesLost(
    grants.map((grant) => grant.role),
    viaGroups.map((grant) => grant.role),
  );
  const sending = model.sending.value;

  async function confirm() {
    if ((await model.leave(kind, id)) === 'left') {
      await onLeft();
    }
  }

  return (
    <>
      <button
        type="button"
        class="button button-danger-outline"
        onClick={() => {
          model.reset();
          setOpen(true);
        }}
      >
        {m.leave.button(kind)}
      </button>
      <ConfirmDialog
        open={open}
        title={lastAdmin ? m.lastAdmin.title : m.leave.title(resourceName)}
        cancelLabel={lastAdmin ? m.dialog.close : m.dialog.cancel}
        onClose={() => setOpen(false)}
        {...(lastAdmin
          ? {}
          : { confirmLabel: m.leave.confirm, busyLabel: m.leave.sending, busy: sending, onConfirm: confirm })}
      >
        {lastAdmin ? (
          <LastAdminHelp kind={kind} id={id} message={m.lastAdmin.selfLeave(resourceName)} self bare />
        ) : (
          <>
            {/* 「次のことができなくなります」 only above a list of what is lost (issue 14). */}
            {lost.length > 0 && <p>{m.leave.body}</p>}
            <LossList lost={lost} />
            {viaGroups.map((grant) => (
              <p key={grant.group.id} class="muted small">
                {m.member.keeps(grant.group.name, roleLabel(grant.role, kind))}
              </p>
            ))}
            <p class="muted small">{m.leave.rejoin}</p>
            {model.error.value !== null && <ErrorState title={m.leave.failed} error={model.error.value} />}
          </>
        )}
      </ConfirmDialog>
    </>
  );
}

/** What someone can no longer do, capability by capability (SPEC §3). */
export function LossList({ lost }: { lost: Capability[] }) {
  if (lost.length === 0) return <p>{tm().member.nothingLost}</p>;
  return (
    <ul class="loss-list">
      {lost.map((capability) => (
        <li key={capability}>{tm().capabilities[capability]}</li>
      ))}
    </ul>
  );
}
