import { type AuditEventInput, type AuditHead, selectAuditHead } from '../audit/chain';
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
  sameTexts,
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
 * LINE remembers a retry key for 24 hours: after that, calling it again with the same key could deliver a
 * second time. An unfinished send older than this (an hour's margin for clocks and slow answers) is not
 * retried.
 */
export const RETRY_WINDOW_MS = 23 * 3_600_000;

type SendRequest = SendInput & { kind: DeliveryKind };

/**
 * A broadcast (to every friend) or a test send (to the caller only), once per retry key. The send is claimed
 * in D1 before LINE is called; a retry by the same person with the same messages finds it and, unless it is
 * already recorded as sent, calls LINE again with the same retry key and those messages, so LINE delivers at
 * most once (409 = sent). Round trips: the read, the claim, the record (a retry of a recorded send: the read
 * alone).
 */
export async function send(
  db: D1Database,
  config: ChannelConfig,
  caller: Caller,
  accountId: string,
  input: SendRequest,
  now: number,
) {
  const retryKey = input.retryKey ?? crypto.randomUUID();
  const { found, results } = await readAccount(db, caller, accountId, [
    selectAuditHead(db, accountId),
    selectChannel(db, accountId),
    selectDeliveryByKey(db, accountId, retryKey),
  ]);
  authorize(found.access, input.kind === 'broadcast' ? 'channel.broadcast' : 'channel.test_send');
  const [headResult, channelResult, deliveryResult] = results;
  const head = rowsOf<AuditHead>(headResult)[0] ?? null;
  const claimed = rowsOf<DeliveryRow>(deliveryResult)[0];
  // A recorded send is answered as it was, before the channel is needed: it may have been disconnected since.
  if (claimed) {
    checkResumable(claimed, caller, input, now);
    if (claimed.status === 'sent') return toDelivery(claimed);
  }
  const call = await channelCall(config, accountId, rowsOf<ChannelRow>(channelResult)[0]);
  let delivery = claimed;
  if (!delivery) {
    delivery = await claim(db, caller, accountId, input, retryKey, now);
    // A concurrent request may have claimed the key first, even with other messages.
    checkResumable(delivery, caller, input, now);
    if (delivery.status === 'sent') return toDelivery(delivery);
  }

  const event = {
    resourceId: accountId,
    actorId: caller.userId,
    targetUserId: delivery.kind === 'test' ? caller.userId : null,
    before: null,
    requestId: caller.requestId,
    at: now,
  };
  const summary = { messageCount: delivery.message_count, preview: delivery.preview, retryKey };
  let lineRequestId: string | null;
  try {
    ({ requestId: lineRequestId } = await sendMessages(call, {
      ...(input.kind === 'test' ? { to: caller.userId } : {}),
      messages: JSON.parse(delivery.messages) as TextMessage[],
      retryKey,
    }));
  } catch (error) {
    if (error instanceof AppError && FINAL_REFUSALS.includes(error.code)) {
      // The attempt is in the history too, with LINE's reason (its message never holds the token).
      const failedId = delivery.id;
      await onChain(db, accountId, head, (current) =>
        commitWithAudit(
          db,
          current,
          {
            ...event,
            action: 'broadcast.failed',
            after: { kind: input.kind, ...summary, code: error.code, reason: error.message },
          },
          [markFailed(db, failedId)],
        ),
      );
    }
    throw error;
  }
  const sent = { ...delivery, status: 'sent' as const, line_request_id: lineRequestId, sent_at: now };
  const recorded: AuditEventInput = {
    ...event,
    action: delivery.kind === 'broadcast' ? 'broadcast.sent' : 'broadcast.test_sent',
    after: { ...summary, lineRequestId },
  };
  // LINE accepted it: from here the send is recorded whatever became of the sender's role meanwhile (a
  // demotion is itself what moves the chain and makes this retry), so a retry reads the chain's head alone.
  return onChain(db, accountId, head, async (current) => {
    try {
      await commitWithAudit(db, current, recorded, [markSent(db, sent.id, lineRequestId, now)]);
    } catch (error) {
      if (!sqlAbortCode(error, ['BROADCAST_ALREADY_SENT'])) throw error;
      // A concurrent retry of the same send recorded it first: answer what it recorded.
      const row = await selectDeliveryByKey(db, accountId, retryKey).first<DeliveryRow>();
      return toDelivery(row ?? sent);
    }
    return toDelivery(sent);
  });
}

/** Writes on the account's chain from the head read first; when the chain moved, from its new head. */
function onChain<T>(
  db: D1Database,
  accountId: string,
  head: AuditHead | null,
  write: (head: AuditHead | null) => Promise<T>,
): Promise<T> {
  const readHead = async () => (await selectAuditHead(db, accountId).first<AuditHead>()) ?? null;
  return retryFrom(head, readHead, write);
}

/**
 * A retry key names one send: the same person, kind and messages. Another use of it is refused rather than
 * answered with (or completing) the send it names; an unfinished send past LINE's retry window is not tried
 * again.
 */
function checkResumable(row: DeliveryRow, caller: Caller, input: SendRequest, now: number): void {
  const texts = input.messages.map((message) => message.text);
  if (row.kind !== input.kind || row.sent_by !== caller.userId || !sameTexts(row, texts)) {
    throw new AppError('RETRY_KEY_REUSED');
  }
  if (row.status !== 'sent' && now - row.created_at > RETRY_WINDOW_MS) {
    throw new AppError('RETRY_KEY_EXPIRED');
  }
}

/** Claims the retry key; when a concurrent request claimed it first, answers that request's send. */
async function claim(
  db: D1Database,
  caller: Caller,
  accountId: string,
  input: SendRequest,
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
