import { useLayoutEffect, useState } from 'preact/hooks';
import { hasCode } from '../api/errors';
import { type AccountGroup, groupsApi } from '../api/groups';
import type { Grant } from '../api/types';
import { formatDate } from '../i18n';
import { ta } from '../i18n/access';
import { describeError } from '../i18n/labels';
import { resourcePath } from '../paths';
import { client } from '../services';
import { createAccountGroupsModel } from '../state/account-groups';
import { openableGroups } from '../state/grants';
import { ConfirmDialog } from './ConfirmDialog';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { Skeleton } from './Skeleton';
import './group-accounts.css';
import './invites.css';
import './small-button.css';

const model = createAccountGroupsModel(groupsApi(client));

type Props = {
  accountId: string;
  accountName: string;
  /** The signed-in user's grants on the account: the dialog says when their own access goes too. */
  grants: readonly Grant[];
  /** After the account left a group: its members changed, the page reads them again. */
  onChanged: () => void;
};

function failureMessage(error: unknown): string {
  return hasCode(error, 'FORBIDDEN') ? ta().accountGroups.cannotRemove : describeError(error).message;
}

/**
 * 「グループ」 on an account's page (its admins): every group the account is in, including groups the user
 * is not a member of, each a way into the account for all of that group's people; and the one tap that
 * cuts it.
 */
export function AccountGroups({ accountId, accountName, grants, onChanged }: Props) {
  const m = ta().accountGroups;
  const [confirming, setConfirming] = useState<AccountGroup | null>(null);

  useLayoutEffect(() => {
    setConfirming(null);
    void model.load(accountId);
  }, [accountId]);

  async function remove(group: AccountGroup) {
    const done = await model.remove(group.id);
    setConfirming(null);
    if (done) onChanged();
  }

  const status = model.status.value;
  const groups = model.groups.value;
  const visible = openableGroups(grants);
  const throughConfirming =
    confirming !== null &&
    grants.some((grant) => grant.source === 'group' && grant.group.id === confirming.id);
  return (
    <section class="group-accounts" aria-labelledby="account-groups-title">
      <div class="section-head">
        <h2 id="account-groups-title">{m.title}</h2>
      </div>
      <p class="muted small">{m.intro}</p>
      {status === 'error' ? (
        <ErrorState
          title={m.loadFailed}
          error={model.error.value}
          onRetry={() => void model.load(accountId)}
        />
      ) : status !== 'ready' ? (
        <Skeleton rows={1} />
      ) : groups.length === 0 ? (
        <EmptyState title={m.empty}>
          <p class="muted small">{m.emptyBody}</p>
        </EmptyState>
      ) : (
        <ul class="list">
          {groups.map((group) => (
            <li key={group.id} class="row-stack">
              <div class="row">
                <span class="row-main">
                  {visible.has(group.id) ? (
                    <a class="group-account-link" href={resourcePath('group', group.id)}>
                      <span class="row-title">{group.name}</span>
                    </a>
                  ) : (
                    <span class="row-title">{group.name}</span>
                  )}
                  <span class="small">{m.people(group.people)}</span>
                  <span class="muted small">
                    <time dateTime={group.addedAt}>{m.addedAt(formatDate(group.addedAt))}</time>
                    {!visible.has(group.id) && ` · ${m.notMember}`}
                  </span>
                  {!group.canRemove && <span class="muted small">{m.cannotRemove}</span>}
                </span>
                {group.canRemove && (
                  <button
                    type="button"
                    class="button button-danger-outline button-small"
                    aria-label={m.removeOne(group.name)}
                    disabled={model.busy.value !== null}
                    onClick={() => {
                      model.clearFailure();
                      setConfirming(group);
                    }}
                  >
                    {m.remove}
                  </button>
                )}
              </div>
              {model.failure.value?.groupId === group.id && (
                <p class="row-error" role="alert">
                  <strong>{m.removeFailed}</strong> {failureMessage(model.failure.value.error)}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={confirming ? m.confirmTitle(confirming.name) : ''}
        confirmLabel={m.confirm}
        busyLabel={m.removing}
        busy={confirming !== null && model.busy.value === confirming.id}
        cancelLabel={m.cancel}
        onConfirm={() => {
          if (confirming) void remove(confirming);
        }}
        onClose={() => setConfirming(null)}
      >
        {confirming && <p>{m.confirmBody(confirming.name, accountName, confirming.people)}</p>}
        {throughConfirming && <p>{m.confirmSelf}</p>}
      </ConfirmDialog>
    </section>
  );
}
