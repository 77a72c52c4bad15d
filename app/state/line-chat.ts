import { computed, type ReadonlySignal, signal } from '@preact/signals';
import { createLoadable, type LoadStatus } from './load';

// The demo's LINE view: what the local stand-in of LINE received for the signed-in person, as LINE's chats:
// one with Kengen's account, and one with each shop whose bot sent something (a test send pushed to this
// person, the shop's broadcasts). Messages arrive as LINE message objects; this reads the parts LINE would
// draw (Flex bubbles of boxes, texts and buttons; text messages) and keeps the rest as "cannot show", like an
// old client.

/**
 * A push (GET /dev/line/pushes) or a broadcast (GET /dev/line/broadcasts) as the stand-in keeps it; `basicId`
 * is the sending bot's, absent or null for Kengen's own, and `displayName` and `pictureUrl` are that bot's as
 * LINE shows them (its bot info).
 */
export type StandinPush = {
  requestId: string;
  messages: unknown[];
  receivedAt: string;
  basicId?: string | null;
  displayName?: string | null;
  pictureUrl?: string | null;
};

/** A shop's bot as its chat shows it: its display name, and its picture if it has one. */
export type ChatBot = { displayName: string; pictureUrl: string | null };

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

/** The letter in the round picture of a chat without one, as LINE draws it: its name's first ("カフェ花" → "カ"). */
export function avatarLetter(name: string): string {
  return [...name.replace(/^@/, '').trim()][0]?.toUpperCase() ?? '?';
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

export type LineChatDeps = {
  pushes(): Promise<StandinPush[]>;
  /** What the shop's bot broadcast, which reaches every friend. */
  broadcasts?(basicId: string): Promise<StandinPush[]>;
};

/** A chat: Kengen's account (null), or a shop's bot by its basic ID. */
export type Chat = string | null;

export type LineChatModel = {
  readonly status: ReadonlySignal<LoadStatus>;
  readonly error: ReadonlySignal<unknown>;
  /** The chat shown. */
  readonly chat: ReadonlySignal<Chat>;
  /** Every chat there is something in (Kengen's always, first), and the one shown. */
  readonly chats: ReadonlySignal<Chat[]>;
  /** The shops' bots by basic ID, as what they sent names them; a chat of a bot not in it shows its basic ID. */
  readonly bots: ReadonlySignal<ReadonlyMap<string, ChatBot>>;
  /** The chat's messages, oldest first as a chat reads: each message of each push, in the order sent. */
  readonly entries: ReadonlySignal<ChatEntry[]>;
  /** A refresh is in flight while the previous messages stay on screen. */
  readonly refreshing: ReadonlySignal<boolean>;
  /** Loads a chat (Kengen's unless told); a refresh of the same chat keeps it on screen. */
  load(chat?: Chat): Promise<void>;
};

type Received = { pushes: StandinPush[]; broadcasts: StandinPush[] };

export function createLineChatModel(deps: LineChatDeps): LineChatModel {
  const received = createLoadable<Received>();
  const pending = signal(0);
  const chat = signal<Chat>(null);

  const entries = computed(() => {
    const data = received.data.value;
    const shown = chat.value;
    const mine = (data?.pushes ?? []).filter((push) => (push.basicId ?? null) === shown);
    return [...mine, ...(shown === null ? [] : (data?.broadcasts ?? []))]
      .sort((a, b) => a.receivedAt.localeCompare(b.receivedAt) || a.requestId.localeCompare(b.requestId))
      .flatMap((push) =>
        push.messages.map((message, index) => ({
          id: `${push.requestId}/${index}`,
          receivedAt: push.receivedAt,
          message: chatMessage(message),
        })),
      );
  });

  const chats = computed(() => {
    const shops = new Set((received.data.value?.pushes ?? []).map((push) => push.basicId ?? null));
    shops.add(chat.value);
    shops.delete(null);
    return [null, ...[...shops].sort()];
  });

  const bots = computed(() => {
    const data = received.data.value;
    const known = new Map<string, ChatBot>();
    for (const push of [...(data?.pushes ?? []), ...(data?.broadcasts ?? [])]) {
      if (push.basicId && push.displayName) {
        known.set(push.basicId, { displayName: push.displayName, pictureUrl: push.pictureUrl ?? null });
      }
    }
    return known;
  });

  async function fetchChat(shown: Chat): Promise<Received> {
    const [pushes, broadcasts] = await Promise.all([
      deps.pushes(),
      shown !== null && deps.broadcasts ? deps.broadcasts(shown) : Promise.resolve([]),
    ]);
    return { pushes, broadcasts };
  }

  async function load(next: Chat = null): Promise<void> {
    const same = next === chat.peek();
    chat.value = next;
    pending.value++;
    try {
      await received.run(() => fetchChat(next), same);
    } finally {
      pending.value--;
    }
  }

  return {
    status: received.status,
    error: received.error,
    chat,
    chats,
    bots,
    entries,
    refreshing: computed(() => pending.value > 0 && received.status.value === 'ready'),
    load,
  };
}
