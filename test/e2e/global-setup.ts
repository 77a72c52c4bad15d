import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startLocalServer } from '../../scripts/local-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** One real Worker (wrangler dev, local D1 with the real migrations, demo build) for every E2E test. */
export default async function setup(project: TestProject) {
  const port = Number(process.env.E2E_PORT ?? 8799);
  // One state per port: engineers running the E2E tests at the same time (E2E_PORT) keep their own D1.
  const persistTo = `.wrangler/e2e-state/${port}`;
  rmSync(persistTo, { recursive: true, force: true });
  const server = await startLocalServer({ port, persistTo, outDir: `.wrangler/e2e-dist/${port}` });
  project.provide('baseUrl', server.url);
  return server.stop;
}
