import { rowsOf } from '../lib/d1';
import type { Rendered } from './messages';

/** The events of SPEC §8 that Kengen tells (migration 0007 lists them all). */
export const NOTIFICATION_KINDS = [
  'request.created',
  'request.approved',
  'request.rejected',
  'invite.accepted',
  'invite.declined',
  'invite.expired',
  'member.role_changed',
  'member.removed',
  'single_admin',
  'review.due',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** One thing to tell, rendered when the change is written; the outbox statement decides who hears it. */
export interface Notice {
  kind: NotificationKind;
  resourceId: string;
  /** What on the resource it is about (a join request's or an invite's id). */
  subjectId: string | null;
  /** In every language; the statement stores each recipient's (SPEAKS_JAPANESE). */
  messages: Rendered;
  at: number;
  /**
   * Written only if no notification of this kind about this resource was written in the last this many
   * milliseconds (the weekly reminder); decided in the insert itself, so two overlapping runs cannot both write.
   */
  quietForMs?: number;
}

/**
 * Who may be told is decided in SQL, in the change's own batch: a friend of the bot who has not turned
 * notifications off. The consumer asks again before pushing, so an unfollow that lands in between wins.
 */
export const REACHABLE = 'u.line_friend = 1 AND u.notifications_enabled = 1';

/**
 * Issue 13: Japanese first, English for people whose LINE language is not Japanese. No language (a user who
 * has not signed in since migration 0009) is Japanese. The rule of the app's dictionary (app/i18n), in SQL.
 */
export const SPEAKS_JAPANESE = "(u.language IS NULL OR u.language LIKE 'ja%')";

const INSERT = `INSERT INTO notifications
  (recipient_id, kind, resource_id, subject_id, messages, created_at, next_attempt_at)`;

/** The recipient's rendering, from the Japanese and English ones bound at these parameter numbers. */
function messagesFor(ja: number, en: number): string {
  return `CASE WHEN ${SPEAKS_JAPANESE} THEN ?${ja} ELSE ?${en} END`;
}

/**
 * Every direct admin of the resource (SPEC §8: admins only through a group are not asked). With
 * `quietForMs`, as for `notifyPerson`: decided in the insert, which SQLite evaluates whole before writing, so
 * every admin is told or none, and an overlapping run that read the same candidates writes nothing.
 */
export function notifyDirectAdmins(db: D1Database, notice: Notice): D1PreparedStatement {
  const binds: unknown[] = [
    notice.resourceId,
    notice.kind,
    notice.subjectId,
    JSON.stringify(notice.messages.ja),
    notice.at,
    JSON.stringify(notice.messages.en),
  ];
  return db
    .prepare(
      `${INSERT}
       SELECT m.user_id, ?2, ?1, ?3, ${messagesFor(4, 6)}, ?5, ?5
         FROM memberships m JOIN users u ON u.id = m.user_id
        WHERE m.resource_id = ?1 AND m.role = 'admin' AND ${REACHABLE} ${quietClause(notice, binds)}
       RETURNING id`,
    )
    .bind(...binds);
}

/** The quiet period's condition, its bound time appended to `binds`; the kind is a literal (see below). */
function quietClause(notice: Notice, binds: unknown[]): string {
  return notice.quietForMs === undefined
    ? ''
    : `AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.resource_id = ?1 AND n.kind = '${notice.kind}'
                          AND n.created_at > ?${binds.push(notice.at - notice.quietForMs)})`;
}

/**
 * One person, if they can be reached. The kind is written into the quiet-period check as a literal (the
 * union's constants, never input): a bound parameter would keep SQLite from using the partial index of that
 * kind (migration 0008).
 */
export function notifyPerson(db: D1Database, recipientId: string, notice: Notice): D1PreparedStatement {
  const binds: unknown[] = [
    notice.resourceId,
    notice.kind,
    notice.subjectId,
    JSON.stringify(notice.messages.ja),
    notice.at,
    recipientId,
    JSON.stringify(notice.messages.en),
  ];
  const quiet = quietClause(notice, binds);
  return db
    .prepare(
      `${INSERT}
       SELECT u.id, ?2, ?1, ?3, ${messagesFor(4, 7)}, ?5, ?5
         FROM users u WHERE u.id = ?6 AND ${REACHABLE} ${quiet}
       RETURNING id`,
    )
    .bind(...binds);
}

/** The ids an outbox statement wrote, from its result in the committed batch. */
export function notificationIds(result: D1Result | undefined): string[] {
  return rowsOf<{ id: string }>(result).map((row) => row.id);
}
