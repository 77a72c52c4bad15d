-- アクセス一覧 as a table: one row per (admin, person they can see), kept by triggers in the same statement as
-- every change of who administers or reaches what. A page of the overview is then a walk of the admin's own
-- rows in name order, so its cost is one page, however many people the admin sees and however many other
-- companies' users the database holds (SPEC §7). Before this table a page either sorted all of the caller's
-- people or walked every user's name, and one of the two always grew.

-- Every way an admin sees a person: the admin administers a resource (directly, or an account through a group
-- they administer) that the person reaches (directly, or through a group holding it). It is `admins` joined
-- to `reach` on the resource, written as its four joins, each read from the person's side (CROSS JOIN fixes
-- the order): a person has a few memberships, an owner's admin memberships may be a thousand.
CREATE VIEW sight_paths AS
  -- a direct admin, a direct member
  SELECT a.user_id AS admin_id, m.user_id
    FROM memberships m CROSS JOIN memberships a ON a.resource_id = m.resource_id
   WHERE a.role = 'admin'
  UNION ALL
  -- an admin of a group, a direct member of an account it holds
  SELECT a.user_id, m.user_id
    FROM memberships m
    CROSS JOIN group_accounts ga ON ga.account_id = m.resource_id
    CROSS JOIN memberships a ON a.resource_id = ga.group_id
   WHERE a.role = 'admin'
  UNION ALL
  -- a direct admin of an account, a member of a group holding it
  SELECT a.user_id, gm.user_id
    FROM memberships gm
    CROSS JOIN group_accounts ga ON ga.group_id = gm.resource_id
    CROSS JOIN memberships a ON a.resource_id = ga.account_id
   WHERE a.role = 'admin'
  UNION ALL
  -- an admin of a group holding an account, a member of another group holding it
  SELECT a.user_id, gm.user_id
    FROM memberships gm
    CROSS JOIN group_accounts ga ON ga.group_id = gm.resource_id
    CROSS JOIN group_accounts ga2 ON ga2.account_id = ga.account_id
    CROSS JOIN memberships a ON a.resource_id = ga2.group_id
   WHERE a.role = 'admin';

CREATE TABLE sightings (
  admin_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  -- The person's display name, copied so that a page is read from this table's index alone.
  display_name TEXT NOT NULL,
  PRIMARY KEY (admin_id, user_id)
) WITHOUT ROWID;
CREATE INDEX sightings_by_name ON sightings (admin_id, display_name, user_id);
CREATE INDEX sightings_by_person ON sightings (user_id);

INSERT OR IGNORE INTO sightings (admin_id, user_id, display_name)
  SELECT p.admin_id, p.user_id, u.display_name FROM sight_paths p JOIN users u ON u.id = p.user_id;

-- Whom an admin of a resource sees there: everyone who reaches it, and for a group everyone who reaches an
-- account it holds. Asked for one resource at a time (the condition is pushed into each arm).
CREATE VIEW reach_under AS
  SELECT m.resource_id, m.user_id FROM memberships m
  UNION ALL
  SELECT ga.account_id, gm.user_id FROM group_accounts ga JOIN memberships gm ON gm.resource_id = ga.group_id
  UNION ALL
  SELECT ga.group_id, m.user_id FROM group_accounts ga JOIN memberships m ON m.resource_id = ga.account_id
  UNION ALL
  SELECT ga.group_id, gm.user_id
    FROM group_accounts ga
    JOIN group_accounts ga2 ON ga2.account_id = ga.account_id
    JOIN memberships gm ON gm.resource_id = ga2.group_id;

