import type { ComponentChildren } from 'preact';
import { useLayoutEffect } from 'preact/hooks';
import { ApiError } from '../api/errors';
import { resourcesApi } from '../api/resources';
import type { ResourceDetail } from '../api/types';
import { t } from '../i18n';
import { tm } from '../i18n/manage';
import { resourcePath } from '../paths';
import { client } from '../services';
import { createLoadable } from '../state/load';
import { ErrorState } from './ErrorState';
import { PageHeading } from './PageHeading';
import { ResourceNotFound } from './ResourceNotFound';
import { Skeleton } from './Skeleton';
import './manage.css';

const resources = resourcesApi(client);
const account = createLoadable<ResourceDetail>();
let shown = '';

function load(id: string): Promise<void> {
  const same = id === shown;
  shown = id;
  return account.run(() => resources.detail('account', id), same);
}

type Props = {
  id: string;
  title: string;
  /** The screen's body, once the account (with the caller's role and capabilities) is known. */
  children: (detail: ResourceDetail) => ComponentChildren;
};

/** A screen about one account (Messaging API, メッセージを作成): its back link, heading and loading states. */
export function AccountScreen({ id, title, children }: Props) {
  useLayoutEffect(() => {
    void load(id);
  }, [id]);
  const detail = account.data.value;
  const error = account.error.value;
  if (error instanceof ApiError && (error.status === 404 || error.code === 'INVALID_INPUT')) {
    return <ResourceNotFound />;
  }
  return (
    <>
      <a class="back-link" href={resourcePath('account', id)}>
        ‹ {detail ? tm().member.backTo(detail.resource.name) : t.kinds.account}
      </a>
      <PageHeading title={title} />
      {account.status.value === 'error' ? (
        <ErrorState title={t.resource.loadFailed} error={error} onRetry={() => void load(id)} />
      ) : detail ? (
        children(detail)
      ) : (
        <Skeleton rows={3} />
      )}
    </>
  );
}
