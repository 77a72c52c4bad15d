import type { TextMessage } from './line-api';
import type { Delivery, DeliveryKind } from './repo';

/** How many of the latest sends 分析 lists. */
export const DELIVERIES_SHOWN = 10;
/** The preview of a send: the start of its first message, in code points as SQLite's length() counts. */
const PREVIEW_LENGTH = 60;

export function previewOf(text: string): string {
  return Array.from(text).slice(0, PREVIEW_LENGTH).join('');
}

export interface DeliveryRow {
  id: string;
  kind: DeliveryKind;
  messages: string;
  message_count: number;
  preview: string;
  sent_by: string;
  sent_by_name: string;
  status: 'sending' | 'sent' | 'failed';
  line_request_id: string | null;
  created_at: number;
  sent_at: number | null;
}

export function toDelivery(row: DeliveryRow): Delivery & { lineRequestId: string | null } {
  return {
    id: row.id,
    kind: row.kind,
    messageCount: row.message_count,
    preview: row.preview,
    sentAt: new Date(row.sent_at ?? row.created_at).toISOString(),
    sentBy: { userId: row.sent_by, displayName: row.sent_by_name },
    lineRequestId: row.line_request_id,
  };
}

const DELIVERY_COLUMNS = `b.id, b.kind, b.messages, b.message_count, b.preview, b.sent_by,
  u.display_name AS sent_by_name, b.status, b.line_request_id, b.created_at, b.sent_at`;

/** The send a retry key names on the account, whatever became of it. */
export function selectDeliveryByKey(
  db: D1Database,
  accountId: string,
  retryKey: string,
): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${DELIVERY_COLUMNS} FROM broadcasts b JOIN users u ON u.id = b.sent_by
        WHERE b.account_id = ?1 AND b.retry_key = ?2`,
    )
    .bind(accountId, retryKey);
}

/**
 * The latest sends that LINE accepted, newest first; two recorded in the same millisecond in the order they
 * were claimed (rowid grows with each insert, a random id would not).
 */
export function selectRecentDeliveries(db: D1Database, accountId: string): D1PreparedStatement {
  return db
    .prepare(
      `SELECT ${DELIVERY_COLUMNS} FROM broadcasts b JOIN users u ON u.id = b.sent_by
        WHERE b.account_id = ?1 AND b.status = 'sent'
        ORDER BY b.sent_at DESC, b.rowid DESC LIMIT ${DELIVERIES_SHOWN}`,
    )
    .bind(accountId);
}

export interface NewDelivery {
  id: string;
  accountId: string;
  kind: DeliveryKind;
  retryKey: string;
  texts: readonly string[];
  sentBy: string;
  at: number;
}

/** The messages of a send as stored in `broadcasts.messages` and sent to LINE. */
export function textMessages(texts: readonly string[]): TextMessage[] {
  return texts.map((text) => ({ type: 'text', text }));
}

/** Whether a claimed send carries exactly these texts (a retry must send what was first claimed). */
export function sameTexts(row: DeliveryRow, texts: readonly string[]): boolean {
  return row.messages === JSON.stringify(textMessages(texts));
}

/**
 * Claims the retry key before LINE is called; a concurrent request that claimed it first wins and this
 * inserts nothing (ON CONFLICT DO NOTHING), and the caller goes on with the row already there, read in the
 * same batch.
 */
export function insertDelivery(db: D1Database, delivery: NewDelivery): D1PreparedStatement {
  const messages = textMessages(delivery.texts);
  return db
    .prepare(
      `INSERT INTO broadcasts (id, account_id, kind, retry_key, messages, message_count, preview, sent_by,
         status, created_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'sending', ?9)
       ON CONFLICT (account_id, retry_key) DO NOTHING`,
    )
    .bind(
      delivery.id,
      delivery.accountId,
      delivery.kind,
      delivery.retryKey,
      JSON.stringify(messages),
      messages.length,
      previewOf(delivery.texts[0] ?? ''),
      delivery.sentBy,
      delivery.at,
    );
}

/** LINE accepted it; a second "sent" aborts the batch (trigger broadcasts_sent_once, migration 0012). */
export function markSent(db: D1Database, id: string, lineRequestId: string | null, at: number) {
  return db
    .prepare(`UPDATE broadcasts SET status = 'sent', line_request_id = ?2, sent_at = ?3 WHERE id = ?1`)
    .bind(id, lineRequestId, at);
}

/** LINE refused it for good (a bad message, no quota left, a revoked token): it never counts as sent. */
export function markFailed(db: D1Database, id: string) {
  return db.prepare(`UPDATE broadcasts SET status = 'failed' WHERE id = ?1 AND status = 'sending'`).bind(id);
}
