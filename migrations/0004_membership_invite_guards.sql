-- Gaps a review found in the rules the triggers of 0001 and 0002 enforce.

-- Rule 3 (the last admin) and rule 10 (invites die with their issuer's right) watch UPDATE OF role and
-- DELETE. Moving a membership to another person or resource would take an admin away from one resource
-- without either, so a membership's identity never changes: remove one and add another instead.
CREATE TRIGGER memberships_identity_immutable BEFORE UPDATE OF resource_id, user_id ON memberships
WHEN NEW.resource_id IS NOT OLD.resource_id OR NEW.user_id IS NOT OLD.user_id
BEGIN
  SELECT RAISE(ABORT, 'MEMBERSHIP_IMMUTABLE');
END;

-- INSERT OR REPLACE deletes the conflicting row without firing DELETE triggers (D1 runs with
-- recursive_triggers off), so replacing the last admin's row with an operator's would demote them silently.
-- A trigger cannot tell REPLACE from a plain INSERT, so any insert of an existing membership aborts, with
-- the very message the primary key gives a plain INSERT: the services already turn that text into
-- ALREADY_MEMBER. Nothing writes memberships with OR IGNORE or an upsert, which this would also turn into an
-- abort: a role change is an UPDATE.
CREATE TRIGGER memberships_no_replace BEFORE INSERT ON memberships
WHEN EXISTS (SELECT 1 FROM memberships WHERE resource_id = NEW.resource_id AND user_id = NEW.user_id)
BEGIN
  SELECT RAISE(ABORT, 'UNIQUE constraint failed: memberships.resource_id, memberships.user_id');
END;

-- Rule 7: who used a finished invite, and when it was decided, are history. Changes of status out of a final
-- state already abort with their own codes (0001), so these cover the updates that leave the status alone.
-- They abort with the same code as the final state's own trigger: SQLite does not say which of two matching
-- triggers fires first, and the loser of a race (two people accepting one invite) must hear INVITE_USED.
-- awaiting_approval is not finished: the admin's decision still sets decided_at.
CREATE TRIGGER invites_used_is_frozen BEFORE UPDATE OF used_by, decided_at ON invites
WHEN OLD.status IN ('accepted', 'declined', 'rejected') AND NEW.status IS OLD.status
  AND (NEW.used_by IS NOT OLD.used_by OR NEW.decided_at IS NOT OLD.decided_at)
BEGIN
  SELECT RAISE(ABORT, 'INVITE_USED');
END;

CREATE TRIGGER invites_revoked_is_frozen BEFORE UPDATE OF used_by, decided_at ON invites
WHEN OLD.status = 'revoked' AND NEW.status IS OLD.status
  AND (NEW.used_by IS NOT OLD.used_by OR NEW.decided_at IS NOT OLD.decided_at)
BEGIN
  SELECT RAISE(ABORT, 'INVITE_REVOKED');
END;

CREATE TRIGGER invites_expired_is_frozen BEFORE UPDATE OF used_by, decided_at ON invites
WHEN OLD.status = 'expired' AND NEW.status IS OLD.status
  AND (NEW.used_by IS NOT OLD.used_by OR NEW.decided_at IS NOT OLD.decided_at)
BEGIN
  SELECT RAISE(ABORT, 'INVITE_EXPIRED');
END;
