import { env } from 'cloudflare:workers';
import { ROLE_NAMES_JA } from '../authz/role-names';
import type { Role } from '../authz/roles';
import type { Bindings } from '../env';
import type { Kind } from '../resources/schema';

/**
 * The few LINE message objects Kengen sends: a Flex bubble with text and link buttons. Typed here rather than
 * taken from @line/bot-sdk (see README, Notifications): these are all the shapes the code writes.
 */
interface FlexText {
  type: 'text';
  text: string;
  wrap?: boolean;
  weight?: 'regular' | 'bold';
  size?: 'xs' | 'sm' | 'md' | 'lg';
  color?: string;
}

interface FlexButton {
  type: 'button';
  style: 'primary' | 'secondary' | 'link';
  height?: 'sm' | 'md';
  action: { type: 'uri'; label: string; uri: string };
}

interface FlexBox {
  type: 'box';
  layout: 'vertical' | 'horizontal';
  spacing?: 'sm' | 'md';
  contents: Array<FlexText | FlexButton>;
}

export interface FlexMessage {
  type: 'flex';
  /** What LINE shows in the chat list and on devices that cannot draw Flex (≤ 400 characters). */
  altText: string;
  contents: { type: 'bubble'; body: FlexBox; footer: FlexBox };
}

export type LineMessage = FlexMessage;

// Users have no language stored yet (the ID token carries none), so every message is Japanese, the app's
// first language (SPEC §1), with LINE's role names; English waits for a language on the user.

// Read from the Worker's env, as the audit key is (worker/audit/keys.ts), so that the services that render a
// message keep their signatures.
const workerBindings = env as Partial<Pick<Bindings, 'LIFF_ID'>>;

/** The app's screens, as LINE opens them: through the LIFF URL, which carries the path into the app. */
function liffUrl(path: string): string {
  return `https://liff.line.me/${workerBindings.LIFF_ID ?? ''}${path}`;
}

/** The account or group page: where its admins decide join requests. */
function resourceScreen(kind: Kind, id: string): string {
  return `/${kind === 'account' ? 'accounts' : 'groups'}/${encodeURIComponent(id)}`;
}

const HOME_SCREEN = '/';

/** LINE cuts altText at 400 characters; a long name must not make the push fail. */
function altText(text: string): string {
  return [...text].length <= 400 ? text : `${[...text].slice(0, 399).join('')}…`;
}

function bubble(title: string, text: string, buttons: FlexButton[]): FlexMessage {
  return {
    type: 'flex',
    altText: altText(text),
    contents: {
      type: 'bubble',
      body: {
        type: 'box',
        layout: 'vertical',
        spacing: 'md',
        contents: [
          { type: 'text', text: title, weight: 'bold', size: 'sm', color: '#06C755' },
          { type: 'text', text, wrap: true, size: 'md' },
        ],
      },
      footer: { type: 'box', layout: 'horizontal', spacing: 'sm', contents: buttons },
    },
  };
}

function button(label: string, uri: string, style: FlexButton['style']): FlexButton {
  return { type: 'button', style, height: 'sm', action: { type: 'uri', label, uri } };
}

interface RequestFacts {
  resource: { kind: Kind; id: string; name: string };
  role: Role;
}

/** To each direct admin: someone asks to join; both buttons open the page where the request is decided. */
export function joinRequestMessage(facts: RequestFacts & { requesterName: string }): LineMessage[] {
  const { resource, role } = facts;
  const text = `${facts.requesterName}さんが ${resource.name} への参加をリクエストしています（${ROLE_NAMES_JA[resource.kind][role]}）`;
  const uri = liffUrl(resourceScreen(resource.kind, resource.id));
  return [bubble('参加リクエスト', text, [button('承認', uri, 'primary'), button('却下', uri, 'secondary')])];
}

/** To the requester, once an admin approved: the page of what they now reach. */
export function requestApprovedMessage(facts: RequestFacts): LineMessage[] {
  const { resource, role } = facts;
  const text = `${resource.name} への参加が承認されました（${ROLE_NAMES_JA[resource.kind][role]}）`;
  return [
    bubble('参加リクエストの承認', text, [
      button('開く', liffUrl(resourceScreen(resource.kind, resource.id)), 'primary'),
    ]),
  ];
}

