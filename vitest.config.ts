import { readFileSync } from 'node:fs';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

/** The local development key, handed to the production project only so it can prove such tokens fail there. */
function localDevKey(): string {
  const match = /^DEV_ID_TOKEN_KEY = '(.+)'$/m.exec(readFileSync('wrangler.toml', 'utf8'));
  if (!match?.[1]) throw new Error('wrangler.toml has no DEV_ID_TOKEN_KEY');
  return match[1];
}

// The machines have 2 cores: workerd projects each run one runtime, so keep the fan-out small.
export default defineConfig(async () => {
  const migrations = await readD1Migrations('migrations');
  const workerProject = (name: string, environment?: string) => ({
    plugins: [
      cloudflareTest({
        wrangler: { configPath: './wrangler.toml', ...(environment ? { environment } : {}) },
        miniflare: {
          bindings: {
            TEST_MIGRATIONS: migrations,
            ...(environment === 'production'
              ? {
                  // What `wrangler dev --env production --var …` would supply on a real deployment.
                  LINE_CHANNEL_ID: '1650000000',
                  LIFF_ID: '1650000000-AbCdEfGh',
                  SESSION_SECRET: 'production-test-secret-0123456789abcdef',
                  AUDIT_KEY: 'production-test-audit-key-0123456789abcdef',
                  LINE_BOT_CHANNEL_ACCESS_TOKEN: 'production-test-bot-channel-access-token',
                  // base64 of 32 bytes: "production-test-channel-key-0001".
                  CHANNEL_TOKEN_KEY: 'cHJvZHVjdGlvbi10ZXN0LWNoYW5uZWwta2V5LTAwMDE=',
                  LINE_BOT_CHANNEL_SECRET: 'production-test-bot-channel-secret',
                  TEST_DEV_ID_TOKEN_KEY: localDevKey(),
                }
              : {}),
          },
        },
      }),
    ],
    test: {
      name,
      include: [`test/${name}/**/*.test.ts`],
      // Race tests loop many rounds of concurrent requests; on a busy 2-core machine that takes seconds.
      testTimeout: 30_000,
      setupFiles: ['test/support/apply-migrations.ts', 'test/support/line-standin.ts'],
    },
  });
  return {
    test: {
      maxWorkers: 2,
      projects: [
        workerProject('worker'),
        workerProject('worker-production', 'production'),
        {
          // bench/*.test.ts: pure tests of the benchmark's reports (type-checked with bench/ by tsconfig.node.json).
          test: {
            name: 'app',
            include: ['test/app/**/*.test.ts', 'bench/**/*.test.ts'],
            environment: 'node',
          },
        },
        {
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            environment: 'node',
            globalSetup: ['test/e2e/global-setup.ts'],
            testTimeout: 60_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
