import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { authorize } from '../resources/access';
import { type DeliveryRow, selectRecentDeliveries, toDelivery } from './deliveries';
import { followers, quota } from './line-api';
import { type ChannelConfig, channelCall, readAccount } from './read';
import { type ChannelRow, selectChannel } from './repo';

const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;

/** Yesterday in Japan, the latest day LINE has numbers for: `YYYY-MM-DD`. */
export function statsDate(now: number): string {
  return new Date(now + JST_OFFSET_MS - DAY_MS).toISOString().slice(0, 10);
}

/** 分析: LINE's numbers for yesterday, and the latest sends through Kengen. */
export async function statsOf(
  db: D1Database,
  config: ChannelConfig,
  caller: Caller,
  accountId: string,
  now: number,
) {
  const { found, results } = await readAccount(db, caller, accountId, [
    selectChannel(db, accountId),
    selectRecentDeliveries(db, accountId),
  ]);
  authorize(found.access, 'channel.stats');
  const [channelResult, deliveriesResult] = results;
  const call = await channelCall(config, accountId, rowsOf<ChannelRow>(channelResult)[0]);
  const date = statsDate(now);
  const numbers = await followers(call, date.replaceAll('-', ''));
  return {
    stats: {
      date,
      status: numbers.status,
      followers: numbers.followers ?? null,
      targetedReaches: numbers.targetedReaches ?? null,
      blocks: numbers.blocks ?? null,
    },
    deliveries: rowsOf<DeliveryRow>(deliveriesResult).map((row) => {
      const { lineRequestId: _, ...delivery } = toDelivery(row);
      return delivery;
    }),
  };
}

/** Whom a broadcast reaches and what is left of the month's quota, for the confirmation before 配信. */
export async function audienceOf(
  db: D1Database,
  config: ChannelConfig,
  caller: Caller,
  accountId: string,
  now: number,
) {
  const { found, results } = await readAccount(db, caller, accountId, [selectChannel(db, accountId)]);
  authorize(found.access, 'channel.broadcast');
  const call = await channelCall(config, accountId, rowsOf<ChannelRow>(results[0])[0]);
  const date = statsDate(now);
  const [numbers, month] = await Promise.all([followers(call, date.replaceAll('-', '')), quota(call)]);
  return { audience: { targetedReaches: numbers.targetedReaches ?? null, date }, quota: month };
}
