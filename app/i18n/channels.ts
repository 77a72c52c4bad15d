import { formatDate, t } from './index';

// The words of the connected account (SPEC §9): the account page's Messaging API and 分析 sections, the
// connection screen and the message composer. Kept out of the main dictionaries: only those (lazily loaded)
// screens need them.

const ja = {
  panel: {
    title: 'Messaging API',
    verified: '確認済み',
    notConnected: '未接続',
    introAdmin:
      'このアカウントのMessaging APIチャネルを接続すると、Kengenの権限どおりにメッセージの配信と分析ができます。',
    introOther:
      'まだMessaging APIが接続されていません。管理者が接続すると、ここからメッセージの配信と分析ができるようになります。',
    connect: 'Messaging APIを接続',
    reconnect: 'トークンを更新',
    basicId: 'ベーシックID',
    connectedBy: (name: string, date: string) => `${date}に${name}さんが接続`,
    compose: 'メッセージを作成',
    disconnect: '接続を解除',
    disconnecting: '解除しています…',
    disconnectTitle: '接続を解除しますか?',
    disconnectBody:
      'Kengenからの配信・テスト送信と分析ができなくなり、保存したチャネルアクセストークンは削除されます。LINE公式アカウントとその友だちはそのままです。',
    disconnectFailed: '接続を解除できませんでした',
    cancel: 'キャンセル',
  },
  stats: {
    title: '分析',
    friends: '友だち数',
    targetedReaches: 'ターゲットリーチ',
    blocks: 'ブロック数',
    people: (count: number) => `${count.toLocaleString('ja-JP')}人`,
    none: '—',
    asOf: (date: string) => `${date}時点の数値(LINEの集計)`,
    unready: 'LINEがこの日の数値をまだ集計していません。明日以降にもう一度ご確認ください。',
    outOfService: 'この日の数値はLINEの集計期間外です。',
    deliveries: '最近の送信',
    noDeliveries: 'Kengenから送ったメッセージはまだありません。',
    kinds: { broadcast: '配信', test: 'テスト送信' },
    deliveryBy: (name: string, count: number) => `${name}さん · ${count}件のメッセージ`,
    loadFailed: '分析を読み込めませんでした',
  },
  connect: {
    title: 'Messaging APIを接続',
    intro:
      'このアカウントのMessaging APIチャネルの「チャネルアクセストークン(長期)」を貼り付けてください。KengenがLINEに確かめてから保存します。',
    guideTitle: 'トークンの取り方',
    guide: [
      'LINE Developersコンソールにログインする',
      'プロバイダーを選び、このアカウントのチャネル(Messaging API)を開く',
      '「Messaging API設定」タブを開く',
      '「チャネルアクセストークン(長期)」で「発行」を押し、表示されたトークンをコピーする',
    ],
    token: 'チャネルアクセストークン(長期)',
    tokenHint: 'トークンは暗号化して保存し、画面にもう一度表示することはありません。',
    tokenRequired: 'チャネルアクセストークンを入力してください。',
    tokenFormat: '1,000文字以内の半角英数字・記号で入力してください(空白や改行は含めません)。',
    submit: '接続して確認',
    sending: 'LINEに確認しています…',
    failed: '接続できませんでした',
    mismatch: (account: string, channel: string) =>
      `このトークンは ${channel} のチャネルのものです。このアカウント(${account})のチャネルのトークンを貼り付けてください。`,
    demoTitle: 'デモ用のトークン',
    demoHint:
      'ローカルのLINEの代わりは、次のトークンをこのアカウントのチャネルのトークンとして受け付けます。',
    demoUse: 'このトークンを入力',
    adminsOnly: 'Messaging APIの接続は管理者だけができます',
    adminsOnlyBody: 'このアカウントの管理者に接続を依頼してください。',
    cancel: 'キャンセル',
  },
  compose: {
    title: 'メッセージを作成',
    intro: '1回に送れるのはテキストのメッセージ5件まで、1件5,000文字までです。',
    message: (n: number) => `メッセージ${n}`,
    counter: (count: number, max: number) =>
      `${count.toLocaleString('ja-JP')} / ${max.toLocaleString('ja-JP')}`,
    empty: 'メッセージを入力してください。',
    tooLong: (max: number) => `${max.toLocaleString('ja-JP')}文字以内にしてください。`,
    add: 'メッセージを追加',
    remove: (n: number) => `メッセージ${n}を削除`,
    removeShort: '削除',
    preview: 'プレビュー',
    previewEmpty: '入力したメッセージが、LINEのトークでの見え方で表示されます。',
    test: '自分にテスト送信',
    testing: '送信しています…',
    testHint:
      '同じメッセージをあなたのLINEにだけ送ります(このアカウントを友だち追加していて、チャネルがKengenと同じLINEのプロバイダーにある場合)。',
    tested: (time: string) => `${time}にあなたのLINEへテスト送信しました。`,
    testFailed: 'テスト送信できませんでした',
    send: '配信する',
    cannotSend: (role: string) =>
      `あなたの権限(${role})では配信できません。テスト送信はできます。配信は管理者か運用担当者に依頼してください。`,
    lineView: 'LINEでの表示を確認(デモ)',
    notConnected: 'Messaging APIが未接続です',
    notConnectedBody: 'このアカウントのMessaging APIチャネルを接続すると、ここからメッセージを送れます。',
    notConnectedAsk: '管理者に接続を依頼してください。',
    loadFailed: '読み込めませんでした',
  },
  confirm: {
    title: (count: number) => `${count.toLocaleString('ja-JP')}人の友だちに配信します`,
    titleUnknown: '友だち全員に配信します',
    counting: '届く人数を確認しています…',
    countFailed: '届く人数を確認できませんでした。配信はできます。',
    reachNote: (date: string) => `${date}時点のターゲットリーチ(LINEが配信できる友だちの数)です。`,
    quotaLeft: (left: number) => `今月の残り配信数: ${left.toLocaleString('ja-JP')}通`,
    quotaUse: (count: number) => `この配信で約${count.toLocaleString('ja-JP')}通を使います。`,
    quotaUnlimited: '今月の配信数に上限はありません',
    quotaShort: '今月の残り配信数が足りないため、一部の友だちに届かないか、配信が断られることがあります。',
    body: (count: number) => `${count}件のメッセージをすぐに配信します。配信したメッセージは取り消せません。`,
    confirm: '配信する',
    retry: 'もう一度配信する',
    sending: '配信しています…',
    cancel: 'やめる',
    failed: '配信できませんでした',
    retrySafe: 'もう一度押しても、同じメッセージが二重に届くことはありません。',
  },
  sent: {
    title: '配信しました',
    body: (time: string, count: number) => `${time}に${count}件のメッセージを配信しました。`,
    again: '新しいメッセージを作成',
    back: 'アカウントに戻る',
  },
};

