import { ROLE_NAMES_EN } from '../../worker/authz/role-names';
import type { Dict } from './ja';

export const en: Dict = {
  lang: 'en',
  appName: 'Kengen',
  loading: 'Loading…',
  retry: 'Retry',
  working: 'Working…',
  pageFailed: 'Could not load this screen',
  back: 'Back to home',
  signIn: {
    failed: 'Could not sign in',
    loginAgain: 'Log in with LINE again',
  },
  errors: {
    network: 'Could not reach the server. Check your connection and try again.',
    unknown: 'Something went wrong. Please try again later.',
    unknownCode: (id: string) => `Something went wrong (reference: ${id}). Please try again later.`,
    requestId: (id: string) => `Reference: ${id}`,
    memberLimitOver: ({ seats, adding, limit }) =>
      `This would exceed the limit of ${limit} people by ${seats + adding - limit} (${seats} now, ${adding} more). Make room first, then try again.`,
    codes: {
      INVALID_INPUT: 'Please check what you entered.',
      INVALID_TOKEN: 'LINE could not confirm who you are. Log in with LINE again.',
      UNAUTHENTICATED: 'Your sign-in has expired. Open the app again.',
      FORBIDDEN: 'You are not allowed to do this.',
      NOT_FOUND: 'Not found, or you do not have access.',
      ALREADY_MEMBER: 'You are already a member.',
      ALREADY_IN_GROUP: 'The account is already in this group.',
      CONFLICT: 'Something else changed at the same moment. Please try again.',
      INVITE_NOT_PENDING: 'This invite was already used or revoked.',
      LAST_ADMIN:
        'This would remove the last admin. Add a second admin first (admins through a group do not count).',
      MEMBER_LIMIT: 'The member limit (100 people) has been reached.',
      OWN_INVITE: 'You cannot join with an invite you issued yourself.',
      REQUEST_NOT_PENDING: 'This join request was already decided.',
      REQUEST_PENDING: 'Your join request is waiting for an admin’s approval.',
      REVIEW_OPEN:
        'An access review is still open: until it is completed, no other can start and it cannot be exported.',
      REVIEW_INCOMPLETE: 'Decide keep or remove for everyone before completing the review.',
      REVIEW_CLOSED: 'This review is completed and can no longer change.',
      GRANT_VIA_GROUP:
        'They reach it only through a group: remove them from the group, or take the account out of it.',
      INVITE_EXPIRED: 'This invite has expired.',
      INVITE_REVOKED: 'This invite was revoked.',
      INVITE_USED: 'This invite was already used.',
      PAYLOAD_TOO_LARGE: 'What you sent is too large.',
      CHANNEL_TOKEN_INVALID:
        'LINE did not accept this channel access token. Copy it again from the LINE Developers console.',
      CHANNEL_MISMATCH:
        'This token belongs to another LINE Official Account. Use the token of this account’s channel.',
      CHANNEL_IN_USE: 'This Messaging API channel is already connected to another account.',
      CHANNEL_NOT_CONNECTED: 'No Messaging API channel is connected to this account. An admin connects it.',
      CHANNEL_TOKEN_REVOKED:
        'LINE no longer accepts the stored token. An admin needs to reconnect the channel.',
      CHANNEL_TOKEN_UNREADABLE:
        'The stored token could not be read. An admin needs to reconnect the channel.',
      RETRY_KEY_REUSED:
        'This retry does not match the first attempt, so nothing was sent. Please send it again.',
      RETRY_KEY_EXPIRED:
        'Too much time has passed since the first attempt to retry it. Check whether it arrived, then send it again.',
      LINE_QUOTA_EXCEEDED: 'This month’s message limit has been reached.',
      LINE_RATE_LIMITED: 'LINE is busy. Wait a moment and try again.',
      LINE_UNAVAILABLE: 'LINE did not answer. Please try again later.',
      LINE_REFUSED: 'LINE did not accept this content. Please check it.',
      INTERNAL: 'Something went wrong on the server. Please try again later.',
    },
  },
  roles: ROLE_NAMES_EN.account,
  groupRoles: ROLE_NAMES_EN.group,
  kinds: { account: 'Account', group: 'Group' },
  source: {
    direct: 'Direct',
    viaGroup: (group: string) => `Via the group “${group}”`,
    viaSomeGroup: 'Via a group',
  },
  singleAdmin: 'Only one direct admin',
  home: {
    title: 'Home',
    accounts: 'Accounts',
    groups: 'Groups',
    register: 'Register an account',
    createGroup: 'Create a group',
    access: 'Access overview',
    accessHint: 'See who can reach each account you administer, and remove a leaver from everything at once',
    pending: 'Join requests awaiting approval',
    pendingRow: (role: string) => `Requested to join as ${role}`,
    count: (count: number) => count.toLocaleString('en-US'),
    pendingMore: (count: number) => `and ${count.toLocaleString('en-US')} more`,
    emptyTitle: 'No accounts yet',
    emptyBody:
      'Register a LINE Official Account to become its admin. To join someone else’s account, ask one of its admins to send you an invite link.',
    loadFailed: 'Could not load your accounts',
    waiting: 'Waiting for you',
    waitingRequests: 'Join requests to approve or reject',
    waitingRequest: (name: string, role: string) => `${name} · ${role}`,
    waitingInvites: 'Invites about to expire',
    waitingReviews: 'Access reviews',
    reviewDue: (date) => `Due ${date}`,
    reviewOverdue: (date) => `Overdue (due ${date})`,
    waitingInvite: (role: string, left: string) => `Invite as ${role} · ${left}`,
    minutesLeft: (minutes: number) =>
      minutes >= 60 ? `${Math.floor(minutes / 60)} h left` : `${Math.max(1, minutes)} min left`,
  },
  resource: {
    yourRole: 'Your role',
    canDo: 'You can',
    members: 'Members',
    memberCount: (count: number, limit: number) => `${count} / ${limit} people`,
    membersHidden: 'Non-admins see only themselves and the admins.',
    noMembers: 'No members',
    notFound: 'Not found, or you do not have access',
    notFoundBody: 'Check the link, or ask an admin to invite you.',
    loadFailed: 'Could not load this page',
    you: '(you)',
    since: (date: string) => `since ${date}`,
  },
  avatarAlt: (name: string) => `Profile picture of ${name}`,
  notFound: {
    title: 'Page not found',
    body: 'Check that the URL is correct.',
  },
};
