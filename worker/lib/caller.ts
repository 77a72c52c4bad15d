import type { Context } from 'hono';
import type { AppEnv } from '../env';

/** Who asks, and the request id their changes are audited under. */
export interface Caller {
  userId: string;
  requestId: string;
}

export function callerOf(c: Context<AppEnv>): Caller {
  return { userId: c.get('userId'), requestId: c.get('requestId') };
}
