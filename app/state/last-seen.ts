const DAY_MS = 86_400_000;
/** Not seen for this long: a review and アクセス一覧 flag the person (SPEC §10). */
export const STALE_AFTER_DAYS = 90;

export type SignIn = 'never' | 'stale' | 'recent';

/** Whether a last sign-in deserves a flag: none on record, or 90 days or more ago. */
export function signInState(lastSeenAt: string | null, now: number): SignIn {
  if (lastSeenAt === null) return 'never';
  return now - Date.parse(lastSeenAt) >= STALE_AFTER_DAYS * DAY_MS ? 'stale' : 'recent';
}