-- A membership begins: whoever administers the resource (or, for a group, an account it holds) now sees the
-- newcomer; a new admin sees everyone under the resource.
CREATE TRIGGER sightings_membership_insert AFTER INSERT ON memberships
BEGIN
  INSERT OR IGNORE INTO sightings (admin_id, user_id, display_name)
    SELECT p.admin_id, p.user_id, u.display_name
      FROM sight_paths p JOIN users u ON u.id = p.user_id
     WHERE p.user_id = NEW.user_id;
  INSERT OR IGNORE INTO sightings (admin_id, user_id, display_name)
    SELECT NEW.user_id, r.user_id, u.display_name
      FROM reach_under r JOIN users u ON u.id = r.user_id
     WHERE NEW.role = 'admin' AND r.resource_id = NEW.resource_id;
END;

CREATE TRIGGER sightings_membership_promoted AFTER UPDATE OF role ON memberships
WHEN NEW.role = 'admin' AND OLD.role <> 'admin'
BEGIN
  INSERT OR IGNORE INTO sightings (admin_id, user_id, display_name)
    SELECT NEW.user_id, r.user_id, u.display_name
      FROM reach_under r JOIN users u ON u.id = r.user_id
     WHERE r.resource_id = NEW.resource_id;
END;

-- A membership ends: the people who saw the person, and (an admin's) the people the person saw under the
-- resource, keep the row only while another path remains.
CREATE TRIGGER sightings_membership_delete AFTER DELETE ON memberships
BEGIN
  DELETE FROM sightings
   WHERE user_id = OLD.user_id
     AND NOT EXISTS (SELECT 1 FROM sight_paths p WHERE p.admin_id = sightings.admin_id AND p.user_id = OLD.user_id);
  DELETE FROM sightings
   WHERE OLD.role = 'admin' AND admin_id = OLD.user_id
     AND user_id IN (SELECT user_id FROM reach_under WHERE resource_id = OLD.resource_id)
     AND NOT EXISTS (SELECT 1 FROM sight_paths p WHERE p.admin_id = OLD.user_id AND p.user_id = sightings.user_id);
END;

CREATE TRIGGER sightings_membership_demoted AFTER UPDATE OF role ON memberships
WHEN OLD.role = 'admin' AND NEW.role <> 'admin'
BEGIN
  DELETE FROM sightings
   WHERE admin_id = OLD.user_id
     AND user_id IN (SELECT user_id FROM reach_under WHERE resource_id = OLD.resource_id)
     AND NOT EXISTS (SELECT 1 FROM sight_paths p WHERE p.admin_id = OLD.user_id AND p.user_id = sightings.user_id);
END;

-- A group takes an account: the account's admins (now including the group's) see everyone who reaches it
-- (now including the group's members).
CREATE TRIGGER sightings_group_account_insert AFTER INSERT ON group_accounts
BEGIN
  INSERT OR IGNORE INTO sightings (admin_id, user_id, display_name)
    SELECT a.user_id, r.user_id, u.display_name
      FROM (SELECT user_id FROM admins WHERE resource_id = NEW.account_id) a,
           (SELECT user_id FROM reach WHERE resource_id = NEW.account_id) r
      JOIN users u ON u.id = r.user_id;
END;

-- A group gives up an account: its admins stop seeing the account's people, and the account's admins the
-- group's members, unless another path remains.
CREATE TRIGGER sightings_group_account_delete AFTER DELETE ON group_accounts
BEGIN
  DELETE FROM sightings
   WHERE admin_id IN (SELECT user_id FROM memberships WHERE resource_id = OLD.group_id AND role = 'admin'
                      UNION ALL
                      SELECT user_id FROM admins WHERE resource_id = OLD.account_id)
     AND user_id IN (SELECT user_id FROM memberships WHERE resource_id = OLD.group_id
                     UNION ALL
                     SELECT user_id FROM reach WHERE resource_id = OLD.account_id)
     AND NOT EXISTS (SELECT 1 FROM sight_paths p
                      WHERE p.admin_id = sightings.admin_id AND p.user_id = sightings.user_id);
END;

CREATE TRIGGER sightings_display_name AFTER UPDATE OF display_name ON users
WHEN NEW.display_name IS NOT OLD.display_name
BEGIN
  UPDATE sightings SET display_name = NEW.display_name WHERE user_id = NEW.id;
END;
