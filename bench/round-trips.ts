// D1 round trips per request: test/worker/round-trips.test.ts calls the Worker's fetch handler inside
// workerd with a counting D1 binding (test/support/round-trips.ts) and prints a table; this runs it and
// reads that table from its output.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { quietEnv, root } from './util.ts';

const TEST = 'test/worker/round-trips.test.ts';
const COUNTER = 'test/support/round-trips.ts';

export interface RoundTripRow {
  route: string;
  situation: string;
  status: number;
  roundTrips: number;
  budget: string;
  calls: string;
  /** Every cell as printed, in the order of `RoundTripTable.header`. */
  cells: string[];
}

export interface RoundTripTable {
  header: string[];
  rows: RoundTripRow[];
}

export type RoundTrips =
  | { available: false; reason: string }
  | ({ available: true; passed: boolean; failure: string } & RoundTripTable);

// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI colour codes of vitest's output
const ANSI = /\u001b\[[0-9;]*m/g;

const cellsOf = (line: string) =>
  line
    .split('|')
    .slice(1, -1)
    .map((cell) => cell.trim());

/** The test's table, read by its column names (so a column added to it does not shift the others). */
export function parseRoundTripTable(stdout: string): RoundTripTable {
  const lines = stdout.replace(ANSI, '').split('\n');
  const start = lines.findIndex((line) => line.startsWith('D1 round trips per request'));
  const header = start < 0 ? [] : cellsOf(lines[start + 1] ?? '');
  const column = (name: string) => header.indexOf(name);
  const at = (cells: string[], name: string) => cells[column(name)] ?? '';
  if (start < 0 || column('route') < 0 || column('round trips') < 0) return { header, rows: [] };
  const rows: RoundTripRow[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    const cells = cellsOf(line);
    if (cells.every((cell) => /^-*$/.test(cell))) continue;
    rows.push({
      route: at(cells, 'route'),
      situation: at(cells, 'situation'),
      status: Number(at(cells, 'status')),
      roundTrips: Number(at(cells, 'round trips')),
      budget: at(cells, 'budget') || '≤ 2',
      calls: at(cells, 'calls'),
      cells,
    });
  }
  return { header, rows };
}

/** Runs vitest in the background (it needs no quiet machine: it counts, it does not time). */
function runVitest(): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const vitest = join(root, 'node_modules/vitest/vitest.mjs');
  const child = spawn(process.execPath, [vitest, 'run', '--project', 'worker', TEST], {
    cwd: root,
    env: { ...quietEnv, FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

export async function measureRoundTrips(): Promise<RoundTrips> {
  const missing = [TEST, COUNTER].filter((file) => !existsSync(join(root, file)));
  if (missing.length > 0) return { available: false, reason: `${missing.join(' and ')} not written yet` };
  const result = await runVitest();
  const { header, rows } = parseRoundTripTable(result.stdout);
  if (rows.length === 0) {
    return {
      available: false,
      reason: `vitest printed no round-trip table (exit ${result.status}):\n${result.stdout.slice(-2000)}\n${result.stderr.slice(-2000)}`,
    };
  }
  const failed = [...result.stdout.replace(ANSI, '').matchAll(/^\s*(?:×|✗|FAIL)\s.*$/gm)].map((m) =>
    m[0].trim(),
  );
  return {
    available: true,
    header,
    rows,
    passed: result.status === 0,
    failure: failed.slice(0, 5).join('\n'),
  };
}

/** The row measuring a route's successful, common case (the first 2xx row of that route). */
export function roundTripsOf(rows: readonly RoundTripRow[], route: string): RoundTripRow | undefined {
  return rows.find((row) => row.route === route && row.status >= 200 && row.status < 300);
}
