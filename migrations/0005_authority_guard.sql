-- A change decided on the caller's admin role must not commit once that role is gone. Most changes are put
-- in order with whatever takes a role away by the resource's audit chain, since both append to it; but an
-- admin role held through a group is taken away on the group's chain, which a change of the account does
-- not touch. So every admin change carries this check into its batch: an insert into the view aborts when
-- the caller no longer administers the resource, and the change is read again. `direct` = 1 asks for the
-- admin role held directly (rule 11: what only the account's direct admins may do), so that rule holds in
-- SQL too, not only in the services' `can()`.
CREATE VIEW admin_check AS SELECT NULL AS resource_id, NULL AS user_id, NULL AS direct;

CREATE TRIGGER admin_check_still_admin INSTEAD OF INSERT ON admin_check
WHEN NOT EXISTS (SELECT 1 FROM admins a
                  WHERE a.resource_id = NEW.resource_id AND a.user_id = NEW.user_id
                    AND (a.direct = 1 OR NEW.direct = 0))
BEGIN
  SELECT RAISE(ABORT, 'AUTHORITY_CHANGED');
END;
