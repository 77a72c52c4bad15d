import { t } from './index';

// The words of the access review (棚卸し) screens and of the resource page's 棚卸し section. Kept out of the
// main dictionaries: only those (lazily loaded) screens need them.

const ja = {
  panel: {
    title: '棚卸し',
    intro: 'アクセスできる全員を定期的に確認し、不要になった権限を外します。',
    cadence: '頻度',
    every: (days: number) => `${days}日ごと`,
    cadenceLabel: '棚卸しの頻度',
    savingCadence: '頻度を保存しています…',
    cadenceFailed: '頻度を変更できませんでした',
    nextDue: '次回',
    due: '期限',
    notScheduled: '未定',
    overdue: '期限切れ',
    openNow: '実施中の棚卸しがあります。',
    start: '棚卸しを始める',
    starting: '始めています…',
    startFailed: '棚卸しを始められませんでした',
    continue: '棚卸しを続ける',
    past: '完了した棚卸し',
    pastNone: 'まだ完了した棚卸しはありません。',
    pastLoadFailed: '完了した棚卸しを読み込めませんでした',
    pastCompleted: (date: string, name: string | null) =>
      name ? `${date} ${name}さんが完了` : `${date} 完了`,
    pastCounts: (kept: number, removed: number, refused: number) =>
      `残す ${kept}人 · 外した ${removed}人 · 外せず ${refused}人`,
    pastPending: (count: number) => `${count}人の削除が終わっていません`,
    pastFinishing: (count: number) => `${count}人の削除を処理しています`,
    pastMore: 'さらに表示',
    pastLoadingMore: '読み込み中…',
    pastMoreFailed: '古い棚卸しを読み込めませんでした',
    csv: 'CSV',
    csvLabel: (date: string) => `${date}に完了した棚卸しをCSVで書き出す`,
    exporting: '書き出し中…',
    exportFailed: '書き出せませんでした',
  },
  overview: {
    overdue: '棚卸しの期限が過ぎています',
    overdueRow: (date: string) => `期限 ${date} · 棚卸しを続ける`,
    overdueNotStarted: (date: string) => `期限 ${date} · 棚卸しを始める`,
    overdueMore: (hidden: number) => `ほか${hidden}件`,
  },
  screen: {
    title: '棚卸し',
    back: (name: string) => `‹ ${name}`,
    startedBy: (name: string, date: string) => `${date}に${name}さんが開始`,
    startedBySchedule: (date: string) => `${date}にスケジュールで自動的に開始`,
    due: (date: string) => `期限: ${date}`,
    overdue: '期限を過ぎています',
    intro:
      'アクセスできる全員について「残す」か「外す」かを決めてください。完了すると「外す」にした人の権限を削除し、棚卸しと一人ひとりの判定を履歴に記録します。',
    progress: (total: number, decided: number) => `${total}人中 ${decided}人確認済み`,
    counts: (keep: number, remove: number) => `残す ${keep}人 · 外す ${remove}人`,
    since: (date: string) => `${date}から`,
    lastSeen: (date: string) => `最終ログイン: ${date}`,
    stale: '90日以上ログインなし',
    never: 'ログイン記録なし',
    decision: (name: string) => `${name}さんの判定`,
    keep: '残す',
    remove: '外す',
    saving: '保存中…',
    viaGroupOnly:
      'グループ経由のアクセスです。「外す」にしても、ここでは外せません(グループのメンバーから外してください)。',
    decideFailed: '保存できませんでした',
    keepRest: '残りをすべて残す',
    keepingRest: '残しています…',
    keepRestHint: (count: number) => `まだ決めていない${count}人を「残す」にします。`,
    keepRestFailed: '「残す」にできませんでした',
    complete: '棚卸しを完了する',
    completing: '完了しています…',
    completeHint: (count: number) => `あと${count}人について決めると完了できます。`,
    completeFailed: '棚卸しを完了できませんでした',
    confirmTitle: '棚卸しを完了しますか?',
    confirmRemove: (count: number) => `${count}人の権限を削除します:`,
    confirmNone: '誰の権限も削除しません。',
    confirmKeep: (count: number) => `${count}人は残します。`,
    confirmSelf: 'あなた自身の権限も削除されます。',
    confirmFinal: '完了した棚卸しは変更できません。',
    confirm: '完了する',
    cancel: 'キャンセル',
    done: '棚卸しを完了しました',
    completedBy: (name: string, date: string) => `${date}に${name}さんが完了`,
    completedAt: (date: string) => `${date}に完了`,
    readOnly: 'この棚卸しは完了しているため、判定は変更できません。',
    stillFinishing: (count: number) =>
      `${count}人の削除を処理しています。しばらくしてから開き直すと結果が表示されます。`,
    pendingTitle: (count: number) => `${count}人の削除がまだ終わっていません`,
    pendingBody:
      '完了の処理が途中で止まったため、「外す」にした次の人の権限がまだ残っています。続きを実行すると削除します。',
    finish: '残りの削除を実行する',
    finishing: '削除しています…',
    finishFailed: '削除を実行できませんでした',
    removed: '外した人',
    refused: '外せなかった人',
    kept: '残した人',
    count: (count: number) => `${count}人`,
    nobody: 'いません',
    stillThrough: (groups: readonly string[]) =>
      `グループ${groups.map((group) => `「${group}」`).join('、')}経由のアクセスは残っています(グループのメンバーから外してください)。`,
    export: '棚卸しの記録をCSVで書き出す',
    exporting: '書き出しています…',
    exportHint:
      '監査の証跡として、誰がいつ確認し、一人ひとりをどう判定したか、その結果を記録したファイルです(Excelで開けます)。',
    exportFailed: '書き出せませんでした',
    fileName: (name: string) => `棚卸し_${name}.csv`,
    empty: 'この棚卸しの対象者はいません',
    notFound: '棚卸しが見つかりません',
    notFoundBody: '棚卸しは、そのアカウント(グループ)の管理者だけが開けます。',
    loadFailed: '棚卸しを読み込めませんでした',
    you: '(あなた)',
    someone: '不明なユーザー',
  },
  /** Why completing could not remove someone; other codes use the app's message for the code. */
  reasons: {
    LAST_ADMIN:
      '最後の管理者のため外せませんでした。先に2人目の管理者を追加してください(グループ経由の管理者は数えません)。',
    FORBIDDEN: 'グループ経由の管理者は、直接の管理者を外せません。直接の管理者に頼んでください。',
    GRANT_VIA_GROUP:
      'グループ経由のアクセスのため、ここでは外せません。グループのメンバーから外してください。',
    NOT_FOUND: 'すでに外れていたか、棚卸しの開始後に再追加されたため、外していません。',
    CONFLICT: '棚卸しの開始後に役割が変わったため、外していません。次の棚卸しで確認してください。',
  } as Partial<Record<string, string>>,
};

