-- A change decided on the caller's admin role must not commit once that role is gone. Most changes are put
-- in order with whatever takes a role away by the resource's audit chain, since both append to it; but an
-- admin role held through a group is taken away on the group's chain, which a change of the account does
-- not touch. So every admin change carries this check into its batch: an insert into the view aborts when
-- the caller no longer administers the resource, directly or through a group holding the account, and the
-- change is read again.
CREATE VIEW admin_check AS SELECT NULL AS resource_id, NULL AS user_id;

CREATE TRIGGER admin_check_still_admin INSTEAD OF INSERT ON admin_check
WHEN NOT EXISTS (SELECT 1 FROM memberships m
                  WHERE m.resource_id = NEW.resource_id AND m.user_id = NEW.user_id AND m.role = 'admin')
  AND NOT EXISTS (SELECT 1 FROM group_accounts ga
                    JOIN memberships gm ON gm.resource_id = ga.group_id AND gm.user_id = NEW.user_id
                     AND gm.role = 'admin'
                   WHERE ga.account_id = NEW.resource_id)
BEGIN
  SELECT RAISE(ABORT, 'AUTHORITY_CHANGED');
END;
