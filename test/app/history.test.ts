import { describe, expect, it, vi } from 'vitest';
import type { AuditEvent, AuditPage, ChainCheck } from '../../app/api/audit';
import { ApiError } from '../../app/api/errors';
import { describeEvent } from '../../app/i18n/events';
import { createHistoryModel, type HistoryDeps } from '../../app/state/history';
import { deferred } from './fixtures';

const hanako = { userId: 'Uhanako', displayName: '山田 花子' };
const ken = { userId: 'Uken', displayName: '佐藤 健' };

function event(seq: number, overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: `e-${seq}`,
    seq,
    action: 'member.role_changed',
    actor: hanako,
    target: ken,
    before: { role: 'operator' },
    after: { role: 'admin' },
    requestId: `r-${seq}`,
    createdAt: '2026-01-02T03:04:05.000Z',
    hash: 'h'.repeat(64),
    prevHash: 'p'.repeat(64),
    ...overrides,
  };
}

/** Pages of `size` events, newest first, down from `newest`. */
function pages(newest: number, size: number) {
  return async (_kind: string, _id: string, cursor: string | null): Promise<AuditPage> => {
    const top = cursor ? Number(cursor) - 1 : newest;
    const seqs = Array.from({ length: Math.min(size, top) }, (_, index) => top - index);
    const last = seqs.at(-1) ?? 1;
    return { events: seqs.map((seq) => event(seq)), nextCursor: last > 1 ? String(last) : null };
  };
}

function setup(overrides: Partial<HistoryDeps> = {}) {
  const deps = {
    page: vi.fn<HistoryDeps['page']>(pages(5, 2)),
    verify: vi.fn<HistoryDeps['verify']>(async (): Promise<ChainCheck> => ({ ok: true, events: 5 })),
    ...overrides,
  };
  return { model: createHistoryModel(deps), deps };
}