/** To the requester, once an admin rejected: the resource is not theirs to open, so the link is ホーム. */
export function requestRejectedMessage(facts: RequestFacts): LineMessage[] {
  const { resource, role } = facts;
  const text = `${resource.name} への参加リクエスト（${ROLE_NAMES_JA[resource.kind][role]}）は却下されました`;
  return [bubble('参加リクエストの却下', text, [button('ホームを開く', liffUrl(HOME_SCREEN), 'link')])];
}

/** The member page of a person on a resource: where the inviter sees the role they now hold. */
function memberScreen(kind: Kind, id: string, userId: string): string {
  return `${resourceScreen(kind, id)}/members/${encodeURIComponent(userId)}`;
}

interface InviteFacts extends RequestFacts {
  invitee: { userId: string; displayName: string };
}

/** To the inviter: the invite was accepted and the role granted (no approval was needed). */
export function inviteAcceptedMessage(facts: InviteFacts): LineMessage[] {
  const { resource, role, invitee } = facts;
  const text = `${invitee.displayName}さんが ${resource.name} への招待を承諾しました（${ROLE_NAMES_JA[resource.kind][role]}）`;
  return [
    bubble('招待の承諾', text, [
      button('メンバーを見る', liffUrl(memberScreen(resource.kind, resource.id, invitee.userId)), 'primary'),
    ]),
  ];
}

/** To the inviter: the invite was declined; a new one would have to be issued (rule 7). */
export function inviteDeclinedMessage(facts: InviteFacts): LineMessage[] {
  const { resource, role, invitee } = facts;
  const text = `${invitee.displayName}さんが ${resource.name} への招待を辞退しました（${ROLE_NAMES_JA[resource.kind][role]}）`;
  return [
    bubble('招待の辞退', text, [button('開く', liffUrl(resourceScreen(resource.kind, resource.id)), 'link')]),
  ];
}

/** Where an admin issues a new invite to the account or group. */
function inviteScreen(kind: Kind, id: string): string {
  return `${resourceScreen(kind, id)}/invite`;
}

interface ResourceFacts {
  resource: { kind: Kind; id: string; name: string };
}

/** To the person whose direct role an admin changed: who did it, and the page of what they now hold. */
export function roleChangedMessage(facts: RequestFacts & { actorName: string }): LineMessage[] {
  const { resource, role } = facts;
  const text = `${facts.actorName}さんが ${resource.name} でのあなたの権限を ${ROLE_NAMES_JA[resource.kind][role]} に変更しました`;
  return [
    bubble('権限の変更', text, [
      button('開く', liffUrl(resourceScreen(resource.kind, resource.id)), 'primary'),
    ]),
  ];
}

/** To the person an admin removed: the resource is no longer theirs to open, so the link is ホーム. */
export function memberRemovedMessage(facts: ResourceFacts & { actorName: string }): LineMessage[] {
  const text = `${facts.actorName}さんが ${facts.resource.name} のメンバーからあなたを削除しました`;
  return [bubble('メンバーから削除', text, [button('ホームを開く', liffUrl(HOME_SCREEN), 'link')])];
}

/** To the issuer of an invite nobody used in its 24 hours: a used-up invite is never reopened (rule 7). */
export function inviteExpiredMessage(facts: RequestFacts): LineMessage[] {
  const { resource, role } = facts;
  const text = `${resource.name} への招待（${ROLE_NAMES_JA[resource.kind][role]}）は使われないまま期限が切れました`;
  return [
    bubble('招待の期限切れ', text, [
      button('もう一度招待する', liffUrl(inviteScreen(resource.kind, resource.id)), 'primary'),
    ]),
  ];
}

/** To the only direct admin: whoever loses LINE access next would leave the resource without one. */
export function singleAdminMessage(facts: ResourceFacts): LineMessage[] {
  const { resource } = facts;
  const text = `${resource.name} の管理者はあなた1人です。もしものときに備えて、もう1人管理者を招待しましょう`;
  return [
    bubble('管理者が1人です', text, [
      button('管理者を招待する', liffUrl(inviteScreen(resource.kind, resource.id)), 'primary'),
    ]),
  ];
}
