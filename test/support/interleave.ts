import { env } from 'cloudflare:test';

/**
 * The D1 binding, except that the first `parties` batches (each request's round trip 1, its read) are held
 * until all of them have returned: every request then writes on what it read before anyone wrote. Over HTTP
 * this interleaving happens only by chance; here it happens every time, so the SQL guard is what decides.
 */
export function readsTogether(parties: number): D1Database {
  let reads = 0;
  let release: () => void = () => {};
  const allRead = new Promise<void>((resolve) => {
    release = resolve;
  });
  const db = env.DB;
  return new Proxy(db, {
    get(target, property) {
      if (property !== 'batch') {
        const value = Reflect.get(target, property);
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (statements: D1PreparedStatement[]) => {
        if (reads >= parties) {
          return target.batch(statements);
        }
        reads += 1;
        const results = await target.batch(statements);
        if (reads === parties) {
          release();
        }
        await allRead;
        return results;
      };
    },
  });
}