describe('history model', () => {
  it('loads the newest page, then older ones with the cursor, until there are no more', async () => {
    const { model, deps } = setup();
    const loading = model.load('account', 'a-1');
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.page).toHaveBeenLastCalledWith('account', 'a-1', null);
    expect(model.events.value.map((e) => e.seq)).toEqual([5, 4]);
    expect(model.hasMore.value).toBe(true);

    const more = model.more();
    expect(model.loadingMore.value).toBe(true);
    await more;
    expect(deps.page).toHaveBeenLastCalledWith('account', 'a-1', '4');
    await model.more();

    expect(model.events.value.map((e) => e.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(model.hasMore.value).toBe(false);
    await model.more();
    expect(deps.page).toHaveBeenCalledTimes(3);
  });

  it('is empty when nothing happened yet', async () => {
    const { model } = setup({ page: async () => ({ events: [], nextCursor: null }) });
    await model.load('group', 'g-1');
    expect(model.status.value).toBe('ready');
    expect(model.events.value).toEqual([]);
    expect(model.hasMore.value).toBe(false);
  });

  it.each([
    { error: new ApiError(403, 'FORBIDDEN', 'Only admins.', 'r1'), status: 'forbidden' },
    { error: new ApiError(404, 'NOT_FOUND', 'Not found.', 'r1'), status: 'not-found' },
    { error: new ApiError(0, 'NETWORK', 'offline', null), status: 'error' },
  ])('tells $status apart', async ({ error, status }) => {
    const { model } = setup({ page: async () => Promise.reject(error) });
    await model.load('account', 'a-1');
    expect(model.status.value).toBe(status);
  });

  it('keeps the events on screen when a further page fails, and retries with the same cursor', async () => {
    const failure = new ApiError(0, 'NETWORK', 'offline', null);
    const page = vi.fn(pages(5, 2));
    const { model } = setup({ page });
    await model.load('account', 'a-1');
    page.mockRejectedValueOnce(failure);

    await model.more();
    expect(model.moreError.value).toBe(failure);
    expect(model.events.value).toHaveLength(2);

    await model.more();
    expect(page).toHaveBeenLastCalledWith('account', 'a-1', '4');
    expect(model.moreError.value).toBeNull();
    expect(model.events.value).toHaveLength(4);
  });

  it("drops a late answer for another resource's history", async () => {
    const slow = deferred<AuditPage>();
    const page = vi
      .fn<HistoryDeps['page']>()
      .mockReturnValueOnce(slow.promise)
      .mockResolvedValueOnce({ events: [event(1)], nextCursor: null });
    const { model } = setup({ page });

    const first = model.load('account', 'a-1');
    await model.load('account', 'a-2');
    slow.resolve({ events: [event(9), event(8)], nextCursor: '8' });
    await first;

    expect(model.events.value.map((e) => e.seq)).toEqual([1]);
  });

  it('checks the chain: OK with the count, or where it broke', async () => {
    const verify = vi
      .fn<HistoryDeps['verify']>()
      .mockResolvedValueOnce({ ok: true, events: 5 })
      .mockResolvedValueOnce({ ok: false, events: 2, brokenAt: 3 });
    const { model } = setup({ verify });
    await model.load('account', 'a-1');

    const checking = model.verify();
    expect(model.checkStatus.value).toBe('checking');
    await checking;
    expect(model.check.value).toEqual({ ok: true, events: 5 });

    await model.verify();
    expect(model.checkStatus.value).toBe('done');
    expect(model.check.value).toEqual({ ok: false, events: 2, brokenAt: 3 });
    expect(verify).toHaveBeenCalledWith('account', 'a-1');
  });

  it('reports a failed check', async () => {
    const failure = new ApiError(500, 'INTERNAL', 'Something went wrong on our side.', 'r-500');
    const { model } = setup({ verify: async () => Promise.reject(failure) });
    await model.load('account', 'a-1');
    await model.verify();
    expect(model.checkStatus.value).toBe('error');
    expect(model.checkError.value).toBe(failure);
  });
});

describe('history in plain Japanese', () => {
  const say = (overrides: Partial<AuditEvent>, kind: 'account' | 'group' = 'account') =>
    describeEvent(event(1, overrides), kind);

  const cases: [Partial<AuditEvent>, string, string | null][] = [
    [
      {
        action: 'resource.created',
        before: null,
        after: { kind: 'account', name: '渋谷店' },
        target: hanako,
      },
      '山田 花子さんがアカウント「渋谷店」を登録し、管理者になりました',
      null,
    ],
    [
      {
        action: 'resource.updated',
        target: null,
        before: { name: '渋谷店', requireApproval: false },
        after: { name: '渋谷本店', requireApproval: true },
      },
      '山田 花子さんが設定を変更しました',
      '名前: 「渋谷店」→「渋谷本店」 / 参加の承認: 不要 → 必要',
    ],
    [
      { action: 'member.added', before: null, after: { role: 'operator' } },
      '山田 花子さんが佐藤 健さんを運用担当者として追加しました',
      '権限なし → 運用担当者',
    ],
    [{}, '山田 花子さんが佐藤 健さんの権限を変更しました', '運用担当者 → 管理者'],
    [
      { action: 'member.removed', before: { role: 'operator_no_broadcast' }, after: null },
      '山田 花子さんが佐藤 健さんを削除しました',
      '運用担当者(配信権限なし) → 権限なし',
    ],
    [
      { action: 'member.left', actor: ken, before: { role: 'admin' }, after: null },
      '佐藤 健さんが抜けました',
      '管理者 → 権限なし',
    ],
    [
      { action: 'invite.issued', target: null, before: null, after: { inviteId: 'i-1', role: 'admin' } },
      '山田 花子さんが管理者の招待リンクを発行しました',
      null,
    ],
    [
      {
        action: 'invite.revoked',
        target: null,
        before: { inviteId: 'i-1', status: 'pending' },
        after: { inviteId: 'i-1', status: 'revoked' },
      },
      '山田 花子さんが招待リンクを取り消しました',
      null,
    ],
    [
      { action: 'invite.accepted', actor: ken, before: null, after: { inviteId: 'i-1', role: 'admin' } },
      '佐藤 健さんが招待から管理者として参加しました',
      '権限なし → 管理者',
    ],
    [
      { action: 'invite.declined', actor: ken, before: null, after: { inviteId: 'i-1', role: 'operator' } },
      '佐藤 健さんが運用担当者への招待を辞退しました',
      null,
    ],
    [
      {
        action: 'invite.expired',
        actor: { userId: 'system', displayName: null },
        target: null,
        before: { inviteId: 'i-1', status: 'pending' },
        after: { inviteId: 'i-1', status: 'expired', role: 'operator_no_stats' },
      },
      '運用担当者(分析の閲覧権限なし)の招待リンクが期限切れになりました',
      null,
    ],
    [
      { action: 'request.created', actor: ken, before: null, after: { requestId: 'q', role: 'operator' } },
      '佐藤 健さんが運用担当者として参加を申請しました',
      null,
    ],
    [
      {
        action: 'request.approved',
        before: { requestId: 'q', status: 'pending' },
        after: { requestId: 'q', status: 'approved', role: 'operator' },
      },
      '山田 花子さんが佐藤 健さんの参加を承認しました',
      '権限なし → 運用担当者',
    ],
    [
      {
        action: 'request.rejected',
        before: { requestId: 'q', status: 'pending' },
        after: { requestId: 'q', status: 'rejected' },
      },
      '山田 花子さんが佐藤 健さんの参加申請を却下しました',
      null,
    ],
    [
      {
        action: 'group.account_added',
        target: null,
        before: null,
        after: { group: '首都圏', account: '渋谷店' },
      },
      '山田 花子さんがアカウント「渋谷店」をグループ「首都圏」に追加しました',
      null,
    ],
    [
      // The demo's seeded events name the account by id only: told without its name.
      { action: 'group.account_added', target: null, before: null, after: { accountId: 'a-9' } },
      '山田 花子さんがアカウントをグループに追加しました',
      null,
    ],
    [
      {
        action: 'group.account_removed',
        target: null,
        before: { group: '首都圏', account: '渋谷店' },
        after: null,
      },
      '山田 花子さんがアカウント「渋谷店」をグループ「首都圏」から外しました',
      null,
    ],
  ];

  it.each(
    cases.map(
      ([overrides, ...text]) => [overrides.action ?? 'member.role_changed', overrides, ...text] as const,
    ),
  )('describes %s', (_action, overrides, summary, change) => {
    expect(say(overrides)).toEqual({ summary, change });
  });

  it('names group roles on a group, and someone it cannot name', () => {
    expect(say({ actor: { userId: 'Ugone', displayName: null } }, 'group')).toEqual({
      summary: '不明なユーザーが佐藤 健さんの権限を変更しました',
      change: 'グループ運用担当者 → グループ管理者',
    });
  });
});
