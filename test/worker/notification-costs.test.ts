import { describe, expect, it } from 'vitest';
import { selectDecidableRequests, selectExpiringInvites } from '../../worker/me/repo';
import { notifyPerson } from '../../worker/notifications/outbox';
import { selectSingleAdmins } from '../../worker/notifications/reminders';
import { selectFailedNotifications } from '../../worker/notifications/repo';
import { planOf } from '../support/plans';

/**
 * SPEC §7 Scale, for what issue 13 reads: the proof is the query plan. Each read starts from the caller's own
 * rows or the one resource asked about, by index; none reads a stored table whole. The reminder's
 * candidates are the one whole-index pass, over the partial index of direct admins, stopped by its LIMIT.
 */
/** A SCAN of anything but the statement's own CTEs (grants g, decidable d, single s) and subqueries. */
const STORED_SCAN = /^SCAN (?!(g|d|s)\b|\(subquery-\d+\))/;
const scans = (plan: string[]) => plan.filter((line) => STORED_SCAN.test(line));

describe('query plans of notifications and ホーム’s waiting items', () => {
  it('requests to decide: from the caller’s grants, each resource’s pending requests by index', async () => {
    const plan = await planOf((db) => selectDecidableRequests(db, 'U1', 5));
    expect(scans(plan)).toEqual([]);
    expect(plan).toContain('SEARCH j USING INDEX join_requests_one_pending (resource_id=?)');
  });

  it('invites about to expire: a range of the caller’s pending invites by expiry', async () => {
    const plan = await planOf((db) => selectExpiringInvites(db, 'U1', { from: 0, to: 1, limit: 5 }));
    expect(scans(plan)).toEqual([]);
    expect(plan[1]).toMatch(
      /^SEARCH i USING INDEX invites_pending_by_issuer_expiry \(created_by=\? AND expires_at>\? AND expires_at<\?\)/,
    );
  });

  it('failed deliveries: the resource’s failed notifications by their partial index', async () => {
    const plan = await planOf((db) => selectFailedNotifications(db, 'R1'));
    expect(scans(plan)).toEqual([]);
    expect(plan[0]).toBe('SEARCH n USING INDEX notifications_failed_by_resource (resource_id=?)');
  });

  it('the weekly rule: the last reminder of the resource by the partial index of reminders', async () => {
    const plan = await planOf((db) =>
      notifyPerson(db, 'U1', {
        kind: 'single_admin',
        resourceId: 'R1',
        subjectId: null,
        messages: { ja: [], en: [] },
        at: 0,
        quietForMs: 1,
      }),
    );
    expect(scans(plan)).toEqual([]);
    expect(plan).toContain(
      'SEARCH n USING COVERING INDEX notifications_single_admin (resource_id=? AND created_at>?)',
    );
  });

  it('reminder candidates: the direct admins’ partial index, read in order, everything else by key', async () => {
    const plan = await planOf((db) => selectSingleAdmins(db, 0));
    expect(scans(plan)).toEqual(['SCAN memberships USING COVERING INDEX memberships_admins']);
    expect(plan).not.toContain('USE TEMP B-TREE FOR GROUP BY');
  });
});
