import type { LineMessage } from './messages';
import { REACHABLE } from './outbox';
import { type PushConfig, type PushOutcome, pushMessage } from './push';
import type { NotificationBody } from './queue';

/** The first attempt and six retries; wrangler.toml's `max_retries` leaves the queue more than that. */
export const MAX_ATTEMPTS = 7;

/**
 * Seconds before the next attempt after `attempts` failed ones: 30 s, 2 min, 8 min, 32 min, then every 2 h,
 * so the six retries span about 4.7 hours (SPEC §8: the first within 90 s, at least 5 over at least an hour).
 */
export function backoffSeconds(attempts: number): number {
  return Math.min(30 * 4 ** (attempts - 1), 7200);
}

interface DeliveryRow {
  id: string;
  recipient_id: string;
  messages: string;
  retry_key: string;
  status: 'pending' | 'delivered' | 'failed' | 'skipped';
  attempts: number;
  reachable: number;
}

type Decision =
  | { status: 'delivered' }
  | { status: 'retry'; error: string; delaySeconds: number }
  | { status: 'failed' | 'skipped'; error: string };

function decide(row: DeliveryRow, pushed: PushOutcome): Decision {
  if (pushed.outcome === 'accepted') return { status: 'delivered' };
  const attempts = row.attempts + 1;
  if (pushed.outcome === 'retry' && attempts < MAX_ATTEMPTS) {
    return { status: 'retry', error: pushed.error, delaySeconds: backoffSeconds(attempts) };
  }
  return { status: 'failed', error: pushed.error };
}

/** Records an attempt; `status = 'pending'` so a duplicate consumer cannot undo what another decided. */
function record(db: D1Database, id: string, decision: Decision, now: number): D1PreparedStatement {
  switch (decision.status) {
    case 'delivered':
      return db
        .prepare(
          `UPDATE notifications SET status = 'delivered', attempts = attempts + 1, delivered_at = ?2,
             last_error = NULL WHERE id = ?1 AND status = 'pending'`,
        )
        .bind(id, now);
    case 'retry':
      return db
        .prepare(
          `UPDATE notifications SET attempts = attempts + 1, last_error = ?2, next_attempt_at = ?3
            WHERE id = ?1 AND status = 'pending'`,
        )
        .bind(id, decision.error, now + decision.delaySeconds * 1000);
    case 'skipped':
      return db
        .prepare(
          `UPDATE notifications SET status = 'skipped', last_error = ?2 WHERE id = ?1 AND status = 'pending'`,
        )
        .bind(id, decision.error);
    case 'failed':
      return db
        .prepare(
          `UPDATE notifications SET status = 'failed', attempts = attempts + 1, last_error = ?2
            WHERE id = ?1 AND status = 'pending'`,
        )
        .bind(id, decision.error);
  }
}

/**
 * The queue consumer: pushes each pending notification once per message, and decides from LINE's answer
 * whether it is delivered, retried with backoff, or failed (kept, with the error). A notification that is no
 * longer pending is never pushed again: queues deliver at least once, and the sweeper may send one twice.
 */
export async function deliverNotifications(
  batch: MessageBatch<NotificationBody>,
  env: PushConfig & { DB: D1Database },
  now: () => number = Date.now,
): Promise<void> {
  const ids = [...new Set(batch.messages.map((message) => message.body.notificationId))];
  const { results } = await env.DB.prepare(
    `SELECT n.id, n.recipient_id, n.messages, n.retry_key, n.status, n.attempts, (${REACHABLE}) AS reachable
       FROM notifications n JOIN users u ON u.id = n.recipient_id
      WHERE n.id IN (SELECT value FROM json_each(?1))`,
  )
    .bind(JSON.stringify(ids))
    .all<DeliveryRow>();
  const rows = new Map(results.map((row) => [row.id, row]));
  const decisions = new Map<string, Decision>();
  await Promise.all(
    ids.map(async (id) => {
      const row = rows.get(id);
      if (row?.status !== 'pending') return;
      if (row.reachable !== 1) {
        decisions.set(id, { status: 'skipped', error: 'unfollowed the bot or turned notifications off' });
        return;
      }
      const pushed = await pushMessage(env, {
        to: row.recipient_id,
        messages: JSON.parse(row.messages) as LineMessage[],
        retryKey: row.retry_key,
      });
      decisions.set(id, decide(row, pushed));
    }),
  );
  // Written before any message is acknowledged: if this fails, the whole batch comes back and LINE's
  // answer to the same retry keys (409) still says what was delivered.
  const at = now();
  const writes = [...decisions].map(([id, decision]) => record(env.DB, id, decision, at));
  if (writes.length > 0) await env.DB.batch(writes);
  // A notification twice in one batch is retried through one of its messages only.
  const retried = new Set<string>();
  for (const message of batch.messages) {
    const id = message.body.notificationId;
    const decision = decisions.get(id);
    if (decision?.status === 'retry' && !retried.has(id)) {
      retried.add(id);
      message.retry({ delaySeconds: decision.delaySeconds });
    } else {
      message.ack();
    }
  }
}
