import type { D1Migration } from 'cloudflare:test';
import type { Bindings } from '../../worker/env';

declare global {
  namespace Cloudflare {
    interface Env extends Bindings {
      TEST_MIGRATIONS: D1Migration[];
      /** Only in the production test project: the local key, to prove it is refused there. */
      TEST_DEV_ID_TOKEN_KEY?: string;
    }
  }
}
