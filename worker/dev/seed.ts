import { type AuditEventInput, type AuditHead, insertAuditEvent, sealEvent } from '../audit/chain';
import { auditSigner } from '../audit/keys';
import type { Role } from '../authz/roles';
import { type ChannelKeyBindings, encryptToken } from '../channels/crypto';
import { upsertChannel } from '../channels/repo';
import { insertGroupAccount } from '../groups/repo';
import { insertMembership, insertResource } from '../resources/repo';
import type { Kind } from '../resources/schema';
import { insertItems, insertReview } from '../reviews/repo';
import { upsertUser } from '../users/repo';
import { STANDIN_CHANNEL_TOKEN_PREFIX, standinBotInfo } from './line-channels';

/** The demo owner: the mock LINE user the local app signs in as by default. */
export const DEMO_OWNER_ID = 'Udemo0000000000000000000000000001';

const people = [
  { userId: DEMO_OWNER_ID, displayName: '山田 花子' },
  { userId: 'Udemo0000000000000000000000000002', displayName: '佐藤 健' },
  { userId: 'Udemo0000000000000000000000000003', displayName: '鈴木 美咲' },
  { userId: 'Udemo0000000000000000000000000004', displayName: '高橋 翔' },
  { userId: 'Udemo0000000000000000000000000005', displayName: '田中 さくら' },
  { userId: 'Udemo0000000000000000000000000006', displayName: '伊藤 大輔' },
] as const;

type Person = (typeof people)[number]['displayName'];

interface DemoResource {
  id: string;
  kind: Kind;
  name: string;
  basicId: string | null;
  members: ReadonlyArray<readonly [Person, Role]>;
  accounts?: readonly string[];
  /** Days before the seed it was registered; its members and links date from then. Default: at the seed. */
  registeredDaysAgo?: number;
  /**
   * The schedule opened its access review this many days ago and nobody has finished it: past its two weeks,
   * so ホーム and アクセス一覧 show an overdue review (SPEC §10). A review's dates never change, so the demo
   * dates it in the past, as the cron would have written it then.
   */
  review?: { id: string; openedDaysAgo: number };
  /** Its Messaging API channel is connected (SPEC §9) with the stand-in's token for its basic ID. */
  connected?: true;
}

const DAY_MS = 86_400_000;

// Fixed ids so that links in the README and screenshots stay stable across restarts.
const resources: readonly DemoResource[] = [
  {
    id: '5a1b0000-0000-4000-8000-000000000001',
    kind: 'account',
    name: 'カフェ花 渋谷店',
    basicId: '@cafehana-shibuya',
    members: [
      ['山田 花子', 'admin'],
      ['佐藤 健', 'admin'],
      ['鈴木 美咲', 'operator'],
      ['高橋 翔', 'operator_no_broadcast'],
    ],
  },
  {
    id: '5a1b0000-0000-4000-8000-000000000002',
    kind: 'account',
    name: 'カフェ花 新宿店',
    basicId: '@cafehana-shinjuku',
    members: [
      ['山田 花子', 'admin'],
      ['田中 さくら', 'operator_no_stats'],
    ],
    connected: true,
  },
  {
    id: '5a1b0000-0000-4000-8000-000000000003',
    kind: 'account',
    name: 'カフェ花 オンラインショップ',
    basicId: '@cafehana-online',
    members: [
      ['山田 花子', 'admin'],
      ['佐藤 健', 'operator'],
    ],
    // Opened half a year ago; its first review fell due at 90 days and has waited since.
    registeredDaysAgo: 190,
    review: { id: '5a1b0000-0000-4000-8000-000000000101', openedDaysAgo: 100 },
  },
  {
    id: '5a1b0000-0000-4000-8000-000000000004',
    kind: 'group',
    name: 'カフェ花 首都圏',
    basicId: null,
    members: [
      ['山田 花子', 'admin'],
      ['伊藤 大輔', 'operator'],
    ],
    accounts: ['5a1b0000-0000-4000-8000-000000000001', '5a1b0000-0000-4000-8000-000000000002'],
  },
];

function idOf(name: Person): string {
  return people.find((person) => person.displayName === name)?.userId ?? DEMO_OWNER_ID;
}

/**
 * Demo data written the way the product writes it: every change with its chained audit event, a channel token
 * encrypted under the configured key. `origin` is the stand-in of LINE's, for the bots' pictures.
 */
