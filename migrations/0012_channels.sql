-- Issue 16: connected accounts (SPEC §9). An admin connects the account's own Messaging API channel; Kengen
-- keeps its channel access token encrypted (AES-GCM, worker/channels/crypto.ts) and the roles then gate what
-- it does with it: statistics, broadcasts, test sends.

CREATE TABLE account_channels (
  account_id TEXT PRIMARY KEY REFERENCES resources (id) ON DELETE CASCADE,
  -- LINE's userId of the bot: one channel connects to at most one account (CHANNEL_IN_USE).
  bot_user_id TEXT NOT NULL UNIQUE CHECK (bot_user_id GLOB 'U*'),
  basic_id TEXT NOT NULL CHECK (basic_id GLOB '@*'),
  display_name TEXT NOT NULL,
  picture_url TEXT CHECK (picture_url IS NULL OR picture_url LIKE 'https://%' OR picture_url LIKE 'http://%'),
  -- base64 of the AES-GCM ciphertext (with its tag) and of the 12-byte IV; never the token itself.
  token_ciphertext TEXT NOT NULL CHECK (length(token_ciphertext) > 0),
  token_iv TEXT NOT NULL CHECK (length(token_iv) = 16),
  key_id TEXT NOT NULL CHECK (length(key_id) BETWEEN 1 AND 64),
  connected_by TEXT NOT NULL REFERENCES users (id),
  connected_at INTEGER NOT NULL
) STRICT;

-- Only accounts have a channel; a group id would be a bug, and the database refuses it.
CREATE TRIGGER account_channels_accounts_only
BEFORE INSERT ON account_channels
WHEN (SELECT kind FROM resources WHERE id = NEW.account_id) IS NOT 'account'
BEGIN
  SELECT RAISE(ABORT, 'CHANNEL_NOT_ACCOUNT');
END;

-- Every send through an account's channel. The row is written 'sending' before LINE is called, keyed by the
-- retry key the client chose, so that a retry (a lost answer, a double tap, a crash in between) finds it and
-- sends with the same X-Line-Retry-Key: LINE then refuses a second delivery (409) and the send happens once.
CREATE TABLE broadcasts (
  id TEXT PRIMARY KEY,
  account_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('broadcast', 'test')),
  retry_key TEXT NOT NULL,
  messages TEXT NOT NULL CHECK (json_valid(messages) AND json_array_length(messages) BETWEEN 1 AND 5),
  message_count INTEGER NOT NULL CHECK (message_count BETWEEN 1 AND 5),
  preview TEXT NOT NULL CHECK (length(preview) BETWEEN 1 AND 60),
  sent_by TEXT NOT NULL REFERENCES users (id),
  status TEXT NOT NULL DEFAULT 'sending' CHECK (status IN ('sending', 'sent', 'failed')),
  line_request_id TEXT,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  UNIQUE (account_id, retry_key),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL))
) STRICT;
CREATE INDEX broadcasts_sent ON broadcasts (account_id, sent_at) WHERE status = 'sent';

-- A send is recorded as sent once: a second "sent" (two retries that both reached LINE) aborts its batch,
-- audit event included, and the service answers the send already recorded.
CREATE TRIGGER broadcasts_sent_once
BEFORE UPDATE OF status ON broadcasts
WHEN OLD.status = 'sent'
BEGIN
  SELECT RAISE(ABORT, 'BROADCAST_ALREADY_SENT');
END;

-- The local stand-in of LINE (worker/dev/line.ts): what the connected accounts' bots broadcast, and which bot
-- pushed a message (NULL: Kengen's own bot), so the demo's LINE view shows a test send from the shop's bot.
CREATE TABLE standin_line_broadcasts (
  request_id TEXT PRIMARY KEY,
  retry_key TEXT UNIQUE,
  basic_id TEXT NOT NULL,
  messages TEXT NOT NULL CHECK (json_valid(messages)),
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX standin_line_broadcasts_by_bot ON standin_line_broadcasts (basic_id, received_at);
ALTER TABLE standin_line_pushes ADD COLUMN basic_id TEXT;
