import { ApiError } from '../api/errors';
import type { ResourceKind } from '../api/types';
import type { Problem } from '../state/acceptance';
import type { TimeLeft } from '../state/invites';
import { t } from './index';
import { describeError } from './labels';

// The words of the invite screens. Kept out of the main dictionaries (ja.ts, en.ts): only the lazily
// loaded invite pages use them, so the first screen's JavaScript does not carry them.

type Text = { title: string; body: string };

const ja = {
  addMember: 'メンバーを追加',
  issue: {
    title: 'メンバーを追加',
    intro: (name: string) =>
      `「${name}」に招待する人の権限を選んでください。招待リンクは24時間有効で、1人だけが使えます。`,
    roleLegend: '招待する人の権限',
    roleRequired: '権限を選んでください。',
    submit: '招待リンクを作成',
    sending: '作成しています…',
    failed: '招待リンクを作成できませんでした',
    notAdmin: 'メンバーを追加できるのは管理者だけです',
    notAdminBody: '管理者に招待を頼んでください。',
    cancel: 'キャンセル',
    memoLabel: 'だれへの招待ですか(任意)',
    memoHint: '管理者だけに見えるメモです。例: 新宿店の田中さん(50文字まで)',
    memoTooLong: (length: number) => `50文字までです(いま${length}文字)。`,
  },
  result: {
    title: '招待リンクを作成しました',
    role: '権限',
    expires: '有効期限',
    until: (when: string, left: string) => `${when}まで(${left})`,
    oneUse: 'このリンクは1人だけが使えます。ほかの人には、別の招待を作成してください。',
    share: 'LINEで送る',
    sharing: '送信先を選んでいます…',
    shared: '招待を送りました。',
    shareFailed: '送れませんでした。リンクをコピーして送ってください。',
    link: '招待リンク',
    copy: 'リンクをコピー',
    copied: 'コピーしました。LINEのトークに貼り付けて送ってください。',
    copyFailed: 'コピーできませんでした。上のリンクを長押ししてコピーしてください。',
    showQr: 'QRコードを表示',
    hideQr: 'QRコードを閉じる',
    qrAlt: '招待リンクのQRコード',
    qrHint: '招待する人に、LINEのQRコードリーダーで読み取ってもらってください。',
    qrFailed: 'QRコードを表示できませんでした。',
    another: '別の招待を作成',
    back: (name: string) => `「${name}」に戻る`,
  },
  // The Flex Message sent with the share target picker. Always Japanese: it is read by the recipient,
  // whose language the sender's app cannot know, and the product is Japanese first.
  message: {
    title: (name: string) => `「${name}」への招待`,
    from: (inviter: string) => `${inviter}さんから招待が届いています`,
    role: '権限',
    expires: '有効期限',
    until: (when: string) => `${when}まで`,
    open: '招待を開く',
    altText: (inviter: string, name: string) => `${inviter}さんから「${name}」への招待が届きました`,
  },
  left: (left: TimeLeft) =>
    left === null ? '期限切れ' : left.hours > 0 ? `残り${left.hours}時間` : `残り${left.minutes}分`,
  panel: {
    requests: '参加リクエスト',
    requestsHint: '招待リンクで「参加する」を押した人です。承認するとメンバーになります。',
    requestRole: (role: string) => `${role}として参加を希望`,
    approve: '承認',
    reject: '却下',
    rejectConfirm: (name: string) => `${name}さんの参加リクエストを却下しますか?`,
    invites: '招待',
    noInvites: '招待中の人はいません',
    invitedBy: (name: string) => `${name}さんが招待`,
    revoke: '取り消す',
    revokeConfirm: 'この招待を取り消しますか? リンクは使えなくなります。',
    keep: 'やめる',
    loadFailed: '招待を読み込めませんでした',
    actionFailed: '処理できませんでした',
    memo: (memo: string) => `宛先: ${memo}`,
    reissue: '再発行',
    reissueConfirm:
      'この招待のリンクを作り直しますか? いまのリンクは使えなくなり、同じ権限・メモの新しいリンク(24時間有効)ができます。',
    reissueYes: '新しいリンクを作る',
    reissued: '新しい招待リンクを作成しました',
    reissuedBody:
      'このリンクを相手に送ってください。リンクが表示されるのは今だけです。なくした場合はもう一度再発行してください。',
    closeReissued: '閉じる',
    ended: '期限切れ・辞退された招待',
    endedHint: '7日間表示します。「再発行」で同じ権限・メモの新しいリンクを作れます。',
    expiredAt: (when: string) => `${when}に期限切れ`,
    declinedAt: (who: string | null, when: string) => `${when}に${who ? `${who}さんが` : ''}辞退`,
  },
  approval: {
    label: '参加に管理者の承認を必要にする',
    hint: 'オンにすると、招待リンクで「参加する」を押した人は、管理者が承認するまでメンバーになりません。',
    failed: '設定を変更できませんでした',
  },
  accept: {
    title: (name: string) => `「${name}」への招待`,
    invitedBy: (name: string) => `${name}さんがあなたを招待しています`,
    role: 'あなたの権限',
    expires: '有効期限',
    until: (when: string, left: string) => `${when}まで(${left})`,
    approvalNote: '参加には管理者の承認が必要です。「参加する」を押したあと、管理者の確認をお待ちください。',
    accept: '参加する',
    decline: '辞退',
    accepting: '参加しています…',
    declining: '辞退しています…',
    declineConfirm: '辞退すると、この招待リンクは使えなくなります。辞退しますか?',
    declineYes: '辞退する',
    declineNo: '戻る',
    actionFailed: '処理できませんでした',
    loadFailed: '招待を読み込めませんでした',
    home: 'ホームへ',
    open: (kind: ResourceKind): string => (kind === 'group' ? 'グループを開く' : 'アカウントを開く'),
    joined: (name: string) => `「${name}」に参加しました`,
    joinedEarlier: 'この招待で参加済みです',
    joinedBody: (role: string) => `あなたの権限は${role}です。`,
    awaiting: '管理者の承認待ちです',
    awaitingBody: (name: string) =>
      `管理者が承認すると「${name}」に参加できます。承認されると、ホームに表示されます。`,
    declined: '招待を辞退しました',
    declinedEarlier: 'この招待は辞退済みです',
    declinedBody: '参加したくなったら、管理者に新しい招待リンクを送ってもらってください。',
    rejected: '参加リクエストは承認されませんでした',
    rejectedBody: '必要な場合は、招待した人に問い合わせてください。',
    whoseTitle: 'この招待について',
    whoseKind: (kind: ResourceKind): string => (kind === 'group' ? 'グループ' : 'アカウント'),
    whoseInviter: '招待した人',
    askInviter: (inviter: string) =>
      `${inviter}さん(またはほかの管理者)に、あなた用の新しいリンクを送ってもらってください。`,
    problems: {
      invalid: {
        title: '招待リンクが正しくありません',
        body: 'リンクが途中で切れていないか確認してください。解決しない場合は、管理者に新しい招待リンクを送ってもらってください。',
      },
      expired: {
        title: '招待リンクの有効期限が切れています',
        body: '招待リンクの有効期限は24時間です。管理者に新しいリンクを送ってもらってください。',
      },
      revoked: {
        title: 'この招待は取り消されました',
        body: '管理者が招待を取り消したか、招待を送った人がこのアカウント(グループ)の管理者ではなくなったため、この招待は使えません。参加が必要な場合は、いまの管理者に新しいリンクを送ってもらってください。',
      },
      used: {
        title: 'この招待リンクはすでに使われています',
        body: '招待リンクは1人1回だけ使えます。管理者に、あなた用の新しいリンクを送ってもらってください。',
      },
      'already-member': {
        title: 'すでにメンバーです',
        body: 'あなたはすでにメンバーです。この招待は、招待された人のために使わずに残しておきます。',
      },
      'member-limit': {
        title: 'メンバーが上限に達しています',
        body: 'メンバーは100人までです。管理者に連絡してください。',
      },
      'request-pending': {
        title: 'すでに参加を申請しています',
        body: '管理者の承認をお待ちください。承認されると、ホームに表示されます。',
      },
      'own-invite': {
        title: 'あなたが発行した招待です',
        body: '自分で発行した招待では参加できません。この招待を送った相手に「参加する」を押してもらってください。',
      },
    } satisfies Record<Problem, Text>,
  },
  errors: {
    INVITE_NOT_PENDING: 'この招待はすでに使われたか、期限が切れています。',
    REQUEST_NOT_PENDING: 'この参加リクエストはすでに処理されています。',
    ALREADY_MEMBER: 'この人はすでにメンバーです。',
    REQUEST_PENDING: 'すでに参加を申請しています。',
  } as Partial<Record<string, string>>,
};

