import { describe, expect, it } from 'vitest';
import { inviteMessage } from '../../app/invite-message';

const url =
  'https://liff.line.me/2000000000-kengenlc/invite?token=abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

describe('the invite as a Flex Message for the share target picker', () => {
  const input = {
    resourceName: '渋谷店',
    kind: 'account' as const,
    inviter: '山田 花子',
    role: 'operator_no_broadcast' as const,
    expiresAt: '2026-03-02T09:00:00.000Z',
    url,
  };

  it('is a bubble with the title, inviter, role, expiry and a button that opens the invite', () => {
    const message = inviteMessage(input);
    expect(message.type).toBe('flex');
    if (message.type !== 'flex') return;
    expect(message.altText).toBe('山田 花子さんから「渋谷店」への招待が届きました');
    const json = JSON.stringify(message.contents);
    expect(json).toContain('「渋谷店」への招待');
    expect(json).toContain('山田 花子さんから');
    expect(json).toContain('運用担当者(配信権限なし)');
    expect(json).toContain('3月2日');
    expect(message.contents).toMatchObject({
      type: 'bubble',
      footer: { contents: [{ type: 'button', action: { type: 'uri', label: '招待を開く', uri: url } }] },
    });
  });

  it('names group roles as group roles', () => {
    const message = inviteMessage({ ...input, kind: 'group', role: 'admin' });
    expect(JSON.stringify(message)).toContain('グループ管理者');
  });

  it('keeps the alternative text within LINE’s 400 characters', () => {
    const message = inviteMessage({ ...input, resourceName: 'あ'.repeat(500) });
    expect(message.type === 'flex' && message.altText.length).toBe(400);
  });
});
