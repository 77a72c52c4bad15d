-- Notifications, second slice: what ホーム shows waiting, the weekly single-admin reminder, and failed
-- deliveries shown to admins. Each read starts from a narrow index, never from other companies' rows.

-- GET /api/me: the caller's own pending invites that expire soon, a range by issuer then expiry.
CREATE INDEX invites_pending_by_issuer_expiry ON invites (created_by, expires_at) WHERE status = 'pending';

-- The cron's reminder asks, per resource with a single admin, whether one was sent in the last 7 days.
CREATE INDEX notifications_single_admin ON notifications (resource_id, created_at) WHERE kind = 'single_admin';

-- GET /api/{kind}/{id}/notifications: a resource's undelivered notifications, newest first.
CREATE INDEX notifications_failed_by_resource ON notifications (resource_id, created_at) WHERE status = 'failed';
