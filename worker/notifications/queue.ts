import type { Context } from 'hono';
import type { AppEnv, Bindings } from '../env';

export type NotificationQueue = Bindings['NOTIFICATIONS'];
export type NotificationBody = { notificationId: string };

/** A queue's sendBatch takes at most 100 messages. */
const SEND_BATCH = 100;

/**
 * Hands committed notifications to the queue. They are already safe in D1, so a failed send is logged, not
 * thrown: the sweeper finds them still pending and sends them again.
 */
export async function enqueueNotifications(queue: NotificationQueue, ids: readonly string[]): Promise<void> {
  try {
    for (let start = 0; start < ids.length; start += SEND_BATCH) {
      await queue.sendBatch(
        ids.slice(start, start + SEND_BATCH).map((notificationId) => ({ body: { notificationId } })),
      );
    }
  } catch (error) {
    console.error(
      JSON.stringify({
        event: 'notifications.enqueue_failed',
        notifications: ids,
        error: error instanceof Error ? error.message : String(error),
      }),
    );
  }
}

/** After the change's batch committed: the queue send runs after the response, and costs no D1 round trip. */
export function deliverAfterResponse(c: Context<AppEnv>, ids: readonly string[]): void {
  if (ids.length > 0) c.executionCtx.waitUntil(enqueueNotifications(c.env.NOTIFICATIONS, ids));
}

/** Long enough that a notification the route just sent is normally delivered before the sweeper looks. */
const SWEEP_GRACE_MS = 5 * 60_000;
const SWEEP_LIMIT = 500;

/**
 * The cron's part: a Worker that died between its batch and its queue send, or a queue that gave up on a
 * message, leaves a notification pending past its due time. Those are sent again (and marked as handed over,
 * so the next sweep waits for them in turn); the retry key keeps a second push from doubling the message.
 */
export async function sweepNotifications(db: D1Database, queue: NotificationQueue, now: number) {
  const { results } = await db
    .prepare(
      `UPDATE notifications SET next_attempt_at = ?1
        WHERE id IN (SELECT id FROM notifications WHERE status = 'pending' AND next_attempt_at < ?2
                      ORDER BY next_attempt_at LIMIT ${SWEEP_LIMIT})
       RETURNING id`,
    )
    .bind(now, now - SWEEP_GRACE_MS)
    .all<{ id: string }>();
  await enqueueNotifications(
    queue,
    results.map((row) => row.id),
  );
}
