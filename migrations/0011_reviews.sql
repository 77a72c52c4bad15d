-- Issue 15: access reviews (棚卸し, SPEC §10). Each account and group is reviewed on a cadence; a review lists
-- everyone who could reach the resource when it opened, an admin marks each person keep or remove, and
-- completing it removes the "remove" ones through the ordinary removal path. The rules that make a review
-- evidence are here: one open review per resource, every person decided before completion, and a completed
-- review and its items never change again (only each item's outcome is written, once, after completion).

-- The cadence, changed by an admin (PATCH /api/{kind}/{id} `reviewEveryDays`): weekly to every two years.
ALTER TABLE resources ADD COLUMN review_every_days INTEGER NOT NULL DEFAULT 90
  CHECK (review_every_days BETWEEN 7 AND 730);
-- When the next review opens: NULL while one is open. Kept by the triggers below in the statement of every
-- change that moves it, so the cron's question "which resources are due" is a range of one partial index.
ALTER TABLE resources ADD COLUMN review_due_at INTEGER;
UPDATE resources SET review_due_at = created_at + review_every_days * 86400000;
CREATE INDEX resources_review_due ON resources (review_due_at) WHERE review_due_at IS NOT NULL;

-- The last sign-in to Kengen (POST /api/session), shown in reviews: 「90日以上ログインなし」.
ALTER TABLE users ADD COLUMN last_seen_at INTEGER;

CREATE TABLE reviews (
  id TEXT PRIMARY KEY,
  resource_id TEXT NOT NULL REFERENCES resources (id),
  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'completed')),
  -- The day the review should be finished by (opened + 14 days).
  due_at INTEGER NOT NULL,
  -- NULL: opened by the schedule (the cron), not by a person.
  started_by TEXT,
  started_at INTEGER NOT NULL,
  completed_by TEXT,
  completed_at INTEGER,
  CHECK (due_at >= started_at),
  CHECK ((status = 'completed') = (completed_by IS NOT NULL AND completed_at IS NOT NULL))
) STRICT;
-- One open review per resource: a second start (two admins, or an admin and the cron) fails on this index.
CREATE UNIQUE INDEX reviews_one_open ON reviews (resource_id) WHERE status = 'open';
CREATE INDEX reviews_by_resource ON reviews (resource_id, started_at);

-- One row per person who could reach the resource when the review opened: what the reviewer saw (name,
-- combined role, every grant with its source, since when, last sign-in), the decision, and what completing
-- did about it.
CREATE TABLE review_items (
  review_id TEXT NOT NULL REFERENCES reviews (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  display_name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'operator', 'operator_no_broadcast', 'operator_no_stats')),
  grants TEXT NOT NULL CHECK (json_valid(grants) AND json_type(grants) = 'array'),
  since INTEGER NOT NULL,
  last_seen_at INTEGER,
  decision TEXT CHECK (decision IS NULL OR decision IN ('keep', 'remove')),
  decided_by TEXT,
  decided_at INTEGER,
  outcome TEXT CHECK (outcome IS NULL OR outcome IN ('kept', 'removed', 'refused')),
  -- The API code of a refusal (LAST_ADMIN, FORBIDDEN, GRANT_VIA_GROUP, NOT_FOUND).
  outcome_code TEXT,
  CHECK ((decision IS NULL) = (decided_by IS NULL AND decided_at IS NULL)),
  CHECK ((outcome IS 'refused') = (outcome_code IS NOT NULL)),
  CHECK (outcome IS NULL OR decision IS NOT NULL),
  PRIMARY KEY (review_id, user_id)
) STRICT, WITHOUT ROWID;

-- A review is born open; opening it takes the resource off the schedule until it is completed.
CREATE TRIGGER reviews_born_open BEFORE INSERT ON reviews
WHEN NEW.status IS NOT 'open' OR NEW.completed_by IS NOT NULL OR NEW.completed_at IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_IMMUTABLE');
END;

CREATE TRIGGER reviews_opened AFTER INSERT ON reviews
BEGIN
  UPDATE resources SET review_due_at = NULL WHERE id = NEW.resource_id;
END;

