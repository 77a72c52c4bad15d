import { ROLES } from '../../worker/authz/roles';
import type { AuditAction, AuditEvent } from '../api/audit';
import type { ResourceKind, Role } from '../api/types';
import { t } from './index';
import { roleLabel } from './labels';

// One sentence per kind of audit event, in plain words: who did what to whom, and the change (before → after).

type Person = AuditEvent['actor'];

/** What a sentence needs, already in the user's words. */
type Parts = {
  actor: string;
  target: string;
  /** The role the event is about (an invite's, a request's, a new member's). */
  role: string;
  kindName: string;
  name: string;
  group: string;
  account: string;
};

type Sentences = Record<AuditAction, (p: Parts) => string> & {
  someone: string;
  system: string;
  none: string;
  person: (name: string) => string;
  required: (on: boolean) => string;
  nameChange: (before: string, after: string) => string;
  approvalChange: (before: string, after: string) => string;
  /** An invite ended because its issuer (the event's target) no longer administers the resource (rule 10). */
  revokedIssuerLost: (p: Parts) => string;
};

const ja: Sentences = {
  someone: '不明なユーザー',
  system: 'システム',
  none: '権限なし',
  person: (name) => `${name}さん`,
  required: (on) => (on ? '必要' : '不要'),
  nameChange: (before, after) => `名前: 「${before}」→「${after}」`,
  approvalChange: (before, after) => `参加の承認: ${before} → ${after}`,
  'resource.created': (p) => `${p.actor}が${p.kindName}「${p.name}」を登録し、管理者になりました`,
  'resource.updated': (p) => `${p.actor}が設定を変更しました`,
  'member.added': (p) => `${p.actor}が${p.target}を${p.role}として追加しました`,
  'member.role_changed': (p) => `${p.actor}が${p.target}の権限を変更しました`,
  'member.removed': (p) => `${p.actor}が${p.target}を削除しました`,
  'member.left': (p) => `${p.target}が抜けました`,
  'invite.issued': (p) => `${p.actor}が${p.role}の招待リンクを発行しました`,
  'invite.revoked': (p) => `${p.actor}が招待リンクを取り消しました`,
  'invite.accepted': (p) => `${p.target}が招待から${p.role}として参加しました`,
  'invite.declined': (p) => `${p.target}が${p.role}への招待を辞退しました`,
  'invite.expired': (p) => `${p.role}の招待リンクが期限切れになりました`,
  'request.created': (p) => `${p.target}が${p.role}として参加を申請しました`,
  'request.approved': (p) => `${p.actor}が${p.target}の参加を承認しました`,
  'request.rejected': (p) => `${p.actor}が${p.target}の参加申請を却下しました`,
  'request.withdrawn': (p) => `${p.target}の${p.role}としての参加申請が取り下げられました`,
  revokedIssuerLost: (p) =>
    `${p.target}が管理者でなくなったため、${p.target}が発行した${p.role}の招待リンクが取り消されました`,
  'group.account_added': (p) =>
    p.account
      ? `${p.actor}がアカウント「${p.account}」をグループ${p.group}に追加しました`
      : `${p.actor}がアカウントをグループに追加しました`,
  'group.account_removed': (p) =>
    p.account
      ? `${p.actor}がアカウント「${p.account}」をグループ${p.group}から外しました`
      : `${p.actor}がアカウントをグループから外しました`,
  'review.started': (p) => `${p.actor}が棚卸しを始めました`,
  'review.decided': (p) => `${p.actor}が棚卸しで${p.target}を残すか外すか決めました`,
  'review.completed': (p) => `${p.actor}が棚卸しを完了しました`,
  'channel.connected': (p) => `${p.actor}がMessaging APIを接続しました`,
  'channel.disconnected': (p) => `${p.actor}がMessaging APIの接続を解除しました`,
  'broadcast.sent': (p) => `${p.actor}がメッセージを配信しました`,
  'broadcast.test_sent': (p) => `${p.actor}が自分にテスト送信しました`,
  'broadcast.failed': (p) => `${p.actor}のメッセージ送信をLINEが受け付けませんでした`,
};

