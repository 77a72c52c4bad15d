-- Access that really ends (SPEC §4 rules 10–12).
-- Rule 12: a seat is a distinct person who can reach the resource (directly or through any group that holds
-- the account), a pending join request's person, or a live pending invite. Rule 10: an invite is live only
-- while its issuer could still issue it, and nobody uses an invite they issued.

-- Who reaches each resource: its direct members, and for an account the members of every group holding it.
CREATE VIEW reach AS
  SELECT resource_id, user_id FROM memberships
  UNION ALL
  SELECT ga.account_id, gm.user_id
    FROM group_accounts ga JOIN memberships gm ON gm.resource_id = ga.group_id;

-- The people who hold a seat: everyone who reaches the resource, and everyone waiting for a decision.
CREATE VIEW seat_people AS
  SELECT resource_id, user_id FROM reach
  UNION ALL
  SELECT resource_id, user_id FROM join_requests WHERE status = 'pending';

-- Who administers each resource: its direct admins (direct = 1), and for an account the admins of every
-- group holding it (direct = 0). Rules 10 and 11 ask it: who may issue an invite, who may still act.
CREATE VIEW admins AS
  SELECT resource_id, user_id, 1 AS direct FROM memberships WHERE role = 'admin'
  UNION ALL
  SELECT ga.account_id, gm.user_id, 0
    FROM group_accounts ga JOIN memberships gm ON gm.resource_id = ga.group_id AND gm.role = 'admin';

-- Rules 10 and 11: an invite is live while its issuer could still issue it: a direct admin may issue any
-- role, an admin through a group every role but admin (a group admin cannot make direct admins).
CREATE VIEW live_invites AS
  SELECT i.* FROM invites i
   WHERE i.status = 'pending'
     AND EXISTS (SELECT 1 FROM admins a
                  WHERE a.resource_id = i.resource_id AND a.user_id = i.created_by
                    AND (a.direct = 1 OR i.role <> 'admin'));

-- Seats and rule 10 ask for the pending invites of one resource, and of one issuer on it; the triggers below
-- and offboarding ask for one issuer's, wherever they are.
CREATE INDEX invites_pending_by_resource ON invites (resource_id, created_by) WHERE status = 'pending';
CREATE INDEX invites_pending_by_issuer ON invites (created_by, resource_id) WHERE status = 'pending';

DROP TRIGGER invites_member_limit;
DROP TRIGGER memberships_member_limit;
DROP TRIGGER join_requests_member_limit;
DROP VIEW seats;

-- Each seat-taking insert counts the people with the newcomer among them (one already reaching the resource
-- takes no second seat), plus the live invites still within their 24 hours at the writer's clock.
CREATE TRIGGER invites_member_limit BEFORE INSERT ON invites
WHEN (SELECT count(DISTINCT user_id) FROM seat_people WHERE resource_id = NEW.resource_id)
   + (SELECT count(*) FROM live_invites WHERE resource_id = NEW.resource_id AND +expires_at > NEW.created_at)
   >= 100
BEGIN
  SELECT RAISE(ABORT, 'MEMBER_LIMIT');
END;

CREATE TRIGGER join_requests_member_limit BEFORE INSERT ON join_requests
WHEN (SELECT count(*) FROM (SELECT user_id FROM seat_people WHERE resource_id = NEW.resource_id
                            UNION SELECT NEW.user_id))
   + (SELECT count(*) FROM live_invites WHERE resource_id = NEW.resource_id AND +expires_at > NEW.created_at)
   > 100
BEGIN
  SELECT RAISE(ABORT, 'MEMBER_LIMIT');
END;

-- A membership takes a seat on its resource and, for a group, on every account the group holds.
CREATE TRIGGER memberships_member_limit BEFORE INSERT ON memberships
WHEN EXISTS (
  SELECT 1 FROM (SELECT NEW.resource_id AS id UNION SELECT account_id FROM group_accounts WHERE group_id = NEW.resource_id) r
   WHERE (SELECT count(*) FROM (SELECT user_id FROM seat_people WHERE resource_id = r.id UNION SELECT NEW.user_id))
       + (SELECT count(*) FROM live_invites WHERE resource_id = r.id AND +expires_at > NEW.created_at)
       > 100)
