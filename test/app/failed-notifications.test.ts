import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { FailedNotification } from '../../app/api/types';
import { createFailedNotificationsModel } from '../../app/state/failed-notifications';

function failed(overrides: Partial<FailedNotification> = {}): FailedNotification {
  return {
    id: 'n-1',
    kind: 'request.created',
    recipient: { userId: 'Uadmin', displayName: '小林 恵' },
    status: 'failed',
    attempts: 7,
    lastError: 'LINE 503',
    createdAt: '2026-12-01T10:00:00.000Z',
    ...overrides,
  };
}

describe('failed notifications of a resource', () => {
  it('is hidden while loading and when there are none', async () => {
    const model = createFailedNotificationsModel({ list: async () => ({ notifications: [] }) });
    const loading = model.load('account', 'a-1');
    expect(model.visible.value).toBe(false);
    await loading;
    expect(model.status.value).toBe('ready');
    expect(model.visible.value).toBe(false);
  });

  it('lists what LINE could not deliver', async () => {
    const list = vi.fn(async () => ({
      notifications: [failed(), failed({ id: 'n-2', kind: 'request.approved' })],
    }));
    const model = createFailedNotificationsModel({ list });
    await model.load('group', 'g-1');
    expect(list).toHaveBeenCalledWith('group', 'g-1');
    expect(model.visible.value).toBe(true);
    expect(model.items.value.map((item) => item.id)).toEqual(['n-1', 'n-2']);
  });

  it('shows an error it can retry, but stays hidden when the caller may not see them', async () => {
    const offline = new ApiError(0, 'NETWORK', 'offline', null);
    const list = vi
      .fn()
      .mockRejectedValueOnce(offline)
      .mockRejectedValueOnce(new ApiError(403, 'FORBIDDEN', 'no', 'req-1'))
      .mockResolvedValueOnce({ notifications: [failed()] });
    const model = createFailedNotificationsModel({ list });
    await model.load('account', 'a-1');
    expect(model.visible.value).toBe(true);
    expect(model.error.value).toBe(offline);

    await model.load('account', 'a-1');
    expect(model.visible.value).toBe(false);
    expect(model.error.value).toBeNull();

    await model.load('account', 'a-1');
    expect(model.items.value).toHaveLength(1);
  });

  it('never shows one resource’s failures under another', async () => {
    const list = vi
      .fn()
      .mockResolvedValueOnce({ notifications: [failed()] })
      .mockReturnValueOnce(new Promise(() => {}));
    const model = createFailedNotificationsModel({ list });
    await model.load('account', 'a-1');
    void model.load('account', 'a-2');
    expect(model.items.value).toEqual([]);
    expect(model.visible.value).toBe(false);
  });
});
