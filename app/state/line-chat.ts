import { computed, type ReadonlySignal, signal } from '@preact/signals';
import { createLoadable, type LoadStatus } from './load';

// The demo's LINE view: what the local stand-in of LINE received for the signed-in person, as a chat with
// Kengen's account. Messages arrive as LINE message objects; this reads the parts LINE would draw (Flex
// bubbles of boxes, texts and buttons; text messages) and keeps the rest as "cannot show", like an old client.

/** A push as the stand-in keeps it (GET /dev/line/pushes). */
export type StandinPush = { requestId: string; messages: unknown[]; receivedAt: string };

export type FlexNode =
  | { type: 'box'; layout: 'vertical' | 'horizontal'; contents: FlexNode[] }
  | { type: 'text'; text: string; bold: boolean; size: string | null; color: string | null }
  | { type: 'button'; label: string; uri: string; style: 'primary' | 'secondary' | 'link' }
  | { type: 'separator' };

export type ChatMessage =
  | { type: 'flex'; altText: string; parts: FlexNode[] }
  | { type: 'text'; text: string }
  | { type: 'unsupported'; what: string };

export type ChatEntry = { id: string; receivedAt: string; message: ChatMessage };

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

function flexNode(value: unknown): FlexNode | null {
  if (!isObject(value)) return null;
  switch (value.type) {
    case 'box': {
      const contents = Array.isArray(value.contents) ? value.contents : [];
      return {
        type: 'box',
        layout: value.layout === 'horizontal' ? 'horizontal' : 'vertical',
        contents: contents.map(flexNode).filter((node) => node !== null),
      };
    }
    case 'text': {
      const text = str(value.text);
      if (text === null) return null;
      return {
        type: 'text',
        text,
        bold: value.weight === 'bold',
        size: str(value.size),
        color: str(value.color),
      };
    }
    case 'button': {
      const action = isObject(value.action) ? value.action : {};
      const label = str(action.label);
      const uri = str(action.uri);
      if (label === null || uri === null) return null;
      const style = value.style === 'primary' || value.style === 'secondary' ? value.style : 'link';
      return { type: 'button', label, uri, style };
    }
    case 'separator':
      return { type: 'separator' };
    default:
      return null;
  }
}

/** One LINE message object as the chat draws it. A bubble's header, body and footer, in that order. */
export function chatMessage(value: unknown): ChatMessage {
  if (!isObject(value)) return { type: 'unsupported', what: typeof value };
  const kind = str(value.type) ?? '?';
  if (kind === 'text') return { type: 'text', text: str(value.text) ?? '' };
  const contents = isObject(value.contents) ? value.contents : null;
  if (kind === 'flex' && contents?.type === 'bubble') {
    const parts = ['header', 'hero', 'body', 'footer']
      .map((section) => flexNode(contents[section]))
      .filter((node) => node !== null);
    return { type: 'flex', altText: str(value.altText) ?? '', parts };
  }
  return { type: 'unsupported', what: kind === 'flex' ? `flex ${str(contents?.type) ?? '?'}` : kind };
}

/**
 * Where a button's link goes inside the app: LIFF URLs of this LIFF app (`https://liff.line.me/{LIFF_ID}/path`)
 * open `path` here, as LINE would open the LIFF app at that path; any other URL is not the app's (null).
 */
export function appPath(uri: string, liffId: string): string | null {
  const prefix = `https://liff.line.me/${liffId}`;
  if (!liffId || !uri.startsWith(prefix)) return null;
  const rest = uri.slice(prefix.length);
  if (rest === '') return '/';
  if (rest.startsWith('/')) return rest;
  if (rest.startsWith('?') || rest.startsWith('#')) return `/${rest}`;
  return null;
}

export type LineChatDeps = { pushes(): Promise<StandinPush[]> };

export type LineChatModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  /** Oldest first, as a chat reads: each message of each push, in the order they were sent. */
  readonly entries: ReadonlySignal<ChatEntry[]>;
  /** A refresh is in flight while the previous messages stay on screen. */
  readonly refreshing: ReadonlySignal<boolean>;
  /** Loads; a refresh keeps the chat on screen. */
  load(): Promise<void>;
};

export function createLineChatModel(deps: LineChatDeps): LineChatModel {
  const pushes = createLoadable<StandinPush[]>();
  const pending = signal(0);

  const entries = computed(() => {
    const received = [...(pushes.data.value ?? [])].sort(
      (a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.requestId.localeCompare(b.requestId),
    );
    return received.flatMap((push) =>
      push.messages.map((message, index) => ({
        id: `${push.requestId}/${index}`,
        receivedAt: push.receivedAt,
        message: chatMessage(message),
      })),
    );
  });

  async function load(): Promise<void> {
    pending.value++;
    try {
      await pushes.run(deps.pushes, true);
    } finally {
      pending.value--;
    }
  }

  return {
    status: pushes.status,
    error: pushes.error,
    entries,
    refreshing: computed(() => pending.value > 0 && pushes.status.value === 'ready'),
    load,
  };
}
