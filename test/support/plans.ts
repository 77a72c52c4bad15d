import { env } from 'cloudflare:test';

/** The SQL and parameters a repo function builds, caught instead of run, so that its plan can be asked for. */
function built(build: (db: D1Database) => D1PreparedStatement): { sql: string; params: unknown[] } {
  let sql = '';
  let params: unknown[] = [];
  const recorder = {
    prepare: (text: string) => {
      sql = text;
      return {
        bind: (...values: unknown[]) => {
          params = values;
          return {};
        },
      };
    },
  };
  build(recorder as unknown as D1Database);
  return { sql, params };
}

/** The lines of SQLite's EXPLAIN QUERY PLAN for the statement a repo function builds. */
export async function planOf(build: (db: D1Database) => D1PreparedStatement): Promise<string[]> {
  const { sql, params } = built(build);
  const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return plan.results.map((row) => row.detail);
}
