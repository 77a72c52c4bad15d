-- Notifications in LINE (SPEC §8): a transactional outbox. A notification row is written in the same batch as
-- the change and its audit event, so a change that aborts leaves none, and one that commits cannot lose it;
-- a Cloudflare Queue then carries its id to the consumer that pushes it to LINE.

-- Whether LINE lets the bot talk to the person: set by the webhook's follow / unfollow events. `line_friend_at`
-- is the LINE timestamp of the event that set it, so a late or redelivered older event cannot undo a newer one.
ALTER TABLE users ADD COLUMN line_friend INTEGER NOT NULL DEFAULT 0 CHECK (line_friend IN (0, 1));
ALTER TABLE users ADD COLUMN line_friend_at INTEGER;
-- The person's own choice (PUT /api/me/notifications); on until they turn it off.
ALTER TABLE users ADD COLUMN notifications_enabled INTEGER NOT NULL DEFAULT 1
  CHECK (notifications_enabled IN (0, 1));

CREATE TABLE notifications (
  id TEXT PRIMARY KEY DEFAULT (lower(hex(randomblob(16)))),
  recipient_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- Every event of SPEC §8, listed now so that adding one later needs no rebuild of the table.
  kind TEXT NOT NULL CHECK (kind IN ('request.created', 'request.approved', 'request.rejected',
    'invite.accepted', 'invite.declined', 'invite.expired', 'member.role_changed', 'member.removed',
    'single_admin', 'review.due')),
  -- The resource the notification concerns, and the thing on it (a join request's id).
  resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  subject_id TEXT,
  -- The LINE message objects, rendered when the change was written: what the person is told is what was true then.
  messages TEXT NOT NULL CHECK (json_valid(messages) AND json_type(messages) = 'array'),
  -- X-Line-Retry-Key: fixed for the notification's life, so LINE accepts it once however often it is pushed.
  -- Any UUID in hexadecimal notation will do for LINE; this one has the shape of a version 4 UUID.
  retry_key TEXT NOT NULL UNIQUE DEFAULT (lower(
    hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-'
    || substr('89ab', 1 + (abs(random()) % 4), 1) || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6))
  )),
  -- skipped: the person unfollowed the bot or turned notifications off before it could be pushed.
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed', 'skipped')),
  attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  last_error TEXT,
  created_at INTEGER NOT NULL,
  -- When the queue is due to bring it next: the sweeper re-enqueues only what is overdue, never what waits
  -- for a retry's backoff.
  next_attempt_at INTEGER NOT NULL,
  delivered_at INTEGER,
  CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
) STRICT;
CREATE INDEX notifications_due ON notifications (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notifications_by_recipient ON notifications (recipient_id, created_at);
CREATE INDEX notifications_by_resource ON notifications (resource_id, created_at);

-- The local stand-in of LINE's Messaging API (worker/dev, only in the local configuration) keeps here what
-- "LINE" received, so the demo and the tests can show each message. Nothing in production writes to it.
CREATE TABLE standin_line_pushes (
  request_id TEXT PRIMARY KEY,
  retry_key TEXT UNIQUE,
  to_user TEXT NOT NULL,
  messages TEXT NOT NULL CHECK (json_valid(messages)),
  received_at INTEGER NOT NULL
) STRICT;
CREATE INDEX standin_line_pushes_by_user ON standin_line_pushes (to_user, received_at);
