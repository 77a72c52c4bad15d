import { applyD1Migrations, env } from 'cloudflare:test';

// Runs outside per-file storage isolation and may run more than once; applying is idempotent.
await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