export async function seedStatements(
  db: D1Database,
  requestId: string,
  now: number,
  channel: { keys: ChannelKeyBindings; origin: string },
): Promise<D1PreparedStatement[]> {
  const signer = auditSigner();
  // The people joined with the oldest resource, and last signed in then as far as the review's snapshot (taken
  // 100 days ago) knows; they sign in today once the resources exist (the statement after the loop).
  const joinedAt = now - Math.max(...resources.map((resource) => resource.registeredDaysAgo ?? 0)) * DAY_MS;
  const everyone = JSON.stringify(people.map((person) => person.userId));
  const statements = people.map((person) => upsertUser(db, { ...person, pictureUrl: null }, joinedAt));
  // Every demo person has added the Kengen bot as a friend, so the demo's stand-in of LINE shows each message.
  statements.push(
    db
      .prepare(
        'UPDATE users SET line_friend = 1, line_friend_at = ?2 WHERE id IN (SELECT value FROM json_each(?1))',
      )
      .bind(everyone, now),
  );
  for (const resource of resources) {
    let head: AuditHead | null = null;
    const at = now - (resource.registeredDaysAgo ?? 0) * DAY_MS;
    const audit = async (
      event: Omit<AuditEventInput, 'resourceId' | 'requestId' | 'at' | 'actorId'>,
      by: Pick<AuditEventInput, 'at' | 'actorId'> = { at, actorId: DEMO_OWNER_ID },
    ) => {
      const sealed = await sealEvent(head, { ...event, ...by, resourceId: resource.id, requestId }, signer);
      head = sealed;
      statements.push(insertAuditEvent(db, sealed));
    };
    statements.push(insertResource(db, { ...resource, createdBy: DEMO_OWNER_ID, at }));
    await audit({
      action: 'resource.created',
      targetUserId: DEMO_OWNER_ID,
      before: null,
      after: { kind: resource.kind, name: resource.name, basicId: resource.basicId, admin: DEMO_OWNER_ID },
    });
    for (const [name, role] of resource.members) {
      const userId = idOf(name);
      if (userId === DEMO_OWNER_ID) {
        statements.push(insertMembership(db, { resourceId: resource.id, userId, role, addedBy: null, at }));
        continue;
      }
      statements.push(
        insertMembership(db, { resourceId: resource.id, userId, role, addedBy: DEMO_OWNER_ID, at }),
      );
      await audit({ action: 'member.added', targetUserId: userId, before: null, after: { role } });
    }
    for (const accountId of resource.accounts ?? []) {
      statements.push(
        insertGroupAccount(db, { groupId: resource.id, accountId, addedBy: DEMO_OWNER_ID, at }),
      );
      await audit({ action: 'group.account_added', targetUserId: null, before: null, after: { accountId } });
    }
    if (resource.connected && resource.basicId) {
      const bot = await standinBotInfo(resource.basicId, channel.origin);
      const token = `${STANDIN_CHANNEL_TOKEN_PREFIX}${resource.basicId}`;
      statements.push(
        upsertChannel(db, {
          accountId: resource.id,
          botUserId: bot.userId,
          basicId: bot.basicId,
          displayName: bot.displayName,
          pictureUrl: bot.pictureUrl,
          token: await encryptToken(channel.keys, resource.id, token),
          connectedBy: DEMO_OWNER_ID,
          at,
        }),
      );
      await audit({
        action: 'channel.connected',
        targetUserId: null,
        before: null,
        after: { basicId: bot.basicId, displayName: bot.displayName },
      });
    }
    if (resource.review) {
      // As worker/reviews/schedule.ts opens a due review: the snapshot taken in SQL, the event by the system.
      const { id: reviewId, openedDaysAgo } = resource.review;
      const openedAt = now - openedDaysAgo * DAY_MS;
      statements.push(
        insertReview(db, { id: reviewId, resourceId: resource.id, startedBy: null, at: openedAt }),
        insertItems(db, reviewId, resource.id),
      );
      await audit(
        { action: 'review.started', targetUserId: null, before: null, after: { reviewId, scheduled: true } },
        { at: openedAt, actorId: 'system' },
      );
    }
  }
  statements.push(
    db
      .prepare('UPDATE users SET last_seen_at = ?2 WHERE id IN (SELECT value FROM json_each(?1))')
      .bind(everyone, now),
  );
  return statements;
}
