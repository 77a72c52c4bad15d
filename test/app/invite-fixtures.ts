import type {
  EndedInvite,
  InvitePreview,
  IssuedInvite,
  JoinRequest,
  OpenInvite,
  OpenInvites,
} from '../../app/api/invites';

// Fake invite answers in the Worker's shapes (the types come from its AppType), for model tests.

export const TOKEN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ';

const created = '2026-03-01T09:00:00.000Z';
const expires = '2026-03-02T09:00:00.000Z';

export function issued(overrides: Partial<IssuedInvite['invite']> = {}): IssuedInvite {
  return {
    invite: {
      id: 'i-1',
      role: 'operator',
      status: 'pending',
      createdAt: created,
      expiresAt: expires,
      memo: null,
      ...overrides,
    },
    token: TOKEN,
    url: `https://liff.line.me/2000000000-kengenlc/invite?token=${TOKEN}`,
  };
}

export function openInvite(overrides: Partial<OpenInvite> = {}): OpenInvite {
  return {
    id: 'i-1',
    role: 'operator',
    status: 'pending',
    createdAt: created,
    expiresAt: expires,
    memo: null,
    createdBy: { userId: 'Uowner', displayName: '山田 花子' },
    ...overrides,
  };
}

export function endedInvite(overrides: Partial<EndedInvite> = {}): EndedInvite {
  return {
    id: 'i-old',
    role: 'operator',
    status: 'expired',
    createdAt: created,
    expiresAt: expires,
    memo: '新宿店の田中さん',
    createdBy: { userId: 'Uowner', displayName: '山田 花子' },
    endedAt: expires,
    declinedBy: null,
    ...overrides,
  };
}

export function joinRequest(overrides: Partial<JoinRequest> = {}): JoinRequest {
  return {
    id: 'r-1',
    inviteId: 'i-9',
    role: 'operator_no_stats',
    createdAt: created,
    user: { userId: 'Ustaff', displayName: '佐藤 次郎', pictureUrl: null },
    ...overrides,
  };
}

export function openInvites(
  invites: OpenInvite[] = [],
  requests: JoinRequest[] = [],
  ended: EndedInvite[] = [],
): OpenInvites {
  return { invites, requests, ended };
}

export function preview(
  overrides: Partial<InvitePreview['invite']> = {},
  alreadyMember = false,
  ownInvite = false,
): InvitePreview {
  return {
    invite: {
      id: 'i-1',
      role: 'operator',
      status: 'pending',
      createdAt: created,
      expiresAt: expires,
      requiresApproval: false,
      resource: { kind: 'account', id: 'a-1', name: '渋谷店', basicId: '@shibuya' },
      invitedBy: { userId: 'Uowner', displayName: '山田 花子', pictureUrl: null },
      ...overrides,
    },
    alreadyMember,
    ownInvite,
  };
}
