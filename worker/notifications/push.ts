import type { Bindings } from '../env';
import type { LineMessage } from './messages';

export type PushConfig = Pick<Bindings, 'LINE_API_BASE' | 'LINE_BOT_CHANNEL_ACCESS_TOKEN'>;

export interface Push {
  to: string;
  messages: LineMessage[];
  /** X-Line-Retry-Key: the same on every attempt of one notification. */
  retryKey: string;
}

/**
 * What LINE's answer means for the notification: `accepted` (now, or on an earlier attempt: LINE answers 409
 * to a retry key it already accepted), `retry` (5xx, 429, or no answer: the message may or may not have gone,
 * and the retry key makes trying again safe), `refused` (any other 4xx: trying again would change nothing).
 */
export type PushOutcome = { outcome: 'accepted' } | { outcome: 'retry' | 'refused'; error: string };

/** LINE answers in well under a second; a hung connection must not hold the consumer's batch. */
const TIMEOUT_MS = 10_000;

/** `POST {LINE_API_BASE}/v2/bot/message/push`: one recipient, one retry key. */
export async function pushMessage(config: PushConfig, push: Push): Promise<PushOutcome> {
  let response: Response;
  try {
    response = await fetch(`${config.LINE_API_BASE}/v2/bot/message/push`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${config.LINE_BOT_CHANNEL_ACCESS_TOKEN}`,
        'Content-Type': 'application/json',
        'X-Line-Retry-Key': push.retryKey,
      },
      body: JSON.stringify({ to: push.to, messages: push.messages }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    return { outcome: 'retry', error: `network: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (response.ok || response.status === 409) {
    await response.body?.cancel();
    return { outcome: 'accepted' };
  }
  // LINE's error body says why ({"message": …}); kept short, it is stored with the notification.
  const error = `${response.status} ${(await response.text()).slice(0, 500)}`;
  return response.status === 429 || response.status >= 500
    ? { outcome: 'retry', error }
    : { outcome: 'refused', error };
}
