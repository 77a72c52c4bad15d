import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, networkError } from '../../app/api/errors';
import { chooseLanguage } from '../../app/i18n';
import { describeError } from '../../app/i18n/labels';
import { AppError, ERROR_STATUS, type ErrorCode } from '../../worker/lib/errors';

// Issue 14: no English server message reaches the Japanese screen. Every code the Worker can answer has its
// own words in both languages (the dictionaries are `Record<ErrorCode, string>`: a new code fails the build),
// and a code the app does not know yet gets a generic message with the request id to quote.

const codes = Object.keys(ERROR_STATUS) as ErrorCode[];

/** What the Worker sends for a code: its own (English) default message and a request id. */
function fromWorker(code: string, requestId = `req-${code}`): ApiError {
  const message = code in ERROR_STATUS ? new AppError(code as ErrorCode).message : 'Brand new failure.';
  return new ApiError(409, code, message, requestId);
}

const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('error messages', () => {
  beforeEach(() => {
    vi.stubGlobal('document', { documentElement: {} });
  });
  afterEach(async () => {
    await chooseLanguage('ja');
    vi.unstubAllGlobals();
  });

  it.each(codes)('says %s in Japanese, never in the server’s English, with its request id', (code) => {
    const error = fromWorker(code);
    const { message, requestId } = describeError(error);
    expect(message).toMatch(japanese);
    expect(message).not.toContain(error.message);
    expect(requestId).toBe(`req-${code}`);
  });

  it('gives every code its own Japanese message', () => {
    const messages = new Set(codes.map((code) => describeError(fromWorker(code)).message));
    expect(messages.size).toBe(codes.length);
  });

  it('says an unknown code generically in Japanese, with the request id in the message', () => {
    const described = describeError(fromWorker('SOMETHING_NEW', 'req-new'));
    expect(described.message).toBe(
      '問題が発生しました(問い合わせ番号: req-new)。時間をおいてもう一度お試しください。',
    );
    expect(described.message).not.toContain('Brand new failure');
    // Shown once: the error state does not repeat the id below the message.
    expect(described.requestId).toBeNull();
    // An inherited property name is no message either.
    expect(describeError(fromWorker('constructor', 'req-c')).message).toContain('req-c');
  });

  it('says a lost connection and an answer without the Worker’s body in Japanese', () => {
    expect(describeError(networkError(new TypeError('Failed to fetch'))).message).toBe(
      '通信できませんでした。電波の良い場所でもう一度お試しください。',
    );
    expect(describeError(new ApiError(502, 'HTTP_502', 'Bad Gateway', null)).message).toMatch(japanese);
    expect(describeError(new Error('boom')).message).not.toContain('boom');
  });

  it('has every code in English too', async () => {
    await chooseLanguage('en');
    for (const code of codes) {
      const { message } = describeError(fromWorker(code));
      expect(message, code).not.toMatch(japanese);
      expect(message, code).not.toBe('');
    }
    expect(describeError(fromWorker('SOMETHING_NEW', 'req-x')).message).toContain('reference: req-x');
  });
});
