import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The closed set of machine-readable error codes of the API (SPEC §6). */
export const ERROR_STATUS = {
  INVALID_INPUT: 400,
  CHANNEL_TOKEN_INVALID: 400,
  LINE_REFUSED: 400,
  INVALID_TOKEN: 401,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ALREADY_MEMBER: 409,
  ALREADY_IN_GROUP: 409,
  CONFLICT: 409,
  INVITE_NOT_PENDING: 409,
  LAST_ADMIN: 409,
  MEMBER_LIMIT: 409,
  OWN_INVITE: 409,
  REQUEST_NOT_PENDING: 409,
  REQUEST_PENDING: 409,
  REVIEW_OPEN: 409,
  REVIEW_INCOMPLETE: 409,
  REVIEW_CLOSED: 409,
  GRANT_VIA_GROUP: 409,
  CHANNEL_MISMATCH: 409,
  CHANNEL_IN_USE: 409,
  CHANNEL_NOT_CONNECTED: 409,
  CHANNEL_TOKEN_REVOKED: 409,
  CHANNEL_TOKEN_UNREADABLE: 409,
  RETRY_KEY_REUSED: 409,
  RETRY_KEY_EXPIRED: 409,
  LINE_QUOTA_EXCEEDED: 409,
  INVITE_EXPIRED: 410,
  INVITE_REVOKED: 410,
  INVITE_USED: 410,
  PAYLOAD_TOO_LARGE: 413,
  LINE_RATE_LIMITED: 429,
  INTERNAL: 500,
  LINE_UNAVAILABLE: 503,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

const DEFAULT_MESSAGES: Record<ErrorCode, string> = {
  INVALID_INPUT: 'The request is not valid.',
  CHANNEL_TOKEN_INVALID: 'LINE does not accept this channel access token.',
  LINE_REFUSED: 'LINE refused the request.',
  INVALID_TOKEN: 'The LINE ID token could not be verified.',
  UNAUTHENTICATED: 'Sign in first.',
  FORBIDDEN: 'Your role does not allow this.',
  NOT_FOUND: 'Not found.',
  ALREADY_MEMBER: 'You are already a member.',
  ALREADY_IN_GROUP: 'The account is already in this group.',
  CONFLICT: 'The resource changed meanwhile; try again.',
  INVITE_NOT_PENDING: 'The invite is no longer pending.',
  LAST_ADMIN: 'This would leave no admin.',
  MEMBER_LIMIT: 'The member limit is reached.',
  OWN_INVITE: 'You issued this invite yourself; it is for someone else to accept.',
  REQUEST_NOT_PENDING: 'The join request was already decided.',
  REQUEST_PENDING: 'You already asked to join; an admin has yet to decide.',
  REVIEW_OPEN: 'An access review of this account or group is already open.',
  REVIEW_INCOMPLETE: 'Decide keep or remove for everyone before completing the review.',
  REVIEW_CLOSED: 'The review is completed; it can no longer change.',
  GRANT_VIA_GROUP:
    'They reach it only through a group: remove them from the group, or take the account out of it.',
  CHANNEL_MISMATCH: "The channel's basic ID is not the account's.",
  CHANNEL_IN_USE: 'This Messaging API channel is already connected to another account.',
  CHANNEL_NOT_CONNECTED: 'No Messaging API channel is connected to this account.',
  CHANNEL_TOKEN_REVOKED: 'LINE no longer accepts the stored token; an admin reconnects the channel.',
  CHANNEL_TOKEN_UNREADABLE:
    'The stored token cannot be decrypted with the configured keys; an admin reconnects the channel.',
  RETRY_KEY_REUSED: 'This retryKey belongs to another send (other messages, another sender or kind).',
  RETRY_KEY_EXPIRED:
    'This send started more than 23 hours ago; LINE no longer knows its retry key, so it is not sent again.',
  LINE_QUOTA_EXCEEDED: "The account's monthly message limit is reached.",
  INVITE_EXPIRED: 'The invite has expired.',
  INVITE_REVOKED: 'The invite was revoked.',
  INVITE_USED: 'The invite was already used.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than 64 KB (160 KB for message sends).',
  LINE_RATE_LIMITED: 'LINE is receiving too many requests; try again in a moment.',
  INTERNAL: 'Something went wrong on our side.',
  LINE_UNAVAILABLE: 'LINE did not answer; try again later.',
};

/**
 * What a screen needs to explain a refusal: for MEMBER_LIMIT, by how much the change would pass it; for
 * CHANNEL_MISMATCH, which account the pasted token belongs to.
 */
export type ErrorDetails = MemberLimitDetails | ChannelMismatchDetails;

export interface MemberLimitDetails {
  seats: number;
  adding: number;
  limit: number;
}

export interface ChannelMismatchDetails {
  accountBasicId: string;
  channelBasicId: string;
}

export class AppError extends Error {
  readonly status: (typeof ERROR_STATUS)[ErrorCode];

  constructor(
    readonly code: ErrorCode,
    message: string = DEFAULT_MESSAGES[code],
    readonly details?: ErrorDetails,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; requestId: string; details?: ErrorDetails };
}

export function errorBody(
  code: ErrorCode,
  message: string,
  requestId: string,
  details?: ErrorDetails,
): ErrorBody {
  return { error: { code, message, requestId, ...(details ? { details } : {}) } };
}

/**
 * SQLite triggers abort a batch with RAISE(ABORT, 'CODE'); D1 carries the code in the error message.
 * Returns the code when the error is one of ours, so a service can turn it into an AppError.
 */
export function sqlAbortCode<T extends string>(error: unknown, codes: readonly T[]): T | undefined {
  const message = error instanceof Error ? error.message : String(error);
  return codes.find((code) => message.includes(code));
}

/**
 * Turns the abort of a batch by one of our SQL guards into the API error it stands for, keyed by text the
 * error message carries (a RAISE code, or the columns of a violated unique index); anything else is rethrown.
 */
export function translateAbort(error: unknown, codes: Readonly<Record<string, ErrorCode>>): never {
  const matched = sqlAbortCode(error, Object.keys(codes));
  const code = matched === undefined ? undefined : codes[matched];
  if (code) {
    throw new AppError(code);
  }
  throw error;
}