BEGIN
  SELECT RAISE(ABORT, 'MEMBER_LIMIT');
END;

-- Putting an account in a group gives every member of the group a seat on the account.
CREATE TRIGGER group_accounts_member_limit BEFORE INSERT ON group_accounts
WHEN (SELECT count(*) FROM (SELECT user_id FROM seat_people WHERE resource_id = NEW.account_id
                            UNION SELECT user_id FROM memberships WHERE resource_id = NEW.group_id))
   + (SELECT count(*) FROM live_invites WHERE resource_id = NEW.account_id AND +expires_at > NEW.created_at)
   > 100
BEGIN
  SELECT RAISE(ABORT, 'MEMBER_LIMIT');
END;

-- Rule 10 at the moment of use, whatever path took the issuer's admin role away (removal, demotion, leaving,
-- the group losing them or the account): a use of an invite that is no longer live aborts as revoked, and
-- the issuer's own use of a live one aborts as OWN_INVITE.
CREATE TRIGGER invites_issuer_still_admin BEFORE UPDATE OF status ON invites
WHEN OLD.status = 'pending' AND NEW.status IN ('accepted', 'awaiting_approval', 'declined')
  AND NOT EXISTS (SELECT 1 FROM live_invites WHERE id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'INVITE_REVOKED');
END;

CREATE TRIGGER invites_not_own BEFORE UPDATE OF status ON invites
WHEN OLD.status = 'pending' AND NEW.status IN ('accepted', 'awaiting_approval', 'declined')
  AND NEW.used_by = OLD.created_by
  AND EXISTS (SELECT 1 FROM live_invites WHERE id = OLD.id)
BEGIN
  SELECT RAISE(ABORT, 'OWN_INVITE');
END;

-- Rule 10 made durable: an invite that dies because its issuer lost the right to issue it (removed, demoted
-- or left, on the resource or on a group holding the account; or the group lost the account) is revoked in
-- the same statement, so that a later change cannot bring it back to life. The change that ended the right
-- carries the audit event; the services also write an `invite.revoked` event for each invite they know of.
CREATE TRIGGER memberships_removal_ends_invites AFTER DELETE ON memberships
BEGIN
  UPDATE invites SET status = 'revoked', decided_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
   WHERE status = 'pending' AND created_by = OLD.user_id
     AND (resource_id = OLD.resource_id
          OR resource_id IN (SELECT account_id FROM group_accounts WHERE group_id = OLD.resource_id))
     AND NOT EXISTS (SELECT 1 FROM live_invites l WHERE l.id = invites.id);
END;

CREATE TRIGGER memberships_demotion_ends_invites AFTER UPDATE OF role ON memberships
WHEN OLD.role <> NEW.role
BEGIN
  UPDATE invites SET status = 'revoked', decided_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
   WHERE status = 'pending' AND created_by = OLD.user_id
     AND (resource_id = OLD.resource_id
          OR resource_id IN (SELECT account_id FROM group_accounts WHERE group_id = OLD.resource_id))
     AND NOT EXISTS (SELECT 1 FROM live_invites l WHERE l.id = invites.id);
END;

CREATE TRIGGER group_accounts_removal_ends_invites AFTER DELETE ON group_accounts
BEGIN
  UPDATE invites SET status = 'revoked', decided_at = CAST(unixepoch('subsec') * 1000 AS INTEGER)
   WHERE status = 'pending' AND resource_id = OLD.account_id
     AND NOT EXISTS (SELECT 1 FROM live_invites l WHERE l.id = invites.id);
END;

-- And no invite is born dead: one issued on a read that a concurrent removal made stale is refused.
CREATE TRIGGER invites_issuer_may_issue BEFORE INSERT ON invites
WHEN NOT EXISTS (SELECT 1 FROM admins a
                  WHERE a.resource_id = NEW.resource_id AND a.user_id = NEW.created_by
                    AND (a.direct = 1 OR NEW.role <> 'admin'))
BEGIN
  SELECT RAISE(ABORT, 'INVITE_ISSUER');
END;
