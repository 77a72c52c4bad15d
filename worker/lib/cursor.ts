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
