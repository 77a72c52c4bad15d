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
  const persistTo = '.wrangler/e2e-state';
  rmSync(persistTo, { recursive: true, force: true });
  const server = await startLocalServer({ port: Number(process.env.E2E_PORT ?? 8799), persistTo });
  project.provide('baseUrl', server.url);
  return server.stop;
}
