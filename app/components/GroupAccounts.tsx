import { useLayoutEffect, useState } from 'preact/hooks';
import type { GroupAccount } from '../api/groups';
import { groupsApi } from '../api/groups';
import { myResourcesApi } from '../api/me';
import type { MyResource } from '../api/types';
import { t } from '../i18n';
import { ta } from '../i18n/access';
import { describeError } from '../i18n/labels';
import { resourcePath } from '../paths';
import { client } from '../services';
import { type ChangeFailure, changeRefusal, createGroupAccountsModel } from '../state/groups';
import { ConfirmDialog } from './ConfirmDialog';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { ResourcePager } from './ResourcePager';
import { Skeleton } from './Skeleton';
import './group-accounts.css';
import './small-button.css';

const mine = myResourcesApi(client);
const model = createGroupAccountsModel({
  ...groupsApi(client),
  candidates: (q, cursor) =>
    mine.page({ kind: 'account', directAdmin: true, q, ...(cursor ? { cursor } : {}) }),
});

type Props = {
  groupId: string;
  groupName: string;
  /** Group admins change the group's accounts (for accounts they administer too). */
  canManage: boolean;
};

function failureMessage(failure: ChangeFailure): string {
  const m = ta().groupAccounts;
  const refusal = changeRefusal(failure.error);
  if (refusal === 'not-admin-of-both') return m.notAdminOfBoth;
  if (refusal === 'already-in-group') return m.alreadyInGroup;
  return describeError(failure.error).message;
}

/** 「このグループのアカウント」 on a group's page: what the group's roles reach, and the admin's changes to it. */
export function GroupAccounts({ groupId, groupName, canManage }: Props) {
  const m = ta().groupAccounts;
  const [picking, setPicking] = useState(false);
  const [confirming, setConfirming] = useState<GroupAccount | null>(null);

  useLayoutEffect(() => {
    setPicking(false);
    setConfirming(null);
    void model.load(groupId);
  }, [groupId]);

  async function remove(account: GroupAccount) {
    await model.remove(account.id);
    setConfirming(null);
  }

  const status = model.status.value;
  const accounts = model.accounts.value;
  const failure = model.changeError.value;
  return (
    <section class="group-accounts" aria-labelledby="group-accounts-title">
      <div class="section-head">
        <h2 id="group-accounts-title">{m.title}</h2>
        {status === 'ready' && <span class="muted small">{m.count(accounts.length)}</span>}
      </div>
      <p class="muted small">{m.intro}</p>
      {status === 'error' ? (
        <ErrorState title={m.loadFailed} error={model.error.value} onRetry={() => void model.load(groupId)} />
      ) : status !== 'ready' ? (
        <Skeleton rows={2} />
      ) : accounts.length === 0 ? (
        <EmptyState title={m.empty}>
          <p class="muted small">{canManage ? m.emptyManage : m.emptyAsk}</p>
        </EmptyState>
      ) : (
        <ul class="list">
          {accounts.map((account) => (
            <li key={account.id} class="row">
              <a class="row-main group-account-link" href={resourcePath('account', account.id)}>
                <span class="row-title">{account.name}</span>
                {account.basicId && <span class="muted small">{account.basicId}</span>}
                {account.adminCount === 1 && (
                  <span class="warning-text small">
                    <span aria-hidden="true">⚠ </span>
                    {t.singleAdmin}
                  </span>
                )}
              </a>
              {canManage && (
                <button
                  type="button"
                  class="button button-danger-outline button-small"
                  aria-label={m.removeOne(account.name)}
                  disabled={model.busy.value !== null}
                  onClick={() => {
                    model.clearChangeError();
                    setConfirming(account);
                  }}
                >
                  {m.remove}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {failure && (
        <div class="group-accounts-error" role="alert">
          <p class="field-error">
            <strong>{failure.action === 'add' ? m.addFailed : m.removeFailed}</strong>{' '}
            {failureMessage(failure)}
          </p>
        </div>
      )}
      {canManage && status === 'ready' && (
        <div class="group-accounts-add">
          <button
            type="button"
            class="button button-secondary"
            aria-expanded={picking}
            aria-controls="group-accounts-picker"
            onClick={() => {
              if (!picking) void model.pick();
              setPicking(!picking);
            }}
          >
            {picking ? m.addClose : m.add}
          </button>
          {picking && <Picker />}
        </div>
      )}
      <ConfirmDialog
        open={confirming !== null}
        title={confirming ? m.confirmRemoveTitle(confirming.name) : ''}
        confirmLabel={m.confirmRemove}
        busyLabel={m.removing}
        busy={confirming !== null && model.busy.value === confirming.id}
        cancelLabel={m.cancel}
        onConfirm={() => {
          if (confirming) void remove(confirming);
        }}
        onClose={() => setConfirming(null)}
      >
        {confirming && <p>{m.confirmRemoveBody(confirming.name, groupName)}</p>}
      </ConfirmDialog>
    </section>
  );
}

function Picker() {
  const m = ta().groupAccounts;
  return (
    <div id="group-accounts-picker" class="panel group-accounts-picker">
      <h3 class="group-accounts-picker-title">{m.addTitle}</h3>
      <p class="muted small">{m.addHint}</p>
      <ResourcePager
        id="group-accounts-search"
        source={model.candidates}
        searchLabel={ta().lists.search.account}
        empty={<p>{m.noCandidates}</p>}
        row={(account) => <Candidate account={account} />}
      />
    </div>
  );
}

function Candidate({ account }: { account: MyResource }) {
  const m = ta().groupAccounts;
  const busy = model.busy.value;
  return (
    <div class="row">
      <span class="row-main">
        <span class="row-title">{account.name}</span>
        {account.basicId && <span class="muted small">{account.basicId}</span>}
      </span>
      {model.inGroup.value.has(account.id) ? (
        <span class="muted small">{m.inGroup}</span>
      ) : (
        <button
          type="button"
          class="button button-small"
          aria-label={m.addOne(account.name)}
          disabled={busy !== null}
          aria-busy={busy === account.id}
          onClick={() => void model.add(account.id)}
        >
          {busy === account.id ? m.adding : m.addShort}
        </button>
      )}
    </div>
  );
}
