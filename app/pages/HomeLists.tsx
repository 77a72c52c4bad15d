import { computed } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { myResourcesApi } from '../api/me';
import type { MyResource, ResourceKind } from '../api/types';
import { ResourcePager } from '../components/ResourcePager';
import { ta } from '../i18n/access';
import { client, home } from '../services';
import { createHomeList } from '../state/home-lists';

// ホーム's lists past their first page: loaded only when the user reaches more than a page of a kind, so
// the first screen's JavaScript stays small for everyone else.

const api = myResourcesApi(client);

function listOf(kind: ResourceKind) {
  return createHomeList(
    computed(() => home.firstPages.value[kind]),
    (q, cursor) => api.page({ kind, q, ...(cursor ? { cursor } : {}) }),
  );
}

const lists = { account: listOf('account'), group: listOf('group') };

export function HomeList({
  kind,
  row,
}: {
  kind: ResourceKind;
  row(resource: MyResource): ComponentChildren;
}) {
  return (
    <ResourcePager
      id={`home-search-${kind}`}
      source={lists[kind]}
      searchLabel={ta().lists.search[kind]}
      empty={null}
      row={row}
    />
  );
}
