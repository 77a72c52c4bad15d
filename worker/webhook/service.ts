import type { WebhookInput } from './schema';

/**
 * follow makes a person reachable by the bot, unfollow (a block) unreachable. Users Kengen does not know match
 * no row. LINE may redeliver an event late; the timestamp guard keeps an older event from undoing a newer one.
 */
export function reachabilityStatements(db: D1Database, input: WebhookInput): D1PreparedStatement[] {
  return input.events.flatMap((event) => {
    const userId = event.source?.type === 'user' ? event.source.userId : undefined;
    if (!userId || (event.type !== 'follow' && event.type !== 'unfollow')) return [];
    return [
      db
        .prepare(
          `UPDATE users SET line_friend = ?2, line_friend_at = ?3
            WHERE id = ?1 AND coalesce(line_friend_at, 0) <= ?3`,
        )
        .bind(userId, event.type === 'follow' ? 1 : 0, event.timestamp),
    ];
  });
}
