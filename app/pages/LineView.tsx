import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { standinLineApi } from '../api/standin-line';
import { EmptyState } from '../components/EmptyState';
import { ErrorState } from '../components/ErrorState';
import { Skeleton } from '../components/Skeleton';
import { t } from '../i18n';
import { describeError } from '../i18n/labels';
import { tl } from '../i18n/line-view';
import { lineViewPath } from '../paths';
import { client, session } from '../services';
import {
  appPath,
  avatarLetter,
  type ChatEntry,
  type Chat as ChatId,
  type ChatMessage,
  createLineChatModel,
  type FlexNode,
} from '../state/line-chat';
import './line-view.css';

// The demo's LINE view (/line, demo and development builds only; App.tsx drops the route elsewhere): the chats
// with Kengen's account and with the shops' bots as LINE would show them, from what the local stand-in of LINE
// received for this person (`?chat=<basicId>` opens a shop's).

const api = standinLineApi(client);
const liffId = import.meta.env.VITE_LIFF_ID;

const model = createLineChatModel({
  pushes: () => {
    const me = session.user.peek();
    return me ? api.pushes(me.id) : Promise.resolve([]);
  },
  broadcasts: api.broadcasts,
});

/**
 * A chat's name as LINE's header shows it: Kengen's account, or the shop's bot by its display name (by its basic
 * ID until something it sent names it).
 */
function chatName(chat: ChatId): string {
  if (chat === null) return tl().chatWith;
  return model.bots.value.get(chat)?.displayName ?? chat;
}

/** The round picture of a chat's sender: the bot's picture, or its initial as LINE shows a bot without one. */
function ChatAvatar({ chat }: { chat: ChatId }) {
  const [broken, setBroken] = useState(false);
  const pictureUrl = chat === null ? null : (model.bots.value.get(chat)?.pictureUrl ?? null);
  if (pictureUrl && !broken) {
    return (
      <img
        class="line-avatar"
        src={pictureUrl}
        alt=""
        width={36}
        height={36}
        referrerpolicy="no-referrer"
        onError={() => setBroken(true)}
      />
    );
  }
  return (
    <span class="line-avatar" aria-hidden="true">
      {avatarLetter(chatName(chat))}
    </span>
  );
}

export function LineView() {
  const text = tl();
  const chat = useLocation().query.chat || null;
  useEffect(() => {
    void model.load(chat);
  }, [chat]);
  const refreshing = model.refreshing.value;
  const loading = model.status.value === 'loading' || refreshing;
  return (
    <div class="line-view">
      <div class="line-head">
        <a class="line-back" href="/" aria-label={t.back}>
          ‹
        </a>
        <h1 class="line-title">{chatName(chat)}</h1>
        <button
          type="button"
          class="button button-secondary line-refresh"
          disabled={loading}
          aria-busy={loading}
          onClick={() => void model.load(chat)}
        >
          {refreshing ? text.refreshing : text.refresh}
        </button>
      </div>
      <p class="muted small">{text.demoNote}</p>
      <ChatTabs />
      <Chat />
    </div>
  );
}

/** LINE's list of chats, as tabs: Kengen's, and each shop whose bot sent this person something. */
function ChatTabs() {
  const chats = model.chats.value;
  if (chats.length < 2) return null;
  const shown = model.chat.value;
  return (
    <nav aria-label={tl().chats}>
      <ul class="line-tabs">
        {chats.map((chat) => (
          <li key={chat ?? ''}>
            <a
              class="line-tab"
              href={lineViewPath(chat ?? undefined)}
              aria-current={chat === shown ? 'page' : undefined}
            >
              {chatName(chat)}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function Chat() {
  const text = tl();
  const status = model.status.value;
  const entries = model.entries.value;
  const count = entries.length;
  useEffect(() => {
    // A chat opens at its newest message, at the bottom.
    if (count > 0) window.scrollTo(0, document.body.scrollHeight);
  }, [count]);
  if (status === 'idle' || status === 'loading') return <Skeleton rows={3} />;
  if (status === 'error' && count === 0) {
    return (
      <ErrorState
        title={text.loadFailed}
        error={model.error.value}
        onRetry={() => void model.load(model.chat.peek())}
      />
    );
  }
  return (
    <div class="line-chat">
      {count === 0 ? (
        <EmptyState title={model.chat.value === null ? text.empty : text.emptyShop}>
          <p>{model.chat.value === null ? text.emptyBody : text.emptyShopBody}</p>
        </EmptyState>
      ) : (
        <ol class="line-messages" aria-label={chatName(model.chat.value)}>
          {entries.map((entry, index) => (
            <Entry key={entry.id} entry={entry} previous={entries[index - 1]} />
          ))}
        </ol>
      )}
      {status === 'error' && (
        <p class="line-error" role="alert">
          {text.loadFailed}: {describeError(model.error.value).message}
        </p>
      )}
    </div>
  );
}

function Entry({ entry, previous }: { entry: ChatEntry; previous: ChatEntry | undefined }) {
  const text = tl();
  const day = text.day(entry.receivedAt);
  const newDay = !previous || text.day(previous.receivedAt) !== day;
  return (
    <>
      {newDay && (
        <li class="line-day" aria-hidden="true">
          <span>{day}</span>
        </li>
      )}
      <li class="line-entry">
        <ChatAvatar chat={model.chat.value} />
        <div class="line-from">
          <span class="line-sender">{chatName(model.chat.value)}</span>
          <div class="line-row">
            <Message message={entry.message} />
            <time class="line-time" dateTime={entry.receivedAt}>
              {text.time(entry.receivedAt)}
            </time>
          </div>
        </div>
      </li>
    </>
  );
}

function Message({ message }: { message: ChatMessage }) {
  switch (message.type) {
    case 'text':
      return <p class="line-text">{message.text}</p>;
    case 'flex':
      return (
        <article class="line-bubble" aria-label={message.altText}>
          {message.parts.map((part, index) => (
            <Flex key={index} node={part} />
          ))}
        </article>
      );
    default:
      return <p class="line-text muted">{tl().unsupported(message.what)}</p>;
  }
}

function Flex({ node }: { node: FlexNode }) {
  switch (node.type) {
    case 'box':
      return (
        <div class={`line-box line-box-${node.layout}`}>
          {node.contents.map((child, index) => (
            <Flex key={index} node={child} />
          ))}
        </div>
      );
    case 'text':
      return (
        <p
          class={`line-flex-text line-size-${node.size ?? 'md'}`}
          style={node.color ? { color: node.color } : undefined}
        >
          {node.bold ? <strong>{node.text}</strong> : node.text}
        </p>
      );
    case 'button':
      return <FlexButton label={node.label} uri={node.uri} style={node.style} />;
    default:
      return <hr class="line-separator" />;
  }
}

/** A button's link: a LIFF URL of this app opens the screen here, as LINE would open the LIFF app there. */
function FlexButton({ label, uri, style }: { label: string; uri: string; style: string }) {
  const path = appPath(uri, liffId);
  const className = `line-button line-button-${style}`;
  if (path !== null) {
    return (
      <a class={className} href={path}>
        {label}
      </a>
    );
  }
  return (
    <a
      class={className}
      href={uri}
      target="_blank"
      rel="noopener noreferrer"
      title={tl().external(hostOf(uri))}
    >
      {label}
    </a>
  );
}

function hostOf(uri: string): string {
  try {
    return new URL(uri).host;
  } catch {
    return uri;
  }
}
