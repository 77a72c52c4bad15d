// `npm run bench`: measures what SPEC §7 budgets (phone, edge, API, growth) and prints one table, also
// written with its details to bench/results.md; the data goes to bench/results.json and a summary into the
// README's Measurements table (bench/readme.ts). Progress goes to stderr; the table to stdout.
import { rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { buildApp, startLocalServer } from '../scripts/local-server.ts';
import { measureApi } from './api.ts';
import { measureGrowth } from './growth.ts';
import { measureLighthouse } from './lighthouse.ts';
import { measureFirstScreen, writeFloorPage } from './phone.ts';
import { writeResults } from './readme.ts';
import { isFailed, type Measured, mainTable, type Outcome } from './report.ts';
import { measureRoundTrips } from './round-trips.ts';
import { measureSizes } from './sizes.ts';
import { progress, root } from './util.ts';

const API_PORT = Number(process.env.BENCH_API_PORT ?? 8797);
/** Three consecutive ports (8799 is the E2E tests'). */
const GROWTH_PORT = Number(process.env.BENCH_GROWTH_PORT ?? 8811);
const LIGHTHOUSE_RUNS = Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 5);

async function attempt<T>(label: string, work: () => Promise<T> | T): Promise<Outcome<T>> {
  const started = performance.now();
  progress(`${label}…`);
  try {
    const result = await work();
    progress(`${label}: done in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return result;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress(`${label}: FAILED\n${error instanceof Error ? error.stack : message}`);
    return { failed: message };
  }
}

const started = new Date();
const load = () =>
  loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
const loadAtStart = load();

// Counting round trips needs no quiet machine, so vitest runs while the bundles are built.
const roundTripsRunning = attempt('D1 round trips (vitest, workerd)', measureRoundTrips);
const sizes = await attempt('bundle sizes (production build, wrangler dry run)', measureSizes);
const roundTrips = await roundTripsRunning;

// One local Worker (demo build and seed) for the browser and the API: the browser goes first, before the
// API load adds accounts to the demo owner's ホーム.
const apiState = '.wrangler/bench-api';
/** The demo build the benchmarks' servers serve: its own folder, as the E2E tests have theirs. */
const appDir = '.wrangler/bench-dist';
rmSync(join(root, apiState), { recursive: true, force: true });
let firstScreen: Measured['firstScreen'] = { failed: 'the local server did not start' };
let lighthouse: Measured['lighthouse'] = { failed: 'the local server did not start' };
let api: Measured['api'] = { failed: 'the local server did not start' };
const server = await attempt('wrangler dev (demo build, demo seed)', () => {
  buildApp('demo', appDir);
  writeFloorPage(join(root, appDir));
  return startLocalServer({ port: API_PORT, persistTo: apiState, build: false, seed: true, outDir: appDir });
});
if (!isFailed(server)) {
  try {
    firstScreen = await attempt('first screen with data (Chromium, 4× CPU)', () =>
      measureFirstScreen(server.url),
    );
    lighthouse = await attempt('Lighthouse', () => measureLighthouse(server.url, LIGHTHOUSE_RUNS));
    api = await attempt('API load (autocannon)', () =>
      measureApi(server.url, { connections: 10, duration: 3, accepts: 300 }),
    );
  } finally {
    await server.stop();
    rmSync(join(root, apiState), { recursive: true, force: true });
  }
}

const growth = await attempt('growth (three data sizes)', () =>
  measureGrowth({
    sizes: [
      { accounts: 10, members: 100 },
      { accounts: 100, members: 100 },
      { accounts: 1000, members: 100 },
    ],
    port: GROWTH_PORT,
    outDir: appDir,
    rounds: 4,
    reads: 10,
    writes: 15,
  }),
);

const measured: Measured = { sizes, firstScreen, lighthouse, roundTrips, api, growth };
const seconds = (Date.now() - started.getTime()) / 1000;
const environment = `Node ${process.version}, ${cpus().length} cores, load average ${loadAtStart} at start and ${load()} at the end`;
console.log(mainTable(measured));
console.log(`\n${environment}; ${Math.round(seconds)} s. Details: bench/results.md`);
try {
  writeResults(measured, { started, seconds, environment });
} catch (error) {
  progress(
    `writing the results or the README's table: FAILED\n${error instanceof Error ? error.stack : error}`,
  );
  process.exitCode = 1;
}
const failures = Object.values(measured).filter(isFailed);
if (failures.length > 0) process.exitCode = 1;
