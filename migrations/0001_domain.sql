-- Kengen's whole domain (SPEC §2). Invariants live here so that no code path can bypass them:
-- CHECKs for roles and statuses, partial unique indexes, foreign keys, and triggers for the rules
-- that span rows (the last admin, final invite states, the append-only hash-chained audit log).
-- Times are epoch milliseconds.

CREATE TABLE users (
  id TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 64),
  display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  picture_url TEXT CHECK (picture_url IS NULL OR picture_url LIKE 'https://%'),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
-- The access overview pages through people by name.
CREATE INDEX users_by_name ON users (display_name, id);

-- Accounts and groups are both resources: members, invites, join requests and audit are written once.
CREATE TABLE resources (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('account', 'group')),
  name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  basic_id TEXT CHECK (basic_id IS NULL OR (kind = 'account' AND basic_id GLOB '@[0-9a-z_.-]*')),
  require_approval INTEGER NOT NULL DEFAULT 0 CHECK (require_approval IN (0, 1)),
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE memberships (
  resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'operator_no_broadcast', 'operator_no_stats')),
  added_by TEXT REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (resource_id, user_id)
) STRICT, WITHOUT ROWID;
-- role before resource_id: "what does this user administer" is an index range, no table reads.
CREATE INDEX memberships_by_user ON memberships (user_id, role, resource_id);
CREATE INDEX memberships_admins ON memberships (resource_id, user_id) WHERE role = 'admin';

-- Rule 3: every resource keeps at least one direct admin, whatever the interleaving of requests.
-- D1 runs each batch serially, so these checks see every committed demotion and removal.
CREATE TRIGGER memberships_last_admin_demotion BEFORE UPDATE OF role ON memberships
WHEN OLD.role = 'admin' AND NEW.role <> 'admin'
  AND (SELECT count(*) FROM memberships WHERE resource_id = OLD.resource_id AND role = 'admin') <= 1
BEGIN
  SELECT RAISE(ABORT, 'LAST_ADMIN');
END;

CREATE TRIGGER memberships_last_admin_removal BEFORE DELETE ON memberships
WHEN OLD.role = 'admin'
  AND (SELECT count(*) FROM memberships WHERE resource_id = OLD.resource_id AND role = 'admin') <= 1
  AND EXISTS (SELECT 1 FROM resources WHERE id = OLD.resource_id)
BEGIN
  SELECT RAISE(ABORT, 'LAST_ADMIN');
END;

CREATE TABLE group_accounts (
  group_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  account_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  added_by TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  PRIMARY KEY (group_id, account_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX group_accounts_by_account ON group_accounts (account_id, group_id);

CREATE TRIGGER group_accounts_kinds BEFORE INSERT ON group_accounts
WHEN (SELECT kind FROM resources WHERE id = NEW.group_id) IS NOT 'group'
  OR (SELECT kind FROM resources WHERE id = NEW.account_id) IS NOT 'account'
BEGIN
  SELECT RAISE(ABORT, 'GROUP_CONTENT_KIND');
END;

-- An invite is valid exactly 24 hours; only the SHA-256 of its token is stored.
CREATE TABLE invites (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'operator_no_broadcast', 'operator_no_stats')),
  token_hash TEXT NOT NULL UNIQUE CHECK (length(token_hash) = 64),
  created_by TEXT NOT NULL REFERENCES users (id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL CHECK (expires_at = created_at + 86400000),
  status TEXT NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'accepted', 'awaiting_approval', 'declined', 'revoked', 'expired', 'rejected')),
  used_by TEXT REFERENCES users (id),
  decided_at INTEGER,
  CHECK ((status IN ('accepted', 'awaiting_approval', 'declined', 'rejected')) = (used_by IS NOT NULL)),
  CHECK ((status = 'pending') = (decided_at IS NULL))
) STRICT;
CREATE INDEX invites_open_by_resource ON invites (resource_id, status) WHERE status IN ('pending', 'awaiting_approval');
CREATE INDEX invites_pending_by_expiry ON invites (expires_at) WHERE status = 'pending';

-- Rule 7: a used, declined, revoked or expired invite never becomes usable again. Each final state
-- aborts with its own code, so the loser of a race (accept against revoke, say) is told the true reason.
CREATE TRIGGER invites_revoked_is_final BEFORE UPDATE OF status ON invites
WHEN OLD.status = 'revoked'
BEGIN
  SELECT RAISE(ABORT, 'INVITE_REVOKED');
END;

CREATE TRIGGER invites_expired_is_final BEFORE UPDATE OF status ON invites
WHEN OLD.status = 'expired'
BEGIN
  SELECT RAISE(ABORT, 'INVITE_EXPIRED');
END;

-- awaiting_approval is not final yet: the admin's decision moves it to accepted or rejected.
CREATE TRIGGER invites_used_is_final BEFORE UPDATE OF status ON invites
WHEN OLD.status IN ('accepted', 'declined', 'rejected')
  OR (OLD.status = 'awaiting_approval' AND NEW.status NOT IN ('accepted', 'rejected'))
BEGIN
  SELECT RAISE(ABORT, 'INVITE_USED');
