import { type AuditHead, selectAuditHead } from '../audit/chain';
import { commitWithAudit } from '../audit/commit';
import type { Caller } from '../lib/caller';
import { rowsOf } from '../lib/d1';
import { AppError, type ErrorCode, sqlAbortCode } from '../lib/errors';
import { newId } from '../lib/ids';
import { authorize } from '../resources/access';
import {
  type DeliveryRow,
  insertDelivery,
  markFailed,
  markSent,
  selectDeliveryByKey,
  toDelivery,
} from './deliveries';
import { sendMessages, type TextMessage } from './line-api';
import { type ChannelConfig, channelCall, readAccount, retryFrom } from './read';
import { type ChannelRow, type DeliveryKind, selectChannel } from './repo';
import type { SendInput } from './schema';

/** LINE refused these for good: the send is marked failed and never listed as sent. */
const FINAL_REFUSALS: readonly ErrorCode[] = ['LINE_REFUSED', 'LINE_QUOTA_EXCEEDED', 'CHANNEL_TOKEN_REVOKED'];

/**
 * A broadcast (to every friend) or a test send (to the caller only), once per retry key. The send is claimed
 * in D1 before LINE is called; a retry finds it and, unless it is already recorded as sent, calls LINE again
 * with the same retry key and the messages first claimed, so LINE delivers at most once (409 = sent).
 * Round trips: the read, the claim, the record (a retry of a recorded send: the read alone).
 */
export async function send(
  db: D1Database,
  config: ChannelConfig,
  caller: Caller,
  accountId: string,
  input: SendInput & { kind: DeliveryKind },
  now: number,
) {
  const retryKey = input.retryKey ?? crypto.randomUUID();
  const read = async () => {
    const { found, results } = await readAccount(db, caller, accountId, [
      selectAuditHead(db, accountId),
      selectChannel(db, accountId),
      selectDeliveryByKey(db, accountId, retryKey),
    ]);
    authorize(found.access, input.kind === 'broadcast' ? 'channel.broadcast' : 'channel.test_send');
    const [headResult, channelResult, deliveryResult] = results;
    return {
      head: rowsOf<AuditHead>(headResult)[0] ?? null,
      channel: rowsOf<ChannelRow>(channelResult)[0],
      delivery: rowsOf<DeliveryRow>(deliveryResult)[0],
    };
  };
  const first = await read();
  const call = await channelCall(config, accountId, first.channel);
  const delivery = first.delivery ?? (await claim(db, caller, accountId, input, retryKey, now));
  if (delivery.kind !== input.kind) {
    throw new AppError('CONFLICT', 'This retryKey was already used for another kind of send.');
  }
  if (delivery.status === 'sent') return toDelivery(delivery);

  let lineRequestId: string | null;
  try {
    ({ requestId: lineRequestId } = await sendMessages(call, {
      ...(input.kind === 'test' ? { to: caller.userId } : {}),
      messages: JSON.parse(delivery.messages) as TextMessage[],
      retryKey,
    }));
  } catch (error) {
    if (error instanceof AppError && FINAL_REFUSALS.includes(error.code)) {
      await markFailed(db, delivery.id).run();
    }
    throw error;
  }
  const sent = { ...delivery, status: 'sent' as const, line_request_id: lineRequestId, sent_at: now };
  return retryFrom(first, read, async ({ head }) => {
    try {
      await commitWithAudit(
        db,
        head,
        {
          resourceId: accountId,
          action: delivery.kind === 'broadcast' ? 'broadcast.sent' : 'broadcast.test_sent',
          actorId: caller.userId,
          targetUserId: delivery.kind === 'test' ? caller.userId : null,
          before: null,
          after: { messageCount: delivery.message_count, preview: delivery.preview, retryKey, lineRequestId },
          requestId: caller.requestId,
          at: now,
        },
        [markSent(db, delivery.id, lineRequestId, now)],
      );
    } catch (error) {
      if (!sqlAbortCode(error, ['BROADCAST_ALREADY_SENT'])) throw error;
      // A concurrent retry of the same send recorded it first: answer what it recorded.
      const recorded = await selectDeliveryByKey(db, accountId, retryKey).first<DeliveryRow>();
      return toDelivery(recorded ?? sent);
    }
    return toDelivery(sent);
  });
}

/** Claims the retry key; when a concurrent request claimed it first, answers that request's send. */
async function claim(
  db: D1Database,
  caller: Caller,
  accountId: string,
  input: SendInput & { kind: DeliveryKind },
  retryKey: string,
  now: number,
): Promise<DeliveryRow> {
  const [, claimed] = await db.batch([
    insertDelivery(db, {
      id: newId(),
      accountId,
      kind: input.kind,
      retryKey,
      texts: input.messages.map((message) => message.text),
      sentBy: caller.userId,
      at: now,
    }),
    selectDeliveryByKey(db, accountId, retryKey),
  ]);
  const delivery = rowsOf<DeliveryRow>(claimed)[0];
  if (!delivery) throw new Error('The claimed send was not found');
  return delivery;
}
