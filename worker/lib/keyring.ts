/**
 * The keys of one secret that rotates (the audit chain's, the channel tokens'): the current key, which seals
 * or encrypts, and retired keys, kept to read what older keys wrote. Each is known by an id stored with what
 * it wrote.
 */
export interface Keyring<Key> {
  currentId: string;
  keys: Map<string, Key>;
}

export interface KeyringSource<Key> {
  currentId: string | undefined;
  current: unknown;
  /** JSON object of key id → key, from a binding named `retiredName`. */
  retired: string | undefined;
  retiredName: string;
  /** Turns a configured secret into a key, or throws `misconfigured`. */
  check: (id: string, secret: unknown) => Key;
  misconfigured: (problem: string) => Error;
}

/** Every key the Worker knows, current first; fails loudly on a configuration it cannot trust. */
export function readKeyring<Key>(source: KeyringSource<Key>): Keyring<Key> {
  const currentId = source.currentId ?? '';
  const keys = new Map([[currentId, source.check(currentId, source.current)]]);
  if (source.retired) {
    let retired: unknown;
    try {
      retired = JSON.parse(source.retired);
    } catch {
      throw source.misconfigured(`${source.retiredName} is not JSON`);
    }
    if (typeof retired !== 'object' || retired === null || Array.isArray(retired)) {
      throw source.misconfigured(`${source.retiredName} is not a JSON object of key id to secret`);
    }
    for (const [id, secret] of Object.entries(retired)) {
      const key = source.check(id, secret);
      // The same key listed again is harmless; another key under the current id is a mistake made while
      // rotating (the old key put under the new id, or the id not changed), and using either key would
      // silently leave what the other wrote unreadable.
      if (id === currentId && key !== keys.get(currentId)) {
        throw source.misconfigured(`${source.retiredName} has another key under the current id "${id}"`);
      }
      keys.set(id, key);
    }
  }
  return { currentId, keys };
}
