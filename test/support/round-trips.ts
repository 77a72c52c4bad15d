/**
 * Counts D1 round trips (SPEC §7, edge cost): each `first`, `all`, `run` or `raw` of a prepared statement is
 * one, a whole `batch` is one, an `exec` is one. Pure on purpose (no `cloudflare:test` import), so a
 * benchmark outside the test runtime can wrap its own D1 binding with it.
 */
export interface RoundTripCounter {
  roundTrips: number;
  /** One line per round trip: `batch(3)`, `all`, … in order, to explain a count that is off. */
  log: string[];
}

export function newCounter(): RoundTripCounter {
  return { roundTrips: 0, log: [] };
}

type Statement = D1PreparedStatement;

/** The statements handed to the real binding: a counted wrapper is unwrapped before `batch`. */
const realOf = new WeakMap<object, Statement>();

const EXECUTING = new Set(['first', 'all', 'run', 'raw']);

function countStatement(statement: Statement, counter: RoundTripCounter): Statement {
  const wrapper: Statement = new Proxy(statement, {
    get(target, property) {
      if (property === 'bind') {
        return (...values: unknown[]) => countStatement(target.bind(...values), counter);
      }
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') {
        return value;
      }
      if (typeof property === 'string' && EXECUTING.has(property)) {
        return (...args: unknown[]) => {
          counter.roundTrips += 1;
          counter.log.push(property);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
  realOf.set(wrapper, statement);
  return wrapper;
}

function unwrap(statements: readonly Statement[]): Statement[] {
  return statements.map((statement) => realOf.get(statement) ?? statement);
}

function countSession(session: D1DatabaseSession, counter: RoundTripCounter): D1DatabaseSession {
  return new Proxy(session, {
    get(target, property) {
      if (property === 'prepare') {
        return (query: string) => countStatement(target.prepare(query), counter);
      }
      if (property === 'batch') {
        return (statements: Statement[]) => {
          counter.roundTrips += 1;
          counter.log.push(`batch(${statements.length})`);
          return target.batch(unwrap(statements));
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The binding, counting into `counter` every round trip made through it. */
export function countingDb(db: D1Database, counter: RoundTripCounter = newCounter()): D1Database {
  return new Proxy(db, {
    get(target, property) {
      switch (property) {
        case 'prepare':
          return (query: string) => countStatement(target.prepare(query), counter);
        case 'batch':
          return (statements: Statement[]) => {
            counter.roundTrips += 1;
            counter.log.push(`batch(${statements.length})`);
            return target.batch(unwrap(statements));
          };
        case 'exec':
          return (query: string) => {
            counter.roundTrips += 1;
            counter.log.push('exec');
            return target.exec(query);
          };
        case 'withSession':
          return (...args: Parameters<D1Database['withSession']>) =>
            countSession(target.withSession(...args), counter);
        default: {
          const value: unknown = Reflect.get(target, property, target);
          return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
        }
      }
    },
  });
}

/** Runs `work` with a fresh counting binding and returns its result with the round trips it made. */
export async function measureRoundTrips<T>(
  db: D1Database,
  work: (counted: D1Database) => Promise<T>,
): Promise<{ result: T; roundTrips: number; log: string[] }> {
  const counter = newCounter();
  const result = await work(countingDb(db, counter));
  return { result, roundTrips: counter.roundTrips, log: counter.log };
}
