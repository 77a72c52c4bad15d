import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { MemberList, ResourceDetail, ResourceKind } from '../../app/api/types';
import { createResourceModel } from '../../app/state/resource';
import { deferred, detail, member, memberList } from './fixtures';

type Fetch<T> = (kind: ResourceKind, id: string) => Promise<T>;

function setup(
  fetchDetail: Fetch<ResourceDetail> = async () => detail(),
  fetchMembers: Fetch<MemberList> = async () => memberList(),
) {
  const deps = { detail: vi.fn(fetchDetail), members: vi.fn(fetchMembers) };
  return { model: createResourceModel(deps), deps };
}

describe('resource model', () => {
  it('loads the resource and its members', async () => {
    const { model, deps } = setup();

    const loading = model.load('group', 'g-1');
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.detail).toHaveBeenCalledWith('group', 'g-1');
    expect(deps.members).toHaveBeenCalledWith('group', 'g-1');
    expect(model.status.value).toBe('ready');
    expect(model.detail.value?.resource.name).toBe('渋谷店');
    expect(model.members.value?.members).toHaveLength(1);
  });

  it.each([
    { adminCount: 1, singleAdmin: true },
    { adminCount: 2, singleAdmin: false },
  ])('flags a single admin (adminCount $adminCount)', async ({ adminCount, singleAdmin }) => {
    const { model } = setup(
      async () => detail({ adminCount }),
      async () => memberList([member()], adminCount),
    );
    await model.load('account', 'a-1');
    expect(model.singleAdmin.value).toBe(singleAdmin);
  });

  it.each([
    { capabilities: ['manage_members' as const, 'chat' as const], canManage: true },
    { capabilities: ['chat' as const, 'view_own_access' as const], canManage: false },
  ])('lets only member managers manage ($capabilities)', async ({ capabilities, canManage }) => {
    const { model } = setup(async () => detail({ capabilities }));
    await model.load('account', 'a-1');
    expect(model.canManageMembers.value).toBe(canManage);
  });

  it.each([
    new ApiError(404, 'NOT_FOUND', 'Not found.', 'r1'),
    new ApiError(400, 'INVALID_INPUT', 'The request is not valid.', 'r1'),
  ])('treats $status $code as "not found or no access"', async (refusal) => {
    const { model } = setup(
      async () => Promise.reject(refusal),
      async () => Promise.reject(refusal),
    );
    await model.load('account', 'not-a-uuid');
    expect(model.status.value).toBe('not-found');
  });

  it('reports other failures as errors, and recovers on retry', async () => {
    const members = vi
      .fn<Fetch<MemberList>>()
      .mockRejectedValueOnce(new ApiError(500, 'INTERNAL', 'Something went wrong on our side.', 'r2'))
      .mockResolvedValueOnce(memberList());
    const { model } = setup(undefined, members);

    await model.load('account', 'a-1');
    expect(model.status.value).toBe('error');
    expect(model.error.value).toMatchObject({ code: 'INTERNAL', requestId: 'r2' });

    await model.load('account', 'a-1');
    expect(model.status.value).toBe('ready');
  });

  it("does not show one resource's data on another's page, even when the first answer comes late", async () => {
    const slow = deferred<ResourceDetail>();
    const fetchDetail = vi
      .fn<Fetch<ResourceDetail>>()
      .mockReturnValueOnce(slow.promise)
      .mockResolvedValueOnce(detail({ resource: { ...detail().resource, id: 'a-2', name: '新宿店' } }));
    const { model } = setup(fetchDetail);

    const first = model.load('account', 'a-1');
    const second = model.load('account', 'a-2');
    expect(model.detail.value).toBeNull();
    await second;
    slow.resolve(detail());
    await first;

    expect(model.detail.value?.resource.name).toBe('新宿店');
  });
});
