import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import {
  appPath,
  avatarLetter,
  chatMessage,
  createLineChatModel,
  type StandinPush,
} from '../../app/state/line-chat';
import { deferred } from './fixtures';

const LIFF_ID = '2000000000-kengenlc';

/** A join request as the Worker renders it (worker/notifications/messages.ts). */
function joinRequestFlex(text: string) {
  const uri = `https://liff.line.me/${LIFF_ID}/accounts/a-1`;
  return {
    type: 'flex',
    altText: text,
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: [
          { type: 'text', text: '参加リクエスト', weight: 'bold', size: 'sm', color: '#06C755' },
          { type: 'text', text, wrap: true, size: 'md' },
        ],
      },
      footer: {
        type: 'box',
        layout: 'horizontal',
        contents: [
          { type: 'button', style: 'primary', height: 'sm', action: { type: 'uri', label: '承認', uri } },
          { type: 'button', style: 'secondary', height: 'sm', action: { type: 'uri', label: '却下', uri } },
        ],
      },
    },
  };
}

function push(requestId: string, receivedAt: string, messages: unknown[]): StandinPush {
  return { requestId, receivedAt, messages };
}

describe('the demo LINE view: messages', () => {
  it('draws a Flex bubble as LINE does: its texts, then its buttons', () => {
    const message = chatMessage(
      joinRequestFlex('田中さんが 渋谷店 への参加をリクエストしています（運用担当者）'),
    );
    expect(message).toEqual({
      type: 'flex',
      altText: '田中さんが 渋谷店 への参加をリクエストしています（運用担当者）',
      parts: [
        {
          type: 'box',
          layout: 'vertical',
          contents: [
            { type: 'text', text: '参加リクエスト', bold: true, size: 'sm', color: '#06C755' },
            {
              type: 'text',
              text: '田中さんが 渋谷店 への参加をリクエストしています（運用担当者）',
              bold: false,
              size: 'md',
              color: null,
            },
          ],
        },
        {
          type: 'box',
          layout: 'horizontal',
          contents: [
            {
              type: 'button',
              label: '承認',
              uri: `https://liff.line.me/${LIFF_ID}/accounts/a-1`,
              style: 'primary',
            },
            {
              type: 'button',
              label: '却下',
              uri: `https://liff.line.me/${LIFF_ID}/accounts/a-1`,
              style: 'secondary',
            },
          ],
        },
      ],
    });
  });

  it('shows text messages, and says so for what it cannot draw instead of failing', () => {
    expect(chatMessage({ type: 'text', text: 'こんにちは' })).toEqual({ type: 'text', text: 'こんにちは' });
    expect(chatMessage({ type: 'sticker', packageId: '1', stickerId: '1' })).toEqual({
      type: 'unsupported',
      what: 'sticker',
    });
    expect(chatMessage({ type: 'flex', altText: 'x', contents: { type: 'carousel', contents: [] } })).toEqual(
      {
        type: 'unsupported',
        what: 'flex carousel',
      },
    );
    expect(chatMessage(null)).toEqual({ type: 'unsupported', what: 'object' });
    // Parts it does not know (an image) or that are broken (a button without a link) are left out.
    const odd = chatMessage({
      type: 'flex',
      altText: 'x',
      contents: {
        type: 'bubble',
        body: {
          type: 'box',
          layout: 'vertical',
          contents: [
            { type: 'image', url: 'https://example.com/a.png' },
            { type: 'button', action: {} },
            { type: 'separator' },
          ],
        },
      },
    });
    expect(odd).toEqual({
      type: 'flex',
      altText: 'x',
      parts: [{ type: 'box', layout: 'vertical', contents: [{ type: 'separator' }] }],
    });
  });

  it('opens a LIFF URL of this app at its path, and nothing else', () => {
    expect(appPath(`https://liff.line.me/${LIFF_ID}/accounts/a-1`, LIFF_ID)).toBe('/accounts/a-1');
    expect(appPath(`https://liff.line.me/${LIFF_ID}/invite?token=abc`, LIFF_ID)).toBe('/invite?token=abc');
    expect(appPath(`https://liff.line.me/${LIFF_ID}`, LIFF_ID)).toBe('/');
    expect(appPath(`https://liff.line.me/${LIFF_ID}/`, LIFF_ID)).toBe('/');
    expect(appPath(`https://liff.line.me/${LIFF_ID}?x=1`, LIFF_ID)).toBe('/?x=1');
    // Another LIFF app (whose id merely starts like this one), another site, or no LIFF id at all.
    expect(appPath(`https://liff.line.me/${LIFF_ID}x/accounts`, LIFF_ID)).toBeNull();
    expect(appPath('https://liff.line.me/1650000000-other/accounts/a-1', LIFF_ID)).toBeNull();
    expect(appPath('https://example.com/accounts/a-1', LIFF_ID)).toBeNull();
    expect(appPath('https://liff.line.me//accounts', '')).toBeNull();
  });

  it('draws a chat without a picture with its name’s first letter, as LINE does', () => {
    expect(avatarLetter('カフェ花 渋谷店')).toBe('カ');
    expect(avatarLetter('Kengen')).toBe('K');
    expect(avatarLetter('bot shop')).toBe('B');
    // A basic ID, before anything the bot sent names it; a character outside the BMP stays whole.
    expect(avatarLetter('@cafehana-shibuya')).toBe('C');
    expect(avatarLetter('𠮷野家')).toBe('𠮷');
    expect(avatarLetter('  ')).toBe('?');
  });
});

