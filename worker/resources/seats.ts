import { AppError } from '../lib/errors';
import { MEMBER_LIMIT } from './repo';

/**
 * Rule 12's count, as the schema's triggers count it: distinct people who reach the resource or wait for a
 * decision, plus live invites still within their 24 hours. `resourceId` is SQL yielding the resource id;
 * `now` is SQL yielding the clock. `alsoPeople` is SQL yielding more user ids (the people a change would
 * bring), counted once each.
 */
export function seatsSql(resourceId: string, now: string, alsoPeople?: string): string {
  const people = `SELECT user_id FROM seat_people WHERE resource_id = ${resourceId}`;
  return `((SELECT count(*) FROM (${alsoPeople ? `${people} UNION ${alsoPeople}` : `${people} GROUP BY user_id`}))
          + (SELECT count(*) FROM live_invites WHERE resource_id = ${resourceId} AND +expires_at > ${now}))`;
}

export interface SeatsRow {
  seats: number;
}

/** ?1 = the resource, ?2 = the clock. */
export function selectSeats(db: D1Database, resourceId: string, now: number): D1PreparedStatement {
  return db.prepare(`SELECT ${seatsSql('?1', '?2')} AS seats`).bind(resourceId, now);
}

/** Refuses, before writing, a change that would take a resource past its limit, and says by how much. */
export function assertSeats(seats: number, adding: number): void {
  if (adding > 0 && seats + adding > MEMBER_LIMIT) {
    throw new AppError(
      'MEMBER_LIMIT',
      `This would take ${seats + adding} of ${MEMBER_LIMIT} seats: ${seats + adding - MEMBER_LIMIT} too many.`,
      { seats, adding, limit: MEMBER_LIMIT },
    );
  }
}
