// Starts Kengen locally the way it runs for real: the Worker under wrangler (workerd, local D1 with the
// real migrations), serving the built app. Used by `npm start`, the E2E tests and the benchmarks.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const wrangler = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url));
const vite = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
const quietEnv = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' };

function run(args: string[], label: string): void {
  const result = spawnSync(process.execPath, args, {
    cwd: root,
    env: quietEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
  }
}

export function buildApp(mode: 'demo' | 'production' = 'demo', outDir = 'dist'): void {
  run(
    [vite, 'build', '--mode', mode, '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    `vite build --mode ${mode}`,
  );
}

export function applyMigrations(persistTo: string): void {
  run([wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], 'D1 migrations');
}

async function waitUntilUp(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with ${child.exitCode}`);
    try {
      const response = await fetch(`${url}/api/openapi.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the local server did not answer at ${url} within ${timeoutMs} ms`);
}

export interface LocalServer {
  url: string;
  stop: () => Promise<void>;
}

export async function startLocalServer({
  port = 8787,
  persistTo = '.wrangler/state',
  build = true,
  seed = true,
  inheritOutput = false,
  outDir = 'dist',
}: {
  port?: number;
  persistTo?: string;
  build?: boolean;
  seed?: boolean;
  inheritOutput?: boolean;
  /** Where the app is built and served from: separate runs (E2E on several ports) must not share one. */
  outDir?: string;
} = {}): Promise<LocalServer> {
  if (build) buildApp('demo', outDir);
  applyMigrations(persistTo);
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [
      wrangler,
      'dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--persist-to',
      persistTo,
      '--show-interactive-dev-session=false',
      '--assets',
      outDir,
      '--var',
      `LINE_API_BASE:${url}/dev/line`,
      '--var',
      `APP_ORIGIN:${url}`,
    ],
    {
      cwd: root,
      env: quietEnv,
      stdio: ['ignore', inheritOutput ? 'inherit' : 'pipe', inheritOutput ? 'inherit' : 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  try {
    await waitUntilUp(url, child, 60_000);
  } catch (error) {
    child.kill('SIGTERM');
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${output}`);
  }
  if (seed) {
    const response = await fetch(`${url}/dev/seed`, { method: 'POST' });
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