describe('the demo LINE view: the chat', () => {
  it('reads oldest first, every message of every push, and refreshes with the chat on screen', async () => {
    const later = push('r-2', '2026-12-01T10:05:00.000Z', [{ type: 'text', text: '二通目' }]);
    const earlier = push('r-1', '2026-12-01T10:00:00.000Z', [
      { type: 'text', text: '一通目' },
      { type: 'text', text: '一通目の続き' },
    ]);
    const fetch = vi.fn().mockResolvedValueOnce([later, earlier]);
    const model = createLineChatModel({ pushes: fetch });
    expect(model.status.value).toBe('idle');

    const loading = model.load();
    expect(model.status.value).toBe('loading');
    expect(model.refreshing.value).toBe(false);
    await loading;
    expect(model.entries.value.map((entry) => entry.message)).toEqual([
      { type: 'text', text: '一通目' },
      { type: 'text', text: '一通目の続き' },
      { type: 'text', text: '二通目' },
    ]);
    expect(model.entries.value.map((entry) => entry.id)).toEqual(['r-1/0', 'r-1/1', 'r-2/0']);

    const next = deferred<StandinPush[]>();
    fetch.mockReturnValueOnce(next.promise);
    const refreshing = model.load();
    expect(model.refreshing.value).toBe(true);
    expect(model.entries.value).toHaveLength(3);
    next.resolve([
      push('r-3', '2026-12-01T10:10:00.000Z', [{ type: 'text', text: '三通目' }]),
      later,
      earlier,
    ]);
    await refreshing;
    expect(model.refreshing.value).toBe(false);
    expect(model.entries.value).toHaveLength(4);
  });

  it('keeps the chat on screen when a refresh fails, with the error', async () => {
    const error = new ApiError(0, 'NETWORK', 'offline', null);
    const fetch = vi
      .fn()
      .mockResolvedValueOnce([push('r-1', '2026-12-01T10:00:00.000Z', [{ type: 'text', text: 'a' }])])
      .mockRejectedValueOnce(error);
    const model = createLineChatModel({ pushes: fetch });
    await model.load();
    await model.load();
    expect(model.status.value).toBe('error');
    expect(model.error.value).toBe(error);
    expect(model.entries.value).toHaveLength(1);
  });

  it('is empty, not failed, when nothing was received', async () => {
    const model = createLineChatModel({ pushes: async () => [] });
    await model.load();
    expect(model.status.value).toBe('ready');
    expect(model.entries.value).toEqual([]);
  });

  it('keeps each shop’s bot in a chat of its own, with the shop’s broadcasts', async () => {
    const kengen = push('r-1', '2026-12-01T10:00:00.000Z', [{ type: 'text', text: '参加リクエスト' }]);
    const shibuya = {
      basicId: '@shibuya',
      displayName: 'カフェ花 渋谷店',
      pictureUrl: 'http://localhost/dev/line/bot-pictures/%40shibuya',
    };
    const test = {
      ...push('r-2', '2026-12-01T10:02:00.000Z', [{ type: 'text', text: 'テスト送信' }]),
      ...shibuya,
    };
    const broadcast = {
      ...push('b-1', '2026-12-01T10:01:00.000Z', [{ type: 'text', text: '本日のおすすめ' }]),
      ...shibuya,
    };
    const broadcasts = vi.fn(async (basicId: string) => (basicId === '@shibuya' ? [broadcast] : []));
    const model = createLineChatModel({ pushes: async () => [kengen, test], broadcasts });

    await model.load();
    expect(broadcasts).not.toHaveBeenCalled();
    expect(model.chats.value).toEqual([null, '@shibuya']);
    expect(model.entries.value.map((entry) => entry.id)).toEqual(['r-1/0']);
    // The shop's chat is named by its bot, as LINE names it, from what the bot sent.
    expect(model.bots.value.get('@shibuya')).toEqual({
      displayName: 'カフェ花 渋谷店',
      pictureUrl: 'http://localhost/dev/line/bot-pictures/%40shibuya',
    });

    await model.load('@shibuya');
    expect(model.chat.value).toBe('@shibuya');
    expect(model.entries.value.map((entry) => entry.id)).toEqual(['b-1/0', 'r-2/0']);

    // A shop that only broadcast is a chat too, once opened.
    await model.load('@shinjuku');
    expect(model.chats.value).toEqual([null, '@shibuya', '@shinjuku']);
    expect(model.entries.value).toEqual([]);
    // Nothing it sent names it yet: the view shows its basic ID.
    expect(model.bots.value.has('@shinjuku')).toBe(false);
  });

  it('names a shop that only broadcast from its broadcasts, and keeps a bot without a picture', async () => {
    const broadcasts = vi.fn(async (basicId: string) => [
      {
        ...push('b-1', '2026-12-01T10:01:00.000Z', [{ type: 'text', text: 'セール' }]),
        basicId,
        displayName: 'カフェ花 新宿店',
        pictureUrl: null,
      },
    ]);
    const model = createLineChatModel({ pushes: async () => [], broadcasts });
    await model.load('@shinjuku');
    expect(model.bots.value.get('@shinjuku')).toEqual({ displayName: 'カフェ花 新宿店', pictureUrl: null });
    // Kengen's own bot (no basic ID) is never among the shops' bots.
    await model.load();
    expect([...model.bots.value.keys()]).toEqual([]);
  });
});
