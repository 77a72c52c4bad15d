import type { ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';
import type { ErrorCode, MemberLimitDetails } from '../../worker/lib/errors';

/**
 * Every failed API call: the Worker's `{error: {code, message, requestId, details?}}`, or NETWORK when none
 * came. `details` is kept as sent; a reader that needs it checks its shape (see `memberLimitOf`).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** The Worker refused with this code (its closed set of codes: a renamed one fails the build). */
export function hasCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof ApiError && error.code === code;
}

/** MEMBER_LIMIT's numbers: seats held now, seats the refused change would add, and the limit. */
export type MemberLimit = MemberLimitDetails;

function isMemberLimit(details: unknown): details is MemberLimit {
  return (
    typeof details === 'object' &&
    details !== null &&
    'seats' in details &&
    typeof details.seats === 'number' &&
    'adding' in details &&
    typeof details.adding === 'number' &&
    'limit' in details &&
    typeof details.limit === 'number'
  );
}

/** The numbers of a MEMBER_LIMIT refusal, when the Worker sent them (it does only when it knows them). */
export function memberLimitOf(error: unknown): MemberLimit | null {
  if (!(error instanceof ApiError) || error.code !== 'MEMBER_LIMIT') return null;
  return isMemberLimit(error.details) ? error.details : null;
}

export function networkError(cause: unknown): ApiError {
  return new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause), null);
}

type ErrorBody = { error: { code: string; message: string; requestId: string; details?: unknown } };

function isErrorBody(body: unknown): body is ErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const { error } = body;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

async function toApiError(response: {
  status: number;
  statusText: string;
  json(): Promise<unknown>;
}): Promise<ApiError> {
  // A proxy or the platform may answer with something other than the Worker's JSON error.
  const body: unknown = await response.json().catch(() => null);
  if (isErrorBody(body)) {
    const { code, message, requestId, details = null } = body.error;
    return new ApiError(response.status, code, message, requestId, details);
  }
  return new ApiError(response.status, `HTTP_${response.status}`, response.statusText, null);
}

/** The JSON body of the response's success statuses, as the Worker's route types declare it. */
export type Success<R> =
  R extends ClientResponse<infer Body, infer Status, 'json'>
    ? Status extends SuccessStatusCode
      ? Body
      : never
    : never;

/** Resolves when a call without a response body (204) succeeded; any other status becomes an ApiError. */
export async function readEmpty(
  pending: Promise<{ ok: boolean; status: number; statusText: string; json(): Promise<unknown> }>,
): Promise<void> {
  const response = await pending;
  if (!response.ok) throw await toApiError(response);
}

/** Resolves to the success body; any other status becomes an ApiError. */
export async function read<R extends ClientResponse<unknown, number, 'json'>>(
  pending: Promise<R>,
): Promise<Success<R>> {
  const response = await pending;
  if (!response.ok) throw await toApiError(response);
  return response.json() as Promise<Success<R>>;
}
