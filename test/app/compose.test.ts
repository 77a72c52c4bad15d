import { describe, expect, it, vi } from 'vitest';
import type { Audience, Sent } from '../../app/api/channels';
import { ApiError } from '../../app/api/errors';
import {
  audienceBlocked,
  type ComposeDeps,
  createComposeModel,
  MESSAGE_MAX_LENGTH,
  MESSAGES_MAX,
  messageError,
  messageLength,
  retrySafe,
} from '../../app/state/compose';
import { deferred } from './fixtures';

// メッセージを作成 (SPEC §9): what may be sent, and that a broadcast retried after a failure is sent once.

function sent(overrides: Partial<Sent> = {}): Sent {
  return {
    id: 'b-1',
    kind: 'broadcast',
    messageCount: 1,
    preview: 'こんにちは',
    sentAt: '2026-12-01T09:00:00.000Z',
    sentBy: { userId: 'Uowner', displayName: '山田 花子' },
    lineRequestId: 'line-req-1',
    ...overrides,
  };
}

const audience: Audience = {
  audience: { targetedReaches: 1234, date: '2026-11-30' },
  quota: { limit: 5000, used: 100 },
};

const apiError = (status: number, code: string) => new ApiError(status, code, 'English text', 'req-1');

function setup(overrides: Partial<ComposeDeps> = {}) {
  let keys = 0;
  const deps = {
    testSend: vi.fn<ComposeDeps['testSend']>(async () => sent({ kind: 'test' })),
    broadcast: vi.fn<ComposeDeps['broadcast']>(async () => sent()),
    audience: vi.fn<ComposeDeps['audience']>(async () => audience),
    newKey: vi.fn(() => `key-${++keys}`),
  };
  return { model: createComposeModel({ ...deps, ...overrides }), deps };
}

describe('messageError', () => {
  it('wants 1 to 5,000 characters after trimming, as the Worker does', () => {
    expect(messageError('')).toBe('empty');
    expect(messageError(' \n ')).toBe('empty');
    expect(messageError('a'.repeat(MESSAGE_MAX_LENGTH))).toBeNull();
    expect(messageError(` ${'a'.repeat(MESSAGE_MAX_LENGTH)} `)).toBeNull();
    expect(messageError('a'.repeat(MESSAGE_MAX_LENGTH + 1))).toBe('too-long');
  });

  it('counts what the counter shows: the trimmed text', () => {
    expect(messageLength('  こんにちは \n')).toBe(5);
    // At the limit with spaces around it: the counter says 5,000, and it is valid.
    const padded = ` ${'a'.repeat(MESSAGE_MAX_LENGTH)}  `;
    expect(messageLength(padded)).toBe(MESSAGE_MAX_LENGTH);
    expect(messageError(padded)).toBeNull();
  });
});

describe('audienceBlocked', () => {
  it('keeps 「配信はできます」 for passing troubles only', () => {
    for (const code of ['LINE_UNAVAILABLE', 'LINE_RATE_LIMITED', 'NETWORK']) {
      expect(audienceBlocked(apiError(503, code))).toBe(false);
    }
    for (const code of [
      'CHANNEL_TOKEN_REVOKED',
      'CHANNEL_TOKEN_UNREADABLE',
      'CHANNEL_NOT_CONNECTED',
      'FORBIDDEN',
      'LINE_QUOTA_EXCEEDED',
    ]) {
      expect(audienceBlocked(apiError(409, code))).toBe(true);
    }
  });
});

