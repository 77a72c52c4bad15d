import { describe, expect, it, vi } from 'vitest';
import type { ConnectedChannel, Stats } from '../../app/api/channels';
import { ApiError } from '../../app/api/errors';
import { createConnectModel, createDisconnectModel, mismatchOf, tokenError } from '../../app/state/channel';
import { createStatsModel } from '../../app/state/stats';
import { deferred } from './fixtures';

// Connecting an account's Messaging API channel, disconnecting it, and its 分析 (SPEC §9).

const channel: ConnectedChannel = {
  connected: true,
  basicId: '@cafehana-shibuya',
  displayName: 'カフェ花 渋谷店',
  pictureUrl: null,
  connectedAt: '2026-12-01T09:00:00.000Z',
  connectedBy: { userId: 'Uowner', displayName: '山田 花子' },
};

const apiError = (status: number, code: string, details: unknown = null) =>
  new ApiError(status, code, 'English text', 'req-1', details);

describe('tokenError', () => {
  it('wants 1 to 1,000 printable ASCII characters after trimming, as the Worker does', () => {
    expect(tokenError('')).toBe('required');
    expect(tokenError('   ')).toBe('required');
    expect(tokenError(' standin-channel:@cafehana-shibuya\n')).toBeNull();
    expect(tokenError('a'.repeat(1000))).toBeNull();
    expect(tokenError('a'.repeat(1001))).toBe('format');
    expect(tokenError('トークン')).toBe('format');
    expect(tokenError('abc\ndef')).toBe('format');
    // LINE's tokens have no spaces: one inside is a copying mistake, refused here as by the Worker.
    expect(tokenError('abc def')).toBe('format');
  });
});

describe('mismatchOf', () => {
  it('reads both basic IDs of a CHANNEL_MISMATCH, when the Worker sent them', () => {
    const details = { accountBasicId: '@a', channelBasicId: '@b' };
    expect(mismatchOf(apiError(409, 'CHANNEL_MISMATCH', details))).toEqual(details);
    expect(mismatchOf(apiError(409, 'CHANNEL_MISMATCH'))).toBeNull();
    expect(mismatchOf(apiError(409, 'CHANNEL_MISMATCH', { accountBasicId: 1 }))).toBeNull();
    expect(mismatchOf(apiError(409, 'CHANNEL_IN_USE', details))).toBeNull();
    expect(mismatchOf(new Error('x'))).toBeNull();
  });
});

describe('connect model', () => {
  it('says what is wrong with the token only after a submit, and sends nothing then', async () => {
    const connect = vi.fn(async () => channel);
    const form = createConnectModel({ connect });
    expect(form.tokenError.value).toBeNull();
    expect(await form.submit('a-1')).toEqual({ kind: 'invalid' });
    expect(form.tokenError.value).toBe('required');
    form.setToken('日本語');
    expect(form.tokenError.value).toBe('format');
    expect(connect).not.toHaveBeenCalled();
  });

  it('sends the trimmed token once, and forgets it when LINE accepted it', async () => {
    const pending = deferred<ConnectedChannel>();
    const connect = vi.fn(() => pending.promise);
    const form = createConnectModel({ connect });
    form.setToken('  standin-channel:@cafehana-shibuya ');
    const call = form.submit('a-1');
    expect(form.sending.value).toBe(true);
    expect(await form.submit('a-1')).toEqual({ kind: 'refused' });
    pending.resolve(channel);
    expect(await call).toEqual({ kind: 'connected', channel });
    expect(connect).toHaveBeenCalledExactlyOnceWith('a-1', 'standin-channel:@cafehana-shibuya');
    expect(form.token.value).toBe('');
    expect(form.sending.value).toBe(false);
  });

  it('keeps the token and says why when LINE refuses it, and clears that on reset', async () => {
    const refusal = apiError(400, 'CHANNEL_TOKEN_INVALID');
    const form = createConnectModel({ connect: vi.fn(async () => Promise.reject(refusal)) });
    form.setToken('wrong-token');
    expect(await form.submit('a-1')).toEqual({ kind: 'refused' });
    expect(form.error.value).toBe(refusal);
    expect(form.token.value).toBe('wrong-token');
    expect(form.sending.value).toBe(false);
    form.reset();
    expect(form.error.value).toBeNull();
    expect(form.token.value).toBe('');
  });

  it('ignores the late answer of a connection the admin left', async () => {
    const pending = deferred<ConnectedChannel>();
    const form = createConnectModel({ connect: () => pending.promise });
    form.setToken('standin-channel:@x');
    const call = form.submit('a-1');
    form.reset();
    pending.reject(apiError(503, 'LINE_UNAVAILABLE'));
    expect(await call).toEqual({ kind: 'refused' });
    expect(form.error.value).toBeNull();
  });
});

describe('disconnect model', () => {
  it('closes after the disconnection, and stays open with the reason when refused', async () => {
    const disconnect = vi.fn<(id: string) => Promise<void>>(async () => undefined);
    const model = createDisconnectModel({ disconnect });
    model.show();
    disconnect.mockRejectedValueOnce(apiError(409, 'CHANNEL_NOT_CONNECTED'));
    expect(await model.confirm('a-1')).toBe(false);
    expect(model.open.value).toBe(true);
    expect(model.error.value).toBeInstanceOf(ApiError);
    expect(await model.confirm('a-1')).toBe(true);
    expect(model.open.value).toBe(false);
    model.show();
    expect(model.error.value).toBeNull();
  });

  it('cannot be closed while the disconnection is on its way', async () => {
    const pending = deferred<void>();
    const model = createDisconnectModel({ disconnect: () => pending.promise });
    model.show();
    const call = model.confirm('a-1');
    model.close();
    expect(model.open.value).toBe(true);
    expect(model.busy.value).toBe(true);
    pending.resolve();
    await call;
    expect(model.open.value).toBe(false);
  });
});

describe('stats model', () => {
  const stats = (followers: number): Stats => ({
    stats: { date: '2026-11-30', status: 'ready', followers, targetedReaches: 900, blocks: 12 },
    deliveries: [],
  });

  it('keeps the numbers on screen while the same account refreshes, never another account’s', async () => {
    const next = deferred<Stats>();
    const deps = { stats: vi.fn(async (id: string) => stats(id === 'a-1' ? 1000 : 2000)) };
    const model = createStatsModel(deps);
    await model.load('a-1');
    expect(model.stats.value?.stats.followers).toBe(1000);
    deps.stats.mockReturnValueOnce(next.promise);
    const refresh = model.load('a-1');
    expect(model.stats.value?.stats.followers).toBe(1000);
    next.resolve(stats(1001));
    await refresh;
    const other = model.load('a-2');
    expect(model.stats.value).toBeNull();
    await other;
    expect(model.stats.value?.stats.followers).toBe(2000);
  });

  it('keeps the refusal for the screen to word (CHANNEL_TOKEN_REVOKED, say)', async () => {
    const model = createStatsModel({
      stats: async () => Promise.reject(apiError(409, 'CHANNEL_TOKEN_REVOKED')),
    });
    await model.load('a-1');
    expect(model.status.value).toBe('error');
    expect(model.error.value).toMatchObject({ code: 'CHANNEL_TOKEN_REVOKED' });
  });
});