const en: Sentences = {
  someone: 'An unknown user',
  system: 'The system',
  none: 'No access',
  person: (name) => name,
  required: (on) => (on ? 'required' : 'not required'),
  nameChange: (before, after) => `Name: “${before}” → “${after}”`,
  approvalChange: (before, after) => `Approval to join: ${before} → ${after}`,
  'resource.created': (p) =>
    `${p.actor} registered the ${p.kindName.toLowerCase()} “${p.name}” and became its admin`,
  'resource.updated': (p) => `${p.actor} changed the settings`,
  'member.added': (p) => `${p.actor} added ${p.target} as ${p.role}`,
  'member.role_changed': (p) => `${p.actor} changed the role of ${p.target}`,
  'member.removed': (p) => `${p.actor} removed ${p.target}`,
  'member.left': (p) => `${p.target} left`,
  'invite.issued': (p) => `${p.actor} created an invite link for ${p.role}`,
  'invite.revoked': (p) => `${p.actor} revoked an invite link`,
  'invite.accepted': (p) => `${p.target} joined as ${p.role} through an invite`,
  'invite.declined': (p) => `${p.target} declined an invite as ${p.role}`,
  'invite.expired': (p) => `An invite link for ${p.role} expired`,
  'request.created': (p) => `${p.target} asked to join as ${p.role}`,
  'request.approved': (p) => `${p.actor} approved the join request of ${p.target}`,
  'request.rejected': (p) => `${p.actor} rejected the join request of ${p.target}`,
  'request.withdrawn': (p) => `The join request of ${p.target} as ${p.role} was withdrawn`,
  revokedIssuerLost: (p) =>
    `An invite link for ${p.role} issued by ${p.target} was revoked: they are no longer an admin`,
  'group.account_added': (p) =>
    p.account
      ? `${p.actor} added the account “${p.account}” to the group${p.group}`
      : `${p.actor} added an account to the group`,
  'group.account_removed': (p) =>
    p.account
      ? `${p.actor} took the account “${p.account}” out of the group${p.group}`
      : `${p.actor} took an account out of the group`,
  'review.started': (p) => `${p.actor} started an access review`,
  'review.decided': (p) => `${p.actor} decided whether ${p.target} keeps access in the access review`,
  'review.completed': (p) => `${p.actor} completed the access review`,
  'channel.connected': (p) => `${p.actor} connected the Messaging API channel`,
  'channel.disconnected': (p) => `${p.actor} disconnected the Messaging API channel`,
  'broadcast.sent': (p) => `${p.actor} broadcast a message`,
  'broadcast.test_sent': (p) => `${p.actor} sent a test message to themself`,
  'broadcast.failed': (p) => `LINE did not accept a message sent by ${p.actor}`,
};

function field(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null && key in value
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function text(value: unknown, key: string): string {
  const found = field(value, key);
  return typeof found === 'string' ? found : '';
}

function roleOf(value: unknown): Role | null {
  const found = field(value, 'role');
  return typeof found === 'string' && (ROLES as readonly string[]).includes(found) ? (found as Role) : null;
}

export type EventText = {
  /** Who did what to whom. */
  summary: string;
  /** The change, before → after, when the event has one. */
  change: string | null;
};

/**
 * The event in the user's language. `kind` is the kind of the resource whose history is shown (role names
 * differ for groups). An event that names no account (the demo's seeded ones) is told without its name.
 */
export function describeEvent(event: AuditEvent, kind: ResourceKind): EventText {
  const s = t.lang === 'ja' ? ja : en;
  const who = (person: Person | null) => {
    if (!person) return s.someone;
    if (person.displayName) return s.person(person.displayName);
    return person.userId === 'system' ? s.system : s.someone;
  };
  const label = (role: Role | null) => (role ? roleLabel(role, kind) : s.none);
  const before = roleOf(event.before);
  const after = roleOf(event.after);
  const payload = event.after ?? event.before;
  const group = text(payload, 'group');
  const parts: Parts = {
    actor: who(event.actor),
    target: who(event.target),
    role: label(after ?? before),
    kindName: t.kinds[kind],
    name: text(event.after, 'name'),
    group: group ? (t.lang === 'ja' ? `「${group}」` : ` “${group}”`) : '',
    account: text(payload, 'account'),
  };
  const issuerLost =
    event.action === 'invite.revoked' && text(event.after, 'reason') === 'issuer_lost_access';
  const summary = issuerLost ? s.revokedIssuerLost(parts) : s[event.action](parts);
  return { summary, change: changeOf(event, s, label, before, after) };
}

function changeOf(
  event: AuditEvent,
  s: Sentences,
  label: (role: Role | null) => string,
  before: Role | null,
  after: Role | null,
): string | null {
  switch (event.action) {
    case 'member.role_changed':
    case 'member.removed':
    case 'member.left':
    case 'member.added':
    case 'invite.accepted':
    case 'request.approved':
      return `${label(before)} → ${label(after)}`;
    case 'resource.updated': {
      const changes: string[] = [];
      const name = [text(event.before, 'name'), text(event.after, 'name')];
      if (name[1] && name[0] !== name[1]) changes.push(s.nameChange(name[0] ?? '', name[1]));
      const approval = [field(event.before, 'requireApproval'), field(event.after, 'requireApproval')];
      if (typeof approval[1] === 'boolean' && approval[0] !== approval[1]) {
        changes.push(s.approvalChange(s.required(approval[0] === true), s.required(approval[1])));
      }
      return changes.length > 0 ? changes.join(' / ') : null;
    }
    default:
      return null;
  }
}
