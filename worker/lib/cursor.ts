import { AppError } from '../lib/errors';

/** An opaque keyset cursor: the last item of a page, in a list's (name, id) order. */
export function encodeCursor(last: { name: string; id: string }): string {
  const bytes = new TextEncoder().encode(JSON.stringify([last.name, last.id]));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export function decodeCursor(cursor: string): { name: string; id: string } {
  try {
    const binary = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const parsed: unknown = JSON.parse(
      new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0))),
    );
    if (Array.isArray(parsed) && typeof parsed[0] === 'string' && typeof parsed[1] === 'string') {
      return { name: parsed[0], id: parsed[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('INVALID_INPUT', 'cursor: not a cursor of this list');
}

/**
 * The same cursor for a list in (time, id) order, the newest first (a resource's reviews): the time is carried
 * as the cursor's name, in decimal, and read back as a whole number of milliseconds or refused.
 */
export function encodeTimeCursor(last: { at: number; id: string }): string {
  return encodeCursor({ name: String(last.at), id: last.id });
}

export function decodeTimeCursor(cursor: string): { at: number; id: string } {
  const { name, id } = decodeCursor(cursor);
  if (!/^(0|[1-9][0-9]{0,15})$/.test(name) || !Number.isSafeInteger(Number(name))) {
    throw new AppError('INVALID_INPUT', 'cursor: not a cursor of this list');
  }
  return { at: Number(name), id };
}
