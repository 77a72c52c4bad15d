import { describe, expect, it } from 'vitest';
import { DEMO_OWNER_ID } from '../../worker/dev/seed';
import { call, json, type Session, signInAs } from '../support/api';
import { connect, databaseDump, tokenFor } from '../support/channels';

// The seed writes only into an empty database: this file has its own (D1 storage is isolated per file).
const SHIBUYA = '5a1b0000-0000-4000-8000-000000000001';
const SHINJUKU = '5a1b0000-0000-4000-8000-000000000002';

async function channelOf(owner: Session, accountId: string) {
  const response = await call('GET', `/api/accounts/${accountId}`, { token: owner.token });
  return (await json<{ channel: unknown }>(response)).channel;
}

describe('the demo', () => {
  it('has カフェ花 新宿店 connected with the stand-in’s token, encrypted; 渋谷店 is for the E2E to connect', async () => {
    expect(await json(await call('POST', '/dev/seed'))).toEqual({ seeded: true });
    const owner = await signInAs(DEMO_OWNER_ID, '山田 花子');
    expect(await channelOf(owner, SHINJUKU)).toMatchObject({
      connected: true,
      basicId: '@cafehana-shinjuku',
      displayName: 'カフェ花 新宿店',
      connectedBy: { userId: DEMO_OWNER_ID },
    });
    expect(await channelOf(owner, SHIBUYA)).toEqual({ connected: false });
    // The stored token decrypts under the local key: LINE (the stand-in) is called with it.
    expect((await call('GET', `/api/accounts/${SHINJUKU}/stats`, { token: owner.token })).status).toBe(200);
    expect(await databaseDump()).not.toContain(tokenFor('@cafehana-shinjuku'));
    const shibuya = await connect(owner, SHIBUYA, tokenFor('@cafehana-shibuya'));
    expect(shibuya.status).toBe(200);
    expect(await channelOf(owner, SHIBUYA)).toMatchObject({ displayName: 'カフェ花 渋谷店' });
  });
});
