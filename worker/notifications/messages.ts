import { env } from 'cloudflare:workers';
import type { Role } from '../authz/roles';
import type { Bindings } from '../env';
import type { Kind } from '../resources/schema';
import { COPY, type Copy, LANGUAGES, type Language } from './copy';

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

/**
 * A message rendered in every language Kengen speaks (worker/notifications/copy.ts). Who is told is decided in
 * SQL when the change is written, so the outbox statement carries each rendering and stores the one of each
 * recipient's LINE language (worker/notifications/outbox.ts).
 */
export type Rendered = Record<Language, LineMessage[]>;

function inEachLanguage(render: (copy: Copy) => LineMessage[]): Rendered {
  return Object.fromEntries(LANGUAGES.map((language) => [language, render(COPY[language])])) as Rendered;
}

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

/** The words the texts share: the resource's name and the role as the resource's kind names it. */
function named({ resource, role }: RequestFacts, { roleNames }: Pick<Copy, 'roleNames'>) {
  return { resource: resource.name, role: roleNames[resource.kind][role] };
}

/** To each direct admin: someone asks to join; both buttons open the page where the request is decided. */
export function joinRequestMessage(facts: RequestFacts & { requesterName: string }): Rendered {
  const uri = liffUrl(resourceScreen(facts.resource.kind, facts.resource.id));
  return inEachLanguage(({ joinRequest: c, ...copy }) => [
    bubble(c.title, c.text({ ...named(facts, copy), person: facts.requesterName }), [
      button(c.approve, uri, 'primary'),
      button(c.reject, uri, 'secondary'),
    ]),
  ]);
}

/** To the requester, once an admin approved: the page of what they now reach. */
export function requestApprovedMessage(facts: RequestFacts): Rendered {
  const uri = liffUrl(resourceScreen(facts.resource.kind, facts.resource.id));
  return inEachLanguage((copy) => [
    bubble(copy.requestApproved.title, copy.requestApproved.text(named(facts, copy)), [
      button(copy.open, uri, 'primary'),
    ]),
  ]);
}

/** To the requester, once an admin rejected: the resource is not theirs to open, so the link is ホーム. */
export function requestRejectedMessage(facts: RequestFacts): Rendered {
  return inEachLanguage((copy) => [
    bubble(copy.requestRejected.title, copy.requestRejected.text(named(facts, copy)), [
      button(copy.openHome, liffUrl(HOME_SCREEN), 'link'),
    ]),
  ]);
}

/** The member page of a person on a resource: where the inviter sees the role they now hold. */
function memberScreen(kind: Kind, id: string, userId: string): string {
  return `${resourceScreen(kind, id)}/members/${encodeURIComponent(userId)}`;
}

interface InviteFacts extends RequestFacts {
  invitee: { userId: string; displayName: string };
}

/** To the inviter: the invite was accepted and the role granted (no approval was needed). */
export function inviteAcceptedMessage(facts: InviteFacts): Rendered {
  const { resource, invitee } = facts;
  const uri = liffUrl(memberScreen(resource.kind, resource.id, invitee.userId));
  return inEachLanguage(({ inviteAccepted: c, ...copy }) => [
    bubble(c.title, c.text({ ...named(facts, copy), person: invitee.displayName }), [
      button(c.viewMember, uri, 'primary'),
    ]),
  ]);
}

/** To the inviter: the invite was declined; a new one would have to be issued (rule 7). */
export function inviteDeclinedMessage(facts: InviteFacts): Rendered {
  const uri = liffUrl(resourceScreen(facts.resource.kind, facts.resource.id));
  return inEachLanguage(({ inviteDeclined: c, ...copy }) => [
    bubble(c.title, c.text({ ...named(facts, copy), person: facts.invitee.displayName }), [
      button(copy.open, uri, 'link'),
    ]),
  ]);
}

/** Where an admin issues a new invite to the account or group. */
function inviteScreen(kind: Kind, id: string): string {
  return `${resourceScreen(kind, id)}/invite`;
}

interface ResourceFacts {
  resource: { kind: Kind; id: string; name: string };
}

/** To the person whose direct role an admin changed: who did it, and the page of what they now hold. */
export function roleChangedMessage(facts: RequestFacts & { actorName: string }): Rendered {
  const uri = liffUrl(resourceScreen(facts.resource.kind, facts.resource.id));
  return inEachLanguage(({ roleChanged: c, ...copy }) => [
    bubble(c.title, c.text({ ...named(facts, copy), person: facts.actorName }), [
      button(copy.open, uri, 'primary'),
    ]),
  ]);
}

/** To the person an admin removed: the resource is no longer theirs to open, so the link is ホーム. */
export function memberRemovedMessage(facts: ResourceFacts & { actorName: string }): Rendered {
  return inEachLanguage(({ memberRemoved: c, ...copy }) => [
    bubble(c.title, c.text({ resource: facts.resource.name, person: facts.actorName }), [
      button(copy.openHome, liffUrl(HOME_SCREEN), 'link'),
    ]),
  ]);
}

/** To the issuer of an invite nobody used in its 24 hours: a used-up invite is never reopened (rule 7). */
export function inviteExpiredMessage(facts: RequestFacts): Rendered {
  const uri = liffUrl(inviteScreen(facts.resource.kind, facts.resource.id));
  return inEachLanguage(({ inviteExpired: c, ...copy }) => [
    bubble(c.title, c.text(named(facts, copy)), [button(c.inviteAgain, uri, 'primary')]),
  ]);
}

/** A day as the copy's language writes it (12月15日, December 15), in Japan's time. */
function day(at: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric', timeZone: 'Asia/Tokyo' }).format(
    at,
  );
}

/**
 * To each direct admin, when the cron opens a resource's access review (SPEC §10): the deadline, and the
 * account or group page (the app has no review screen of its own to link yet).
 */
/** A review opened by the schedule, or (`overdue`) the weekly reminder of one past its deadline. */
export function reviewDueMessage(
  facts: ResourceFacts & { reviewId: string; dueAt: number; overdue: boolean },
): Rendered {
  // The review screen itself: one tap from LINE to 残す / 外す.
  const uri = liffUrl(`/reviews/${encodeURIComponent(facts.reviewId)}`);
  return inEachLanguage(({ reviewDue: c, dateLocale }) => {
    const words = { resource: facts.resource.name, due: day(facts.dueAt, dateLocale) };
    return [
      bubble(facts.overdue ? c.overdueTitle : c.title, facts.overdue ? c.overdueText(words) : c.text(words), [
        button(c.openReview, uri, 'primary'),
      ]),
    ];
  });
}

/** To the only direct admin: whoever loses LINE access next would leave the resource without one. */
export function singleAdminMessage(facts: ResourceFacts): Rendered {
  const uri = liffUrl(inviteScreen(facts.resource.kind, facts.resource.id));
  return inEachLanguage(({ singleAdmin: c }) => [
    bubble(c.title, c.text({ resource: facts.resource.name }), [button(c.inviteAdmin, uri, 'primary')]),
  ]);
}
