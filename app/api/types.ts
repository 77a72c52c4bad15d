// The shapes the screens use, inferred from the Worker's routes (AppType): a renamed field fails the build.
import type { meApi, myResourcesApi } from './me';
import type { failedNotificationsApi } from './notifications';
import type { resourcesApi } from './resources';
import type { sessionApi } from './session';

type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;

export type Session = Resolved<ReturnType<typeof sessionApi>['exchange']>;
export type User = Session['user'];

export type Me = Resolved<ReturnType<typeof meApi>['me']>;
export type MeSummary = Me['summary'];
export type MyResource = Me['resources'][number];
export type MyResourcesPage = Resolved<ReturnType<typeof myResourcesApi>['page']>;
export type PendingRequest = Me['pendingRequests'][number];
export type ResourceKind = MyResource['kind'];
export type Role = MyResource['role'];
export type Grant = MyResource['grants'][number];

type Resources = ReturnType<typeof resourcesApi>;
export type ResourceDetail = Resolved<Resources['detail']>;
export type Capability = ResourceDetail['capabilities'][number];
/** An account's Messaging API channel, connected or not; null for a group. */
export type ChannelState = NonNullable<ResourceDetail['channel']>;
export type MemberList = Resolved<Resources['members']>;
export type Member = MemberList['members'][number];
export type MemberGrant = Member['grants'][number];
export type NewAccount = Parameters<Resources['createAccount']>[0];

export type NotificationSetting = Me['notifications'];
export type Waiting = Me['waiting'];
export type WaitingRequest = Waiting['requests']['items'][number];
export type ExpiringInvite = Waiting['expiringInvites']['items'][number];
export type FailedNotification = Resolved<
  ReturnType<typeof failedNotificationsApi>['list']
>['notifications'][number];