END;

CREATE TRIGGER invites_immutable BEFORE UPDATE ON invites
WHEN NEW.token_hash <> OLD.token_hash OR NEW.resource_id <> OLD.resource_id OR NEW.role <> OLD.role
  OR NEW.created_at <> OLD.created_at OR NEW.expires_at <> OLD.expires_at
  OR (OLD.status = 'pending' AND NEW.status = 'pending')
BEGIN
  SELECT RAISE(ABORT, 'INVITE_IMMUTABLE');
END;

-- An invite is used (or declined) before it expires; decided_at is the request's clock, so tests can move it.
CREATE TRIGGER invites_used_before_expiry BEFORE UPDATE OF status ON invites
WHEN OLD.status = 'pending' AND NEW.status IN ('accepted', 'awaiting_approval', 'declined')
  AND NEW.decided_at >= OLD.expires_at
BEGIN
  SELECT RAISE(ABORT, 'INVITE_EXPIRED');
END;

CREATE TABLE join_requests (
  id TEXT PRIMARY KEY,
  invite_id TEXT NOT NULL UNIQUE REFERENCES invites (id) ON DELETE CASCADE,
  resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'operator_no_broadcast', 'operator_no_stats')),
  status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  created_at INTEGER NOT NULL,
  decided_by TEXT REFERENCES users (id),
  decided_at INTEGER,
  CHECK ((status = 'pending') = (decided_by IS NULL AND decided_at IS NULL))
) STRICT;
CREATE UNIQUE INDEX join_requests_one_pending ON join_requests (resource_id, user_id) WHERE status = 'pending';
CREATE INDEX join_requests_by_user ON join_requests (user_id) WHERE status = 'pending';

CREATE TRIGGER join_requests_final_states BEFORE UPDATE ON join_requests
WHEN OLD.status <> 'pending' OR NEW.status = 'pending'
  OR NEW.invite_id <> OLD.invite_id OR NEW.user_id <> OLD.user_id OR NEW.role <> OLD.role
BEGIN
  SELECT RAISE(ABORT, 'REQUEST_NOT_PENDING');
END;

-- Rule 2: at most 100 people per account or group. A seat is held by a member, an open invite (until it
-- expires) or an undecided join request; every insert that takes a seat checks the count. NEW.created_at
-- is the writer's clock, so an invite past its 24 hours frees its seat before the scheduled job marks it.
CREATE VIEW seats AS
  SELECT resource_id, 9223372036854775807 AS held_until FROM memberships
  UNION ALL
  SELECT resource_id, expires_at FROM invites WHERE status = 'pending'
  UNION ALL
  SELECT resource_id, 9223372036854775807 FROM join_requests WHERE status = 'pending';

CREATE TRIGGER invites_member_limit BEFORE INSERT ON invites
WHEN (SELECT count(*) FROM seats WHERE resource_id = NEW.resource_id AND held_until > NEW.created_at) >= 100
BEGIN
  SELECT RAISE(ABORT, 'MEMBER_LIMIT');
END;

CREATE TRIGGER memberships_member_limit BEFORE INSERT ON memberships
WHEN (SELECT count(*) FROM seats WHERE resource_id = NEW.resource_id AND held_until > NEW.created_at) >= 100
BEGIN
  SELECT RAISE(ABORT, 'MEMBER_LIMIT');
END;

CREATE TRIGGER join_requests_member_limit BEFORE INSERT ON join_requests
WHEN (SELECT count(*) FROM seats WHERE resource_id = NEW.resource_id AND held_until > NEW.created_at) >= 100
BEGIN
  SELECT RAISE(ABORT, 'MEMBER_LIMIT');
END;

-- Append-only, hash-chained per resource: seq is gap-free and prev_hash must be the head's hash,
-- so two concurrent writers on one resource cannot both append (the loser's batch aborts whole).
CREATE TABLE audit_events (
  resource_id TEXT NOT NULL REFERENCES resources (id),
  seq INTEGER NOT NULL CHECK (seq >= 1),
  id TEXT NOT NULL UNIQUE,
  action TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  target_user_id TEXT,
  before TEXT CHECK (before IS NULL OR json_valid(before)),
  after TEXT CHECK (after IS NULL OR json_valid(after)),
  request_id TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  prev_hash TEXT NOT NULL CHECK (length(prev_hash) = 64),
  hash TEXT NOT NULL CHECK (length(hash) = 64),
  PRIMARY KEY (resource_id, seq)
) STRICT;

CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
WHEN NEW.seq <> coalesce((SELECT max(seq) FROM audit_events WHERE resource_id = NEW.resource_id), 0) + 1
  OR NEW.prev_hash <> coalesce(
    (SELECT hash FROM audit_events WHERE resource_id = NEW.resource_id ORDER BY seq DESC LIMIT 1),
    '0000000000000000000000000000000000000000000000000000000000000000')
BEGIN
  SELECT RAISE(ABORT, 'AUDIT_CHAIN_CONFLICT');
END;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'AUDIT_APPEND_ONLY');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'AUDIT_APPEND_ONLY');
END;
