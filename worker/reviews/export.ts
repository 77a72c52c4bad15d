import { text, toCsv } from '../access/csv';
import { ROLE_NAMES_JA } from '../authz/role-names';
import type { Grant } from '../authz/roles';
import type { Caller } from '../lib/caller';
import { AppError } from '../lib/errors';
import type { ItemRow } from './repo';
import { readReview } from './service';

/** The evidence an auditor reads in Excel: who reviewed, when, each person as they were, the decision, the outcome. */
const CSV_HEADER = [
  'アカウント・グループ名',
  '種類',
  '棚卸し開始日時',
  '開始した人',
  '完了日時',
  '完了した人',
  '表示名',
  'ユーザーID',
  '権限',
  '付与経路',
  '付与日時',
  '最終ログイン',
  '判定',
  '判定した人',
  '判定日時',
  '結果',
];

const KIND_NAMES_JA = { account: 'アカウント', group: 'グループ' } as const;
const DECISIONS_JA = { keep: '残す', remove: '外す' } as const;
const REFUSALS_JA: Record<string, string> = {
  LAST_ADMIN: '最後の管理者のため削除できず',
  FORBIDDEN: '直接の管理者はグループ経由の管理者には削除できないため削除できず',
  GRANT_VIA_GROUP: 'グループ経由の権限のため、グループ側で変更が必要',
  NOT_FOUND: 'すでに外れている、または棚卸しの開始後に再追加されたため削除せず',
  CONFLICT: '棚卸しの開始後に役割が変わったため削除せず',
};

/** Japan's clock, as the access overview's export writes it. */
function jst(at: number | null): string {
  if (at === null) return '';
  const shifted = new Date(at + 9 * 60 * 60_000).toISOString();
  return `${shifted.slice(0, 10).replace(/-/g, '/')} ${shifted.slice(11, 16)}`;
}

function source(grant: Grant): string {
  return grant.source === 'direct' ? '直接' : `グループ「${grant.group.name}」経由`;
}

function outcomeText(item: ItemRow): string {
  if (item.outcome === 'kept') return '残した';
  if (item.outcome === 'removed') return '削除した';
  if (item.outcome === 'refused')
    return REFUSALS_JA[item.outcome_code ?? ''] ?? `削除できず(${item.outcome_code})`;
  // A completion cut off before this removal: completing again applies it.
  if (item.decision === 'remove') return '削除待ち(完了の処理が中断され、未実行)';
  return '';
}

/** GET /api/reviews/{reviewId}/export.csv: a completed review, its resource's admins only. One round trip. */
export async function reviewCsv(db: D1Database, caller: Caller, reviewId: string) {
  const { review, items } = await readReview(db, caller, reviewId);
  if (review.status !== 'completed') {
    throw new AppError('REVIEW_OPEN', 'The review is still open: it can be exported once completed.');
  }
  const rows = items.map((item) => [
    text(review.name),
    text(KIND_NAMES_JA[review.kind]),
    text(jst(review.started_at)),
    text(review.started_by === null ? '自動(スケジュール)' : (review.started_by_name ?? review.started_by)),
    text(jst(review.completed_at)),
    text(review.completed_by_name ?? review.completed_by ?? ''),
    text(item.display_name),
    text(item.user_id),
    text(ROLE_NAMES_JA[review.kind][item.role]),
    text((JSON.parse(item.grants) as Grant[]).map(source).join(' / ')),
    text(jst(item.since)),
    text(item.last_seen_at === null ? '記録なし' : jst(item.last_seen_at)),
    text(item.decision === null ? '' : DECISIONS_JA[item.decision]),
    text(item.decided_by_name ?? item.decided_by ?? ''),
    text(jst(item.decided_at)),
    text(outcomeText(item)),
  ]);
  return {
    csv: toCsv(CSV_HEADER.map(text), rows),
    filename: `kengen-review-${jst(review.completed_at).slice(0, 10).replace(/\//g, '')}.csv`,
  };
}