-- Completed is final: nothing of a completed review changes, and it is never deleted.
CREATE TRIGGER reviews_completed_is_final BEFORE UPDATE ON reviews
WHEN OLD.status = 'completed'
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_CLOSED');
END;

CREATE TRIGGER reviews_completed_no_delete BEFORE DELETE ON reviews
WHEN OLD.status = 'completed'
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_CLOSED');
END;

CREATE TRIGGER reviews_identity BEFORE UPDATE ON reviews
WHEN NEW.id IS NOT OLD.id OR NEW.resource_id IS NOT OLD.resource_id OR NEW.due_at IS NOT OLD.due_at
  OR NEW.started_by IS NOT OLD.started_by OR NEW.started_at IS NOT OLD.started_at
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_IMMUTABLE');
END;

-- Every person is decided before a review completes.
CREATE TRIGGER reviews_complete_when_decided BEFORE UPDATE OF status ON reviews
WHEN NEW.status = 'completed'
  AND EXISTS (SELECT 1 FROM review_items WHERE review_id = NEW.id AND decision IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_INCOMPLETE');
END;

-- Completing schedules the next one, a cadence after the completion.
CREATE TRIGGER reviews_completed AFTER UPDATE OF status ON reviews
WHEN OLD.status = 'open' AND NEW.status = 'completed'
BEGIN
  UPDATE resources SET review_due_at = NEW.completed_at + review_every_days * 86400000
   WHERE id = NEW.resource_id;
END;

-- A new resource's first review is due a cadence after its creation.
CREATE TRIGGER resources_first_review AFTER INSERT ON resources
BEGIN
  UPDATE resources SET review_due_at = NEW.created_at + NEW.review_every_days * 86400000 WHERE id = NEW.id;
END;

-- A new cadence counts from the last completed review (or the creation), unless a review is open now.
CREATE TRIGGER resources_review_cadence AFTER UPDATE OF review_every_days ON resources
WHEN NEW.review_every_days IS NOT OLD.review_every_days AND NEW.review_due_at IS NOT NULL
BEGIN
  UPDATE resources
     SET review_due_at = coalesce(
           (SELECT max(completed_at) FROM reviews WHERE resource_id = NEW.id AND status = 'completed'),
           NEW.created_at) + NEW.review_every_days * 86400000
   WHERE id = NEW.id;
END;

-- What the reviewer saw never changes.
CREATE TRIGGER review_items_snapshot BEFORE UPDATE ON review_items
WHEN NEW.review_id IS NOT OLD.review_id OR NEW.user_id IS NOT OLD.user_id
  OR NEW.display_name IS NOT OLD.display_name OR NEW.role IS NOT OLD.role OR NEW.grants IS NOT OLD.grants
  OR NEW.since IS NOT OLD.since OR NEW.last_seen_at IS NOT OLD.last_seen_at
  OR (OLD.decision IS NOT NULL AND NEW.decision IS NULL)
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_IMMUTABLE');
END;

-- Decisions are made while the review is open, and only then.
CREATE TRIGGER review_items_decided_while_open BEFORE UPDATE ON review_items
WHEN (NEW.decision IS NOT OLD.decision OR NEW.decided_by IS NOT OLD.decided_by
      OR NEW.decided_at IS NOT OLD.decided_at)
  AND (SELECT status FROM reviews WHERE id = OLD.review_id) IS NOT 'open'
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_CLOSED');
END;

-- The outcome is written once, after completion.
CREATE TRIGGER review_items_outcome_once BEFORE UPDATE ON review_items
WHEN (NEW.outcome IS NOT OLD.outcome OR NEW.outcome_code IS NOT OLD.outcome_code)
  AND (OLD.outcome IS NOT NULL OR (SELECT status FROM reviews WHERE id = OLD.review_id) IS NOT 'completed')
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_CLOSED');
END;

CREATE TRIGGER review_items_insert_while_open BEFORE INSERT ON review_items
WHEN (SELECT status FROM reviews WHERE id = NEW.review_id) IS NOT 'open'
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_CLOSED');
END;

CREATE TRIGGER review_items_completed_no_delete BEFORE DELETE ON review_items
WHEN (SELECT status FROM reviews WHERE id = OLD.review_id) IS 'completed'
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_CLOSED');
END;