export type InviteDict = typeof ja;

const en: InviteDict = {
  addMember: 'Add a member',
  issue: {
    title: 'Add a member',
    intro: (name: string) =>
      `Choose the role of the person you invite to “${name}”. The invite link is valid for 24 hours, for one person.`,
    roleLegend: 'Role of the person you invite',
    roleRequired: 'Choose a role.',
    submit: 'Create invite link',
    sending: 'Creating…',
    failed: 'Could not create the invite link',
    notAdmin: 'Only admins can add members',
    notAdminBody: 'Ask an admin to invite the person.',
    cancel: 'Cancel',
    memoLabel: 'Who is this invite for? (optional)',
    memoHint: 'A note only admins see, e.g. “Tanaka at the Shinjuku shop”. Up to 50 characters.',
    memoTooLong: (length: number) => `Up to 50 characters (${length} now).`,
  },
  result: {
    title: 'Invite link created',
    role: 'Role',
    expires: 'Expires',
    until: (when: string, left: string) => `${when} (${left})`,
    oneUse: 'One person can use this link. For anyone else, create another invite.',
    share: 'Send in LINE',
    sharing: 'Choosing where to send…',
    shared: 'Invite sent.',
    shareFailed: 'Could not send. Copy the link and send it instead.',
    link: 'Invite link',
    copy: 'Copy link',
    copied: 'Copied. Paste it into a LINE chat to send it.',
    copyFailed: 'Could not copy. Press and hold the link above to copy it.',
    showQr: 'Show QR code',
    hideQr: 'Hide QR code',
    qrAlt: 'QR code of the invite link',
    qrHint: 'Let the person scan it with LINE’s QR code reader.',
    qrFailed: 'Could not show the QR code.',
    another: 'Create another invite',
    back: (name: string) => `Back to “${name}”`,
  },
  message: ja.message,
  left: (left: TimeLeft) =>
    left === null
      ? 'expired'
      : left.hours > 0
        ? `${left.hours} ${left.hours === 1 ? 'hour' : 'hours'} left`
        : `${left.minutes} ${left.minutes === 1 ? 'minute' : 'minutes'} left`,
  panel: {
    requests: 'Join requests',
    requestsHint: 'People who tapped Join on an invite link. Approve them to make them members.',
    requestRole: (role: string) => `Asks to join as ${role}`,
    approve: 'Approve',
    reject: 'Reject',
    rejectConfirm: (name: string) => `Reject the join request of ${name}?`,
    invites: 'Invites',
    noInvites: 'No pending invites',
    invitedBy: (name: string) => `Invited by ${name}`,
    revoke: 'Revoke',
    revokeConfirm: 'Revoke this invite? Its link will stop working.',
    keep: 'Cancel',
    loadFailed: 'Could not load the invites',
    actionFailed: 'Could not do that',
    memo: (memo: string) => `For: ${memo}`,
    reissue: 'Reissue',
    reissueConfirm:
      'Make a new link for this invite? The current link stops working; the new one has the same role and memo and is valid for 24 hours.',
    reissueYes: 'Make a new link',
    reissued: 'New invite link made',
    reissuedBody: 'Send this link to the person. It is shown only now: if it gets lost, reissue again.',
    closeReissued: 'Close',
    ended: 'Expired and declined invites',
    endedHint: 'Shown for 7 days. Reissue sends a new link with the same role and memo.',
    expiredAt: (when: string) => `Expired ${when}`,
    declinedAt: (who: string | null, when: string) => `${who ? `Declined by ${who}` : 'Declined'} ${when}`,
  },
  approval: {
    label: 'Require an admin’s approval to join',
    hint: 'When on, people who join through an invite link become members only once an admin approves.',
    failed: 'Could not change the setting',
  },
  accept: {
    title: (name: string) => `Invite to “${name}”`,
    invitedBy: (name: string) => `${name} invites you`,
    role: 'Your role',
    expires: 'Expires',
    until: (when: string, left: string) => `${when} (${left})`,
    approvalNote: 'Joining needs an admin’s approval here: after you tap Join, an admin decides.',
    accept: 'Join',
    decline: 'Decline',
    accepting: 'Joining…',
    declining: 'Declining…',
    declineConfirm: 'If you decline, this invite link stops working. Decline?',
    declineYes: 'Decline',
    declineNo: 'Back',
    actionFailed: 'Could not do that',
    loadFailed: 'Could not load the invite',
    home: 'Go to home',
    open: (kind: ResourceKind) => (kind === 'group' ? 'Open the group' : 'Open the account'),
    joined: (name: string) => `You joined “${name}”`,
    joinedEarlier: 'You joined with this invite',
    joinedBody: (role: string) => `Your role is ${role}.`,
    awaiting: 'Waiting for an admin’s approval',
    awaitingBody: (name: string) =>
      `Once an admin approves, you can use “${name}”. It then appears on your home screen.`,
    declined: 'You declined the invite',
    declinedEarlier: 'You declined this invite',
    declinedBody: 'If you change your mind, ask an admin for a new invite link.',
    rejected: 'Your join request was not approved',
    rejectedBody: 'If you need access, ask the person who invited you.',
    whoseTitle: 'Whose invite this was',
    whoseKind: (kind: ResourceKind) => (kind === 'group' ? 'Group' : 'Account'),
    whoseInviter: 'Invited by',
    askInviter: (inviter: string) => `Ask ${inviter} (or another admin) for a new link of your own.`,
    problems: {
      invalid: {
        title: 'This invite link is not valid',
        body: 'Check that the link is complete. If that does not help, ask an admin for a new invite link.',
      },
      expired: {
        title: 'This invite link has expired',
        body: 'Invite links are valid for 24 hours. Ask an admin to send you a new one.',
      },
      revoked: {
        title: 'This invite was revoked',
        body: 'An admin revoked it, or the person who sent it no longer manages this account or group. If you need access, ask a current admin for a new link.',
      },
      used: {
        title: 'This invite link was already used',
        body: 'Each invite link works once, for one person. Ask an admin for a link of your own.',
      },
      'already-member': {
        title: 'You are already a member',
        body: 'You already belong here. The invite stays unused, for the person it was meant for.',
      },
      'member-limit': {
        title: 'The member limit is reached',
        body: 'At most 100 people can be members. Contact an admin.',
      },
      'request-pending': {
        title: 'You already asked to join',
        body: 'Wait for an admin’s approval. It then appears on your home screen.',
      },
      'own-invite': {
        title: 'You issued this invite',
        body: 'You cannot join with an invite you issued yourself. Send it to the person it is for, and let them join with it.',
      },
    },
  },
  errors: {
    INVITE_NOT_PENDING: 'This invite was already used or has expired.',
    REQUEST_NOT_PENDING: 'This join request was already decided.',
    ALREADY_MEMBER: 'This person is already a member.',
    REQUEST_PENDING: 'You already asked to join.',
  },
};

/** The invite screens' words in the user's language (chosen once, before the first render). */
export function invitesText(): InviteDict {
  return t.lang === 'ja' ? ja : en;
}

/** The Flex Message's words: Japanese whatever the sender's language (see `message` above). */
export const messageText = ja.message;

/** The app's one date-and-time format (see ./index): 「2026年3月2日 18:00」. */
export { formatDateTime } from './index';

/** What to tell the user about a failed invite or request action: the invite codes first, then the usual. */
export function describeInviteError(error: unknown): { message: string; requestId: string | null } {
  const described = describeError(error);
  const known = error instanceof ApiError ? invitesText().errors[error.code] : undefined;
  return known ? { ...described, message: known } : described;
}
