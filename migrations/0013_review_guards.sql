-- Issue 15 review fixes: guards on a review's outcomes that the services rely on, in SQL.

-- An outcome is written once. The trigger of 0011 refuses a different value; this one refuses any write of
-- the column over a value already there, the same value included, so that a person's removal, which writes
-- 'removed' in its own batch (worker/reviews/repo.ts `recordRemoved`), aborts whole when another admin
-- finishing the same review got there first: nobody is removed twice, or removed without a record.
CREATE TRIGGER review_items_outcome_set_once BEFORE UPDATE OF outcome ON review_items
WHEN OLD.outcome IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_OUTCOME_SET');
END;

-- The outcome answers the decision: removed or refused only for a person marked remove, kept only for one
-- marked keep. (SQLite cannot add a CHECK to an existing table.)
CREATE TRIGGER review_items_outcome_fits_decision BEFORE UPDATE OF outcome, decision ON review_items
WHEN (NEW.outcome IN ('removed', 'refused') AND NEW.decision IS NOT 'remove')
  OR (NEW.outcome = 'kept' AND NEW.decision IS NOT 'keep')
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_OUTCOME_MISMATCH');
END;

CREATE TRIGGER review_items_outcome_fits_decision_insert BEFORE INSERT ON review_items
WHEN (NEW.outcome IN ('removed', 'refused') AND NEW.decision IS NOT 'remove')
  OR (NEW.outcome = 'kept' AND NEW.decision IS NOT 'keep')
BEGIN
  SELECT RAISE(ABORT, 'REVIEW_OUTCOME_MISMATCH');
END;
