-- Issue 14: invites an admin can act on.

-- Whom an invite is for, in the admin's words (「新宿店の田中さん」): the input policy of names (worker/lib/text.ts),
-- at most 50 characters (code points, as length() counts). Shown to the resource's admins only, never to
-- whoever holds the link.
ALTER TABLE invites ADD COLUMN memo TEXT CHECK (memo IS NULL OR length(memo) BETWEEN 1 AND 50);

-- 再発行: the invite a new one replaces (the same role and memo, a new token). At most one successor per
-- invite, so two taps on 再発行 (or two admins) cannot turn one expired invite into two live ones: the
-- second insert fails on this index and its whole batch (with its audit event) is refused.
ALTER TABLE invites ADD COLUMN reissued_from TEXT REFERENCES invites (id);
CREATE UNIQUE INDEX invites_reissued_from ON invites (reissued_from) WHERE reissued_from IS NOT NULL;

-- The admin's list shows invites that ended unused (expired, declined) for 7 days, newest first.
CREATE INDEX invites_finished_by_resource ON invites (resource_id, decided_at)
  WHERE status IN ('expired', 'declined');
