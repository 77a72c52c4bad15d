import type { ClientResponse } from 'hono/client';
import type { SuccessStatusCode } from 'hono/utils/http-status';

/** Every failed API call: the Worker's `{error: {code, message, requestId}}`, or NETWORK when none came. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

export function networkError(cause: unknown): ApiError {
  return new ApiError(0, 'NETWORK', cause instanceof Error ? cause.message : String(cause), null);
}

type ErrorBody = { error: { code: string; message: string; requestId: string } };

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
    const { code, message, requestId } = body.error;
    return new ApiError(response.status, code, message, requestId);
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