export type ReviewsDict = typeof ja;

const en: ReviewsDict = {
  panel: {
    title: 'Access review',
    intro: 'Look at everyone with access on a schedule, and remove access that is no longer needed.',
    cadence: 'Every',
    every: (days) => `Every ${days} days`,
    cadenceLabel: 'How often to review',
    savingCadence: 'Saving…',
    cadenceFailed: 'Could not change how often',
    nextDue: 'Next',
    due: 'Due',
    notScheduled: 'Not scheduled',
    overdue: 'Overdue',
    openNow: 'A review is in progress.',
    start: 'Start a review',
    starting: 'Starting…',
    startFailed: 'Could not start the review',
    continue: 'Continue the review',
    past: 'Completed reviews',
    pastNone: 'No review has been completed yet.',
    pastLoadFailed: 'Could not load the completed reviews',
    pastCompleted: (date, name) => (name ? `Completed by ${name} on ${date}` : `Completed on ${date}`),
    pastCounts: (kept, removed, refused) => `Kept ${kept} · Removed ${removed} · Not removed ${refused}`,
    pastPending: (count) => (count === 1 ? 'One removal not done yet' : `${count} removals not done yet`),
    pastFinishing: (count) => (count === 1 ? 'Removing one person…' : `Removing ${count} people…`),
    pastMore: 'Show older reviews',
    pastLoadingMore: 'Loading…',
    pastMoreFailed: 'Could not load the older reviews',
    csv: 'CSV',
    csvLabel: (date) => `Export the review completed on ${date} as CSV`,
    exporting: 'Exporting…',
    exportFailed: 'Could not export',
  },
  overview: {
    overdue: 'Access reviews past their due date',
    overdueRow: (date) => `Due ${date} · Continue the review`,
    overdueNotStarted: (date) => `Due ${date} · Start the review`,
    overdueMore: (hidden) => `and ${hidden} more`,
  },
  screen: {
    title: 'Access review',
    back: (name) => `‹ ${name}`,
    startedBy: (name, date) => `Started by ${name} on ${date}`,
    startedBySchedule: (date) => `Started by the schedule on ${date}`,
    due: (date) => `Due ${date}`,
    overdue: 'Overdue',
    intro:
      'Decide for everyone with access: keep or remove. Completing removes the people marked remove and records the review and each decision in the history.',
    progress: (total, decided) => `${decided} of ${total} reviewed`,
    counts: (keep, remove) => `Keep ${keep} · Remove ${remove}`,
    since: (date) => `Since ${date}`,
    lastSeen: (date) => `Last sign-in: ${date}`,
    stale: 'No sign-in for 90+ days',
    never: 'No sign-in on record',
    decision: (name) => `Decision for ${name}`,
    keep: 'Keep',
    remove: 'Remove',
    saving: 'Saving…',
    viaGroupOnly:
      'Access through a group: marking it remove does not remove it here (remove them from the group).',
    decideFailed: 'Could not save',
    keepRest: 'Keep everyone else',
    keepingRest: 'Keeping…',
    keepRestHint: (count) => `Marks the ${count} people not yet decided as keep.`,
    keepRestFailed: 'Could not keep them',
    complete: 'Complete the review',
    completing: 'Completing…',
    completeHint: (count) => `Decide for ${count} more to complete.`,
    completeFailed: 'Could not complete the review',
    confirmTitle: 'Complete the review?',
    confirmRemove: (count) => `Removes access for ${count}:`,
    confirmNone: 'Removes no one’s access.',
    confirmKeep: (count) => `Keeps ${count}.`,
    confirmSelf: 'Your own access is removed too.',
    confirmFinal: 'A completed review cannot change.',
    confirm: 'Complete',
    cancel: 'Cancel',
    done: 'The review is completed',
    completedBy: (name, date) => `Completed by ${name} on ${date}`,
    completedAt: (date) => `Completed on ${date}`,
    readOnly: 'This review is completed: its decisions can no longer change.',
    stillFinishing: (count) =>
      `Removing ${count === 1 ? 'one person' : `${count} people`}. Open the review again in a moment to see the result.`,
    pendingTitle: (count) =>
      count === 1 ? 'One removal is not done yet' : `${count} removals are not done yet`,
    pendingBody:
      'Completing stopped part way, so these people marked remove still have access. Continue to remove them.',
    finish: 'Remove the rest',
    finishing: 'Removing…',
    finishFailed: 'Could not remove them',
    removed: 'Removed',
    refused: 'Could not be removed',
    kept: 'Kept',
    count: (count) => `${count}`,
    nobody: 'No one',
    stillThrough: (groups) =>
      `Access through the ${groups.length === 1 ? 'group' : 'groups'} ${groups.map((group) => `“${group}”`).join(', ')} remains (remove them from the ${groups.length === 1 ? 'group' : 'groups'}).`,
    export: 'Export the review as CSV',
    exporting: 'Exporting…',
    exportHint:
      'Evidence for an audit: who reviewed and when, each person’s decision and its outcome (opens in Excel).',
    exportFailed: 'Could not export',
    fileName: (name) => `access-review_${name}.csv`,
    empty: 'No one is in this review',
    notFound: 'Review not found',
    notFoundBody: 'Only the admins of the account (or group) can open its reviews.',
    loadFailed: 'Could not load the review',
    you: '(you)',
    someone: 'Unknown user',
  },
  reasons: {
    LAST_ADMIN:
      'Not removed: they are the last admin. Add a second admin first (admins through a group do not count).',
    FORBIDDEN: 'Not removed: an admin through a group cannot remove a direct admin. Ask a direct admin.',
    GRANT_VIA_GROUP: 'Not removed: they reach it through a group. Remove them from the group.',
    NOT_FOUND: 'Not removed: they were already gone, or were added again after the review opened.',
    CONFLICT: 'Not removed: their role changed after the review opened. Check them in the next review.',
  },
};

/** The dictionary in the user's language (chosen before the first render). */
export function tr(): ReviewsDict {
  return t.lang === 'ja' ? ja : en;
}

/**
 * Why completing did not remove someone, in the user's language: the review's own words, else the app's
 * message for the code (every code has one), else the generic one. Never the server's English text.
 */
export function reviewRefusal(code: string): string {
  const codes: Partial<Record<string, string>> = t.errors.codes;
  return tr().reasons[code] ?? (Object.hasOwn(codes, code) ? codes[code] : undefined) ?? t.errors.unknown;
}
