import type { ErrorCode } from '../../worker/lib/errors';
import type { OffboardCounts } from '../state/person';
import { t } from './index';

// The words of the group, access overview and offboarding screens. Kept out of the main dictionaries:
// only those (lazily loaded) screens need them, so the first screen's JavaScript stays small.

const ja = {
  createGroup: {
    title: 'グループを作成',
    intro:
      'グループにまとめたアカウントには、グループのメンバーが同じ権限でアクセスできます。作成したグループでは、あなたがグループ管理者になります。',
    name: 'グループ名',
    hint: '例: 関東エリア、ブランドA',
    nameRequired: 'グループ名を入力してください。',
    nameTooLong: (max: number) => `${max}文字以内で入力してください。`,
    submit: '作成する',
    sending: '作成しています…',
    failed: 'グループを作成できませんでした',
    cancel: 'キャンセル',
  },
  lists: {
    search: { account: 'アカウント名で検索', group: 'グループ名で検索' },
    more: 'もっと見る',
    loadingMore: '読み込み中…',
    moreFailed: '続きを読み込めませんでした',
    loadFailed: '読み込めませんでした',
    noMatch: (q: string) => `「${q}」に一致するものはありません`,
    noMatchBody: '名前の一部で検索できます。',
  },
  groupAccounts: {
    title: 'このグループのアカウント',
    explain: 'グループのメンバーは、グループ内のすべてのアカウントで同じ権限を持ちます',
    intro:
      'グループのメンバーの権限は、ここにあるすべてのアカウントに届きます。外したアカウントには届かなくなります。',
    count: (count: number) => `${count}件`,
    empty: 'このグループにはまだアカウントがありません',
    emptyManage: '「アカウントを追加」から、あなたが管理しているアカウントを追加できます。',
    emptyAsk: 'アカウントの追加は、グループ管理者に頼んでください。',
    loadFailed: 'グループのアカウントを読み込めませんでした',
    add: 'アカウントを追加',
    addClose: '閉じる',
    addTitle: '追加するアカウント',
    addHint: 'あなたが直接の管理者のアカウントだけを追加できます(グループ経由の管理者は追加できません)。',
    addOne: (name: string) => `「${name}」を追加`,
    addShort: '追加',
    adding: '追加しています…',
    noCandidates: 'あなたが直接の管理者のアカウントはありません。',
    inGroup: '追加済み',
    remove: 'グループから外す',
    removeOne: (name: string) => `「${name}」をグループから外す`,
    confirmRemoveTitle: (name: string) => `「${name}」をグループから外しますか?`,
    confirmRemoveBody: (account: string, group: string) =>
      `グループ「${group}」のメンバーは、「${account}」へのアクセスを失います(グループ経由の権限がなくなります)。「${account}」に直接参加している人の権限は残ります。`,
    confirmRemove: '外す',
    removing: '外しています…',
    cancel: 'キャンセル',
    addFailed: 'アカウントを追加できませんでした',
    removeFailed: 'グループから外せませんでした',
    notAdminOfBoth:
      '追加できるのは、アカウントの直接の管理者で、グループの管理者でもある人だけです。外すのは、アカウントの直接の管理者か、グループの管理者ができます。',
    alreadyInGroup: 'このアカウントはすでにこのグループに入っています。',
  },
  accountGroups: {
    title: 'グループ',
    intro:
      'このアカウントが入っているグループです。グループのメンバーは全員、グループでの権限でこのアカウントにアクセスできます。',
    people: (count: number) => `グループのメンバー ${count}人`,
    addedAt: (date: string) => `${date}に追加`,
    notMember: 'あなたはこのグループのメンバーではありません',
    empty: 'このアカウントはどのグループにも入っていません',
    emptyBody: 'このアカウントにアクセスできるのは、直接のメンバーだけです。',
    loadFailed: 'グループを読み込めませんでした',
    remove: 'グループから外す',
    removeOne: (group: string) => `グループ「${group}」から外す`,
    cannotRemove: '外せるのは、このアカウントの直接の管理者か、このグループの管理者だけです。',
    confirmTitle: (group: string) => `グループ「${group}」からこのアカウントを外しますか?`,
    confirmBody: (group: string, account: string, count: number) =>
      `グループ「${group}」の${count}人は、このグループ経由では「${account}」にアクセスできなくなります。直接のメンバーの権限と、ほかのグループ経由の権限は残ります。`,
    confirmSelf: 'あなた自身の、このグループ経由の権限もなくなります。',
    confirm: '外す',
    removing: '外しています…',
    cancel: 'キャンセル',
    removeFailed: 'グループから外せませんでした',
  },
  overview: {
    title: 'アクセス一覧',
    intro: 'あなたが管理しているアカウントとグループに、誰がどの権限でアクセスできるかの一覧です。',
    counts: (people: number, resources: number) =>
      `${people}人を表示中 · 管理しているアカウント・グループ ${resources}件`,
    search: '名前で検索',
    searchPlaceholder: '例: 山田',
    personCounts: (accounts: number, groups: number) => `アカウント ${accounts} · グループ ${groups}`,
    signIn: { stale: '90日以上ログインなし', never: 'ログイン記録なし' },
    more: 'さらに表示',
    loadingMore: '読み込み中…',
    moreFailed: '続きを読み込めませんでした',
    loadFailed: 'アクセス一覧を読み込めませんでした',
    noResources: 'あなたが管理しているアカウントやグループはありません',
    noResourcesBody: 'アカウントを登録するか管理者になると、ここで誰がアクセスできるかを確認できます。',
    noPeople: 'アクセスできる人はいません',
    noMatch: (q: string) => `「${q}」に一致する人はいません`,
    noMatchBody: '名前の一部で検索できます。',
    export: 'CSVで書き出す',
    exporting: '書き出しています…',
    exportFailed: 'CSVを書き出せませんでした',
    fileName: 'kengen-access.csv',
    you: '(あなた)',
  },
  person: {
    backToList: 'アクセス一覧に戻る',
    access: 'アクセスできるアカウントとグループ',
    noAccess: 'アクセスできるものはありません',
    noAccessBody: 'あなたが管理しているアカウントとグループに、この人の権限はありません。',
    loadFailed: '読み込めませんでした',
    notFound: 'この人は見つかりません',
    you: '(あなた)',
    offboardTitle: 'すべての権限を削除',
    offboardIntro:
      '退職や異動のときに、あなたが管理しているすべてのアカウントとグループから、この人を一度に外します。この人が残っているグループを経由してあなたのアカウントにアクセスできる場合は、グループとアカウントのつながりのうち外せるものを外します(外せないものは理由を表示します)。',
    offboard: 'すべての権限を削除',
    selfNote: 'これはあなた自身です。自分の権限は、各アカウントやグループのページの「抜ける」から外せます。',
    confirmTitle: (name: string) => `${name}さんのすべての権限を削除しますか?`,
    planFailed: '削除する内容を読み込めませんでした',
    nothingToRemove: 'あなたが外せるものはありません。',
    confirmRemoved: '次の権限を削除します。',
    onlyPending: '招待・参加リクエストだけ',
    pending: (invites: number, requests: number, done: boolean) =>
      [
        invites > 0 ? `発行した招待${invites}件を取り消${done ? 'しました' : 'します'}` : '',
        requests > 0 ? `参加リクエスト${requests}件を取り下げ${done ? 'ました' : 'ます'}` : '',
      ]
        .filter(Boolean)
        .join('。'),
    confirmEndsWithGroup: 'グループから外れるため、次のアクセスもなくなります。',
    confirmCuts:
      '次のグループのつながりを外します。そのグループのほかのメンバーも、そのアカウントにはグループ経由でアクセスできなくなります。',
    cut: (group: string, account: string) => `グループ「${group}」からアカウント「${account}」を外します`,
    confirmRefused: '次はできません。',
    cutRefused: (group: string, account: string) =>
      `グループ「${group}」からアカウント「${account}」を外せません`,
    /**
     * Why a removal or a cut is refused, for every code the server may answer (see `refusalText`): never the
     * server's own English message. FORBIDDEN is rule 11: the CALLER is not a direct admin of the account.
     */
    reasons: {
      INVALID_INPUT: '要求の内容が正しくないため',
      INVALID_TOKEN: 'LINEでの本人確認ができなかったため',
      UNAUTHENTICATED: 'サインインの有効期限が切れたため',
      FORBIDDEN: 'あなたがこのアカウントの直接の管理者ではないため',
      NOT_FOUND: 'すでに外れているため',
      ALREADY_MEMBER: 'すでにメンバーのため',
      ALREADY_IN_GROUP: 'アカウントがすでにグループに入っているため',
      CONFLICT: '同時にほかの変更があったため(もう一度お試しください)',
      INVITE_NOT_PENDING: '招待がすでに使われたか、取り消されていたため',
      LAST_ADMIN: '最後の管理者のため',
      MEMBER_LIMIT: 'メンバーの上限に達しているため',
      OWN_INVITE: '自分で発行した招待のため',
      REQUEST_NOT_PENDING: '参加リクエストがすでに処理されていたため',
      REQUEST_PENDING: '参加リクエストがまだ承認待ちのため',
      REVIEW_OPEN: '棚卸しがすでに始まっているため',
      REVIEW_INCOMPLETE: '棚卸しで決めていない人がいるため',
      REVIEW_CLOSED: '棚卸しがすでに完了しているため',
      GRANT_VIA_GROUP: 'グループ経由でだけアクセスしているため',
      INVITE_EXPIRED: '招待の有効期限が切れていたため',
      INVITE_REVOKED: '招待がすでに取り消されていたため',
      INVITE_USED: '招待がすでに使われていたため',
      PAYLOAD_TOO_LARGE: '送信する内容が大きすぎるため',
      CHANNEL_TOKEN_INVALID: 'LINEがトークンを受け付けなかったため',
      CHANNEL_MISMATCH: '別のLINE公式アカウントのチャネルのため',
      CHANNEL_IN_USE: 'チャネルがすでに別のアカウントに接続されているため',
      CHANNEL_NOT_CONNECTED: 'Messaging APIが接続されていないため',
      CHANNEL_TOKEN_REVOKED: 'LINEが保存済みのトークンを受け付けなくなったため',
      LINE_QUOTA_EXCEEDED: '今月の配信数の上限に達しているため',
      LINE_RATE_LIMITED: 'LINEへのリクエストが集中しているため',
      LINE_UNAVAILABLE: 'LINEから応答がなかったため',
      LINE_REFUSED: 'LINEが受け付けなかったため',
      INTERNAL: 'サーバーで問題が発生したため(時間をおいてもう一度お試しください)',
    } satisfies Record<ErrorCode, string>,
    otherReason: '予期しないエラーが発生したため',
    cutForbidden: 'あなたがアカウントの直接の管理者でも、グループの管理者でもないため',
    confirm: '削除する',
    removing: '削除しています…',
    cancel: 'キャンセル',
    close: '閉じる',
    offboardFailed: '削除できませんでした',
    resultTitle: '削除の結果',
    /** Only what happened: a part that did not happen is left out. */
    resultSummary: ({
      removed,
      revokedInvites: invites,
      withdrawnRequests: requests,
      cut,
      gone,
      refused,
    }: OffboardCounts) =>
      [
        removed + invites + requests + cut === 0 ? '変更はありませんでした。' : '',
        removed > 0 ? `${removed}件の権限を削除しました。` : '',
        invites > 0 ? `発行した招待${invites}件を取り消しました。` : '',
        requests > 0 ? `参加リクエスト${requests}件を取り下げました。` : '',
        cut > 0 ? `グループのつながりを${cut}件外しました。` : '',
        gone > 0 ? `${gone}件はすでに外れていました。` : '',
        refused > 0 ? `${refused}件はできませんでした。` : '',
      ].join(''),
    removed: '削除しました',
    withdrawn: '招待・参加リクエストを終わらせました',
    cutDone: '外しました',
    lastAdmin:
      '最後の管理者のため削除できません(グループ経由の管理者は数えません)。先に別の管理者を直接追加してください。',
    forbidden:
      'あなたがこのアカウントの直接の管理者ではないため削除できません。アカウントの直接の管理者に頼んでください。',
    gone: 'すでに外れていました',
    refused: 'できませんでした',
    cutsTitle: 'グループのつながり',
    cutLine: (group: string, account: string) => `グループ「${group}」 → アカウント「${account}」`,
    cutNotAllowed: '外せませんでした: アカウントの直接の管理者か、グループの管理者に頼んでください。',
    open: (name: string) => `「${name}」を開く`,
    addAdmin: '2人目の管理者を追加',
    remaining: 'まだ残っているアクセス',
    remainingNone: 'あなたが管理しているものへのアクセスは、すべてなくなりました。',
    viaGroupHint: (group: string) => `グループ「${group}」の管理者が外せます`,
  },
};

