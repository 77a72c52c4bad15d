import type { ResourceKind, Role } from './api/types';
import { formatDateTime, messageText } from './i18n/invites';
import { ja } from './i18n/ja';
import type { ShareMessage } from './share';

export type InviteMessageInput = {
  resourceName: string;
  kind: ResourceKind;
  inviter: string;
  role: Role;
  expiresAt: string;
  url: string;
};

const LINE_GREEN = '#06C755';
const MUTED = '#8C8C8C';

function fact(label: string, value: string) {
  return {
    type: 'box' as const,
    layout: 'baseline' as const,
    spacing: 'sm' as const,
    contents: [
      { type: 'text' as const, text: label, size: 'sm' as const, color: MUTED, flex: 2 },
      { type: 'text' as const, text: value, size: 'sm' as const, wrap: true, flex: 5 },
    ],
  };
}

/**
 * The invite as a Flex Message bubble for the share target picker: what it is for, from whom, which role,
 * until when, and a button that opens the invite URL. Always in Japanese (see i18n/invites.ts).
 */
export function inviteMessage(input: InviteMessageInput): ShareMessage {
  const role = input.kind === 'group' ? ja.groupRoles[input.role] : ja.roles[input.role];
  const text = messageText;
  return {
    type: 'flex',
    // The notification and chat-list text; LINE limits it to 400 characters.
    altText: text.altText(input.inviter, input.resourceName).slice(0, 400),
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: [
          { type: 'text', text: text.title(input.resourceName), weight: 'bold', size: 'lg', wrap: true },
          { type: 'text', text: text.from(input.inviter), size: 'sm', color: MUTED, wrap: true },
          {
            type: 'box',
            layout: 'vertical',
            spacing: 'sm',
            margin: 'lg',
            contents: [
              fact(text.role, role),
              fact(text.expires, text.until(formatDateTime(input.expiresAt, 'ja'))),
            ],
          },
        ],
      },
      footer: {
        type: 'box',
        layout: 'vertical',
        contents: [
          {
            type: 'button',
            style: 'primary',
            color: LINE_GREEN,
            action: { type: 'uri', label: text.open, uri: input.url },
          },
        ],
      },
    },
  };
}