export type ChannelsDict = typeof ja;

const en: ChannelsDict = {
  panel: {
    title: 'Messaging API',
    verified: 'Verified',
    notConnected: 'Not connected',
    introAdmin:
      'Connect this account’s Messaging API channel to send messages and view statistics, each as the roles in Kengen allow.',
    introOther:
      'No Messaging API channel is connected yet. Once an admin connects it, you can send messages and view statistics here.',
    connect: 'Connect the Messaging API',
    reconnect: 'Update the token',
    basicId: 'Basic ID',
    connectedBy: (name, date) => `Connected by ${name} on ${date}`,
    compose: 'Write a message',
    disconnect: 'Disconnect',
    disconnecting: 'Disconnecting…',
    disconnectTitle: 'Disconnect the channel?',
    disconnectBody:
      'Kengen will no longer send messages, test sends or show statistics, and the stored channel access token is deleted. The LINE Official Account and its friends stay as they are.',
    disconnectFailed: 'Could not disconnect',
    cancel: 'Cancel',
  },
  stats: {
    title: 'Statistics',
    friends: 'Friends',
    targetedReaches: 'Targeted reach',
    blocks: 'Blocks',
    people: (count) => count.toLocaleString('en-US'),
    none: '—',
    asOf: (date) => `As of ${date} (counted by LINE)`,
    unready: 'LINE has not counted this day yet. Check again tomorrow.',
    outOfService: 'LINE has no numbers for this day.',
    deliveries: 'Recent sends',
    noDeliveries: 'No message has been sent through Kengen yet.',
    kinds: { broadcast: 'Broadcast', test: 'Test send' },
    deliveryBy: (name, count) => `${name} · ${count} ${count === 1 ? 'message' : 'messages'}`,
    loadFailed: 'Could not load the statistics',
  },
  connect: {
    title: 'Connect the Messaging API',
    intro:
      'Paste the long-lived channel access token of this account’s Messaging API channel. Kengen checks it with LINE before saving it.',
    guideTitle: 'Where to find the token',
    guide: [
      'Log in to the LINE Developers Console',
      'Choose the provider, then this account’s Messaging API channel',
      'Open the “Messaging API” tab',
      'Under “Channel access token (long-lived)”, tap “Issue” and copy the token',
    ],
    token: 'Channel access token (long-lived)',
    tokenHint: 'The token is stored encrypted and never shown again.',
    tokenRequired: 'Enter the channel access token.',
    tokenFormat: 'Use up to 1,000 ASCII letters, digits and symbols (no spaces or line breaks).',
    submit: 'Connect and verify',
    sending: 'Checking with LINE…',
    failed: 'Could not connect',
    mismatch: (account, channel) =>
      `This token belongs to the channel of ${channel}. Paste the token of this account’s channel (${account}).`,
    demoTitle: 'Demo token',
    demoHint: 'The local stand-in of LINE accepts this token as this account’s channel token.',
    demoUse: 'Fill in this token',
    adminsOnly: 'Only admins can connect the Messaging API',
    adminsOnlyBody: 'Ask an admin of this account to connect it.',
    cancel: 'Cancel',
  },
  compose: {
    title: 'Write a message',
    intro: 'Up to 5 text messages at a time, each up to 5,000 characters.',
    message: (n) => `Message ${n}`,
    counter: (count, max) => `${count.toLocaleString('en-US')} / ${max.toLocaleString('en-US')}`,
    empty: 'Enter a message.',
    tooLong: (max) => `Use at most ${max.toLocaleString('en-US')} characters.`,
    add: 'Add a message',
    remove: (n) => `Remove message ${n}`,
    removeShort: 'Remove',
    preview: 'Preview',
    previewEmpty: 'Your messages appear here as a LINE chat shows them.',
    test: 'Send a test to myself',
    testing: 'Sending…',
    testHint:
      'Sends the same messages to your LINE only (if you are a friend of this account and its channel is under the same LINE provider as Kengen).',
    tested: (time) => `Test sent to your LINE at ${time}.`,
    testFailed: 'Could not send the test',
    send: 'Broadcast',
    cannotSend: (role) =>
      `Your role, ${role}, cannot broadcast. You can send tests; ask an admin or an operator to broadcast.`,
    lineView: 'See it in LINE (demo)',
    notConnected: 'The Messaging API is not connected',
    notConnectedBody: 'Connect this account’s Messaging API channel to send messages from here.',
    notConnectedAsk: 'Ask an admin to connect it.',
    loadFailed: 'Could not load',
  },
  confirm: {
    title: (count) => `Broadcast to ${count.toLocaleString('en-US')} friends`,
    titleUnknown: 'Broadcast to all friends',
    counting: 'Counting who it reaches…',
    countFailed: 'Could not count who it reaches. You can still broadcast.',
    reachNote: (date) => `Targeted reach on ${date} (the friends LINE can deliver to).`,
    quotaLeft: (left) => `Left this month: ${left.toLocaleString('en-US')} messages`,
    quotaUse: (count) => `This broadcast uses about ${count.toLocaleString('en-US')} of them.`,
    quotaUnlimited: 'No monthly message limit',
    quotaShort:
      'Not enough messages left this month: some friends may not receive it, or LINE may refuse it.',
    body: (count) =>
      `Broadcasts ${count} ${count === 1 ? 'message' : 'messages'} right away. A broadcast cannot be undone.`,
    confirm: 'Broadcast',
    retry: 'Broadcast again',
    sending: 'Broadcasting…',
    cancel: 'Cancel',
    failed: 'Could not broadcast',
    retrySafe: 'Trying again never delivers the same messages twice.',
  },
  sent: {
    title: 'Broadcast sent',
    body: (time, count) => `${count} ${count === 1 ? 'message' : 'messages'} broadcast at ${time}.`,
    again: 'Write a new message',
    back: 'Back to the account',
  },
};

/** The dictionary in the user's language (chosen before the first render). */
export function tc(): ChannelsDict {
  return t.lang === 'ja' ? ja : en;
}

/** LINE's day (YYYY-MM-DD, Japan time) in the app's date format: noon UTC is that day from UTC−11 to UTC+11. */
export function formatDay(day: string): string {
  return formatDate(`${day}T12:00:00Z`);
}