export type AccessDict = typeof ja;

const en: AccessDict = {
  createGroup: {
    title: 'Create a group',
    intro:
      'Members of a group reach every account in it with the same role. You become the admin of the group you create.',
    name: 'Group name',
    hint: 'For example: Kanto area, Brand A',
    nameRequired: 'Enter the group name.',
    nameTooLong: (max: number) => `Use at most ${max} characters.`,
    submit: 'Create',
    sending: 'Creating…',
    failed: 'Could not create the group',
    cancel: 'Cancel',
  },
  lists: {
    search: { account: 'Search accounts by name', group: 'Search groups by name' },
    more: 'Show more',
    loadingMore: 'Loading…',
    moreFailed: 'Could not load more',
    loadFailed: 'Could not load',
    noMatch: (q: string) => `Nothing matches “${q}”`,
    noMatchBody: 'You can search with part of a name.',
  },
  groupAccounts: {
    title: 'Accounts in this group',
    explain: 'Group members have the same role on every account in the group',
    intro:
      'The group members’ roles reach every account listed here, and stop reaching an account taken out.',
    count: (count: number) => `${count}`,
    empty: 'No accounts in this group yet',
    emptyManage: 'Use “Add an account” to add accounts you administer.',
    emptyAsk: 'Ask a group admin to add accounts.',
    loadFailed: 'Could not load the group’s accounts',
    add: 'Add an account',
    addClose: 'Close',
    addTitle: 'Account to add',
    addHint: 'You can add only accounts you directly administer (not through a group).',
    addOne: (name: string) => `Add “${name}”`,
    addShort: 'Add',
    adding: 'Adding…',
    noCandidates: 'You directly administer no account.',
    inGroup: 'Added',
    remove: 'Remove from group',
    removeOne: (name: string) => `Remove “${name}” from the group`,
    confirmRemoveTitle: (name: string) => `Remove “${name}” from the group?`,
    confirmRemoveBody: (account: string, group: string) =>
      `Members of “${group}” lose their access to “${account}” (their group role no longer reaches it). People who are direct members of “${account}” keep their role.`,
    confirmRemove: 'Remove',
    removing: 'Removing…',
    cancel: 'Cancel',
    addFailed: 'Could not add the account',
    removeFailed: 'Could not remove the account from the group',
    notAdminOfBoth:
      'Only a direct admin of the account who also administers the group can add it. A direct admin of the account or an admin of the group can take it out.',
    alreadyInGroup: 'This account is already in the group.',
  },
  accountGroups: {
    title: 'Groups',
    intro:
      'The groups this account is in. Every member of a group reaches this account with their role in the group.',
    people: (count: number) => `${count} ${count === 1 ? 'member' : 'members'} in the group`,
    addedAt: (date: string) => `added ${date}`,
    notMember: 'You are not a member of this group',
    empty: 'This account is in no group',
    emptyBody: 'Only its direct members can reach this account.',
    loadFailed: 'Could not load the groups',
    remove: 'Remove from group',
    removeOne: (group: string) => `Remove from the group “${group}”`,
    cannotRemove: 'Only a direct admin of this account or an admin of the group can take it out.',
    confirmTitle: (group: string) => `Take this account out of the group “${group}”?`,
    confirmBody: (group: string, account: string, count: number) =>
      `The ${count} ${count === 1 ? 'person' : 'people'} of “${group}” can no longer reach “${account}” through this group. Direct members, and access through other groups, stay.`,
    confirmSelf: 'Your own access through this group ends too.',
    confirm: 'Remove',
    removing: 'Removing…',
    cancel: 'Cancel',
    removeFailed: 'Could not take the account out of the group',
  },
  overview: {
    title: 'Access overview',
    intro: 'Everyone who can reach the accounts and groups you administer, and with which role.',
    counts: (people: number, resources: number) =>
      `${people} ${people === 1 ? 'person' : 'people'} shown · ${resources} accounts and groups you administer`,
    search: 'Search by name',
    searchPlaceholder: 'For example: Yamada',
    personCounts: (accounts: number, groups: number) => `Accounts ${accounts} · Groups ${groups}`,
    signIn: { stale: 'No sign-in for 90 days or more', never: 'No sign-in on record' },
    more: 'Show more',
    loadingMore: 'Loading…',
    moreFailed: 'Could not load more',
    loadFailed: 'Could not load the access overview',
    noResources: 'You do not administer any account or group',
    noResourcesBody: 'Register an account or become an admin to see here who has access.',
    noPeople: 'Nobody has access',
    noMatch: (q: string) => `Nobody matches “${q}”`,
    noMatchBody: 'You can search with part of a name.',
    export: 'Export CSV',
    exporting: 'Exporting…',
    exportFailed: 'Could not export the CSV',
    fileName: 'kengen-access.csv',
    you: '(you)',
  },
  person: {
    backToList: 'Back to the access overview',
    access: 'Accounts and groups they can reach',
    noAccess: 'No access',
    noAccessBody: 'This person has no role on the accounts and groups you administer.',
    loadFailed: 'Could not load this page',
    notFound: 'Person not found',
    you: '(you)',
    offboardTitle: 'Remove all access',
    offboardIntro:
      'When someone leaves or changes jobs, remove them from every account and group you administer in one step. If they can still reach your accounts through a group they stay in, the links between that group and your accounts are cut where you may (where you may not, you are told why).',
    offboard: 'Remove all access',
    selfNote: 'This is you. Leave an account or group from its own page.',
    confirmTitle: (name: string) => `Remove all of ${name}’s access?`,
    planFailed: 'Could not load what would be removed',
    nothingToRemove: 'There is nothing you can remove.',
    confirmRemoved: 'These roles will be removed:',
    onlyPending: 'invites and join requests only',
    pending: (invites: number, requests: number, done: boolean) =>
      [
        invites > 0
          ? `${invites} invite${invites === 1 ? '' : 's'} they issued ${done ? 'revoked' : 'will be revoked'}`
          : '',
        requests > 0
          ? `${requests} join request${requests === 1 ? '' : 's'} ${done ? 'withdrawn' : 'will be withdrawn'}`
          : '',
      ]
        .filter(Boolean)
        .join('. '),
    confirmEndsWithGroup: 'Leaving the group also ends this access:',
    confirmCuts:
      'These group links will be cut. The other members of the group lose their access to the account through it too:',
    cut: (group: string, account: string) => `Take the account “${account}” out of the group “${group}”`,
    confirmRefused: 'These cannot be done:',
    cutRefused: (group: string, account: string) =>
      `The account “${account}” cannot be taken out of the group “${group}”`,
    reasons: {
      INVALID_INPUT: 'the request was not valid',
      INVALID_TOKEN: 'your LINE sign-in could not be verified',
      UNAUTHENTICATED: 'your sign-in has expired',
      FORBIDDEN: 'you are not a direct admin of this account',
      NOT_FOUND: 'already removed',
      ALREADY_MEMBER: 'they are already a member',
      ALREADY_IN_GROUP: 'the account is already in the group',
      CONFLICT: 'something else changed at the same time (try again)',
      INVITE_NOT_PENDING: 'the invite was already used or revoked',
      LAST_ADMIN: 'they are the last admin',
      MEMBER_LIMIT: 'the member limit is reached',
      OWN_INVITE: 'it is an invite they issued themselves',
      REQUEST_NOT_PENDING: 'the join request was already decided',
      REQUEST_PENDING: 'the join request is still waiting for an admin',
      REVIEW_OPEN: 'an access review is already open',
      REVIEW_INCOMPLETE: 'the access review is not finished yet',
      REVIEW_CLOSED: 'the access review is already completed',
      GRANT_VIA_GROUP: 'they reach it only through a group',
      INVITE_EXPIRED: 'the invite had expired',
      INVITE_REVOKED: 'the invite was already revoked',
      INVITE_USED: 'the invite was already used',
      PAYLOAD_TOO_LARGE: 'the request was too large',
      CHANNEL_TOKEN_INVALID: 'LINE did not accept the token',
      CHANNEL_MISMATCH: 'the channel belongs to another LINE Official Account',
      CHANNEL_IN_USE: 'the channel is connected to another account',
      CHANNEL_NOT_CONNECTED: 'no Messaging API channel is connected',
      CHANNEL_TOKEN_REVOKED: 'LINE no longer accepts the stored token',
      LINE_QUOTA_EXCEEDED: 'the monthly message limit is reached',
      LINE_RATE_LIMITED: 'LINE is busy',
      LINE_UNAVAILABLE: 'LINE did not answer',
      LINE_REFUSED: 'LINE refused it',
      INTERNAL: 'something went wrong on our side (try again later)',
    },
    otherReason: 'an unexpected error occurred',
    cutForbidden: 'you are neither a direct admin of the account nor an admin of the group',
    confirm: 'Remove',
    removing: 'Removing…',
    cancel: 'Cancel',
    close: 'Close',
    offboardFailed: 'Could not remove the access',
    resultTitle: 'Result',
    resultSummary: ({
      removed,
      revokedInvites: invites,
      withdrawnRequests: requests,
      cut,
      gone,
      refused,
    }: OffboardCounts) =>
      [
        removed + invites + requests + cut === 0 ? 'Nothing changed.' : '',
        removed > 0 ? `Removed ${removed} role${removed === 1 ? '' : 's'}.` : '',
        invites > 0 ? `Revoked ${invites} invite${invites === 1 ? '' : 's'} they issued.` : '',
        requests > 0 ? `Withdrew ${requests} join request${requests === 1 ? '' : 's'} they made.` : '',
        cut > 0 ? `Cut ${cut} group link${cut === 1 ? '' : 's'}.` : '',
        gone > 0 ? `${gone} ${gone === 1 ? 'was' : 'were'} already removed.` : '',
        refused > 0 ? `${refused} could not be done.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    removed: 'Removed',
    withdrawn: 'Invites and join requests ended',
    cutDone: 'Cut',
    lastAdmin:
      'Not removed: they are the last admin (admins through a group do not count). Add another direct admin first.',
    forbidden: 'Not removed: you are not a direct admin of this account. Ask one of its direct admins.',
    gone: 'Already removed',
    refused: 'Not done',
    cutsTitle: 'Group links',
    cutLine: (group: string, account: string) => `Group “${group}” → account “${account}”`,
    cutNotAllowed: 'Not cut: ask a direct admin of the account or an admin of the group.',
    open: (name: string) => `Open “${name}”`,
    addAdmin: 'Add another admin',
    remaining: 'Access that remains',
    remainingNone: 'They no longer have access to anything you administer.',
    viaGroupHint: (group: string) => `The admins of “${group}” can remove it`,
  },
};

/** The dictionary in the user's language (chosen before the first render). */
export function ta(): AccessDict {
  return t.lang === 'ja' ? ja : en;
}

/**
 * Why the server refused a removal or a cut, in the user's language. A code this build does not know (a
 * newer Worker's) gets the generic reason: the server's English message is never shown.
 */
export function refusalText(code: ErrorCode | null): string {
  const { reasons, otherReason } = ta().person;
  const known: Partial<Record<string, string>> = reasons;
  return (code === null ? undefined : known[code]) ?? otherReason;
}