describe('compose model', () => {
  it('holds 1 to 5 messages', () => {
    const { model } = setup();
    expect(model.texts.value).toEqual(['']);
    model.remove(0);
    expect(model.texts.value).toHaveLength(1);
    for (let n = 1; n < MESSAGES_MAX + 2; n++) model.add();
    expect(model.texts.value).toHaveLength(MESSAGES_MAX);
    expect(model.canAdd.value).toBe(false);
    model.setText(1, '二つ目');
    model.remove(0);
    expect(model.texts.value[0]).toBe('二つ目');
    expect(model.canAdd.value).toBe(true);
  });

  it('shows errors only once a send was attempted, and points at the first message to fix', async () => {
    const { model, deps } = setup();
    model.add();
    model.setText(0, 'ok');
    expect(model.errors.value).toEqual([null, null]);
    expect(await model.sendTest('a-1')).toEqual({ kind: 'invalid', index: 1 });
    expect(model.errors.value).toEqual([null, 'empty']);
    expect(model.openConfirm('a-1')).toEqual({ kind: 'invalid', index: 1 });
    expect(model.confirming.value).toBe(false);
    expect(deps.testSend).not.toHaveBeenCalled();
    expect(deps.audience).not.toHaveBeenCalled();
  });

  it('test-sends the trimmed messages and says when', async () => {
    const { model, deps } = setup();
    model.setText(0, '  本日のおすすめ  ');
    const pending = deferred<Sent>();
    deps.testSend.mockReturnValueOnce(pending.promise);
    const call = model.sendTest('a-1');
    expect(model.testing.value).toBe(true);
    expect(await model.sendTest('a-1')).toEqual({ kind: 'refused' });
    pending.resolve(sent({ kind: 'test' }));
    expect((await call).kind).toBe('sent');
    expect(deps.testSend).toHaveBeenCalledTimes(1);
    expect(deps.testSend).toHaveBeenCalledWith('a-1', {
      messages: [{ type: 'text', text: '本日のおすすめ' }],
      retryKey: 'key-1',
    });
    expect(model.testing.value).toBe(false);
    expect(model.tested.value?.kind).toBe('test');
    // Another edit is another message: the notice of the last test no longer applies.
    model.setText(0, '変更');
    expect(model.tested.value).toBeNull();
  });

  it('opens the confirmation with the audience, and broadcasts on confirm', async () => {
    const { model, deps } = setup();
    model.setText(0, 'セールのお知らせ');
    expect(model.openConfirm('a-1')).toBeNull();
    expect(model.confirming.value).toBe(true);
    expect(model.audience.status.value).toBe('loading');
    await vi.waitFor(() => expect(model.audience.status.value).toBe('ready'));
    expect(model.audience.data.value?.audience.targetedReaches).toBe(1234);
    const outcome = await model.broadcast('a-1');
    expect(outcome.kind).toBe('sent');
    expect(deps.broadcast).toHaveBeenCalledWith('a-1', {
      messages: [{ type: 'text', text: 'セールのお知らせ' }],
      retryKey: 'key-1',
    });
    expect(model.confirming.value).toBe(false);
    expect(model.sent.value?.id).toBe('b-1');
  });

  it('reuses the retry key after a failure, even when the confirmation was closed and opened again', async () => {
    const { model, deps } = setup();
    model.setText(0, 'セール');
    model.openConfirm('a-1');
    deps.broadcast.mockRejectedValueOnce(apiError(503, 'LINE_UNAVAILABLE'));
    expect(await model.broadcast('a-1')).toEqual({ kind: 'refused' });
    expect(model.confirming.value).toBe(true);
    expect(model.broadcastError.value).toBeInstanceOf(ApiError);
    expect(await model.broadcast('a-1')).toMatchObject({ kind: 'sent' });
    expect(deps.broadcast.mock.calls.map(([, body]) => body.retryKey)).toEqual(['key-1', 'key-1']);

    deps.broadcast.mockRejectedValueOnce(apiError(0, 'NETWORK'));
    model.reset();
    model.setText(0, '次のセール');
    model.openConfirm('a-1');
    await model.broadcast('a-1');
    model.closeConfirm();
    model.openConfirm('a-1');
    expect(model.broadcastError.value).toBeNull();
    await model.broadcast('a-1');
    expect(deps.broadcast.mock.calls.map(([, body]) => body.retryKey)).toEqual([
      'key-1',
      'key-1',
      'key-2',
      'key-2',
    ]);
  });

  it('makes a new key for changed messages: another content is another send', async () => {
    const { model, deps } = setup();
    model.setText(0, 'セール');
    model.openConfirm('a-1');
    deps.broadcast.mockRejectedValueOnce(apiError(409, 'LINE_QUOTA_EXCEEDED'));
    await model.broadcast('a-1');
    model.closeConfirm();
    model.setText(0, 'セール(訂正)');
    model.openConfirm('a-1');
    await model.broadcast('a-1');
    expect(deps.broadcast.mock.calls.map(([, body]) => body.retryKey)).toEqual(['key-1', 'key-2']);
  });

  it('does not mark as tested a text edited while its test send was on its way', async () => {
    const { model, deps } = setup();
    model.setText(0, '最初の文');
    const pending = deferred<Sent>();
    deps.testSend.mockReturnValueOnce(pending.promise);
    const call = model.sendTest('a-1');
    model.setText(0, '書き換えた文');
    pending.resolve(sent({ kind: 'test' }));
    expect((await call).kind).toBe('sent');
    expect(model.tested.value).toBeNull();
    expect(model.testing.value).toBe(false);
    // The edited text is another test, with its own key.
    await model.sendTest('a-1');
    expect(deps.testSend.mock.calls.map(([, body]) => body.retryKey)).toEqual(['key-1', 'key-2']);
    expect(model.tested.value?.kind).toBe('test');
  });

  it.each(['RETRY_KEY_REUSED', 'RETRY_KEY_EXPIRED'])(
    'makes a new key after %s (the server will not take that one again), and no longer says a retry is safe',
    async (code) => {
      const { model, deps } = setup();
      model.setText(0, 'セール');
      model.openConfirm('a-1');
      deps.broadcast.mockRejectedValueOnce(apiError(409, code));
      expect(await model.broadcast('a-1')).toEqual({ kind: 'refused' });
      expect(retrySafe(model.broadcastError.value)).toBe(false);
      expect((await model.broadcast('a-1')).kind).toBe('sent');
      expect(deps.broadcast.mock.calls.map(([, body]) => body.retryKey)).toEqual(['key-1', 'key-2']);
      expect(retrySafe(apiError(503, 'LINE_UNAVAILABLE'))).toBe(true);
    },
  );

  it('keeps the confirmation open while the broadcast is on its way, and refuses a second tap', async () => {
    const pending = deferred<Sent>();
    const broadcast = vi.fn(() => pending.promise);
    const { model } = setup({ broadcast });
    model.setText(0, 'セール');
    model.openConfirm('a-1');
    const first = model.broadcast('a-1');
    expect(model.broadcasting.value).toBe(true);
    model.closeConfirm();
    expect(model.confirming.value).toBe(true);
    expect(await model.broadcast('a-1')).toEqual({ kind: 'refused' });
    pending.resolve(sent());
    await first;
    expect(broadcast).toHaveBeenCalledTimes(1);
  });

  it('says when the audience cannot be counted, and still lets the broadcast go', async () => {
    const { model } = setup({
      audience: vi.fn(async () => Promise.reject(apiError(503, 'LINE_UNAVAILABLE'))),
    });
    model.setText(0, 'セール');
    model.openConfirm('a-1');
    await vi.waitFor(() => expect(model.audience.status.value).toBe('error'));
    expect((await model.broadcast('a-1')).kind).toBe('sent');
  });

  it('forgets everything on reset, and ignores the late answer of a send made before it', async () => {
    const pending = deferred<Sent>();
    const { model } = setup({ testSend: vi.fn(() => pending.promise) });
    model.setText(0, 'テスト');
    const late = model.sendTest('a-1');
    model.reset();
    pending.resolve(sent({ kind: 'test' }));
    expect(await late).toEqual({ kind: 'refused' });
    expect(model.tested.value).toBeNull();
    expect(model.testing.value).toBe(false);
    expect(model.texts.value).toEqual(['']);
    expect(model.errors.value).toEqual([null]);
  });
});
