import fc from 'fast-check';
import { ROLES, type Role } from '../../../worker/authz/roles';
import { grantsOf, isAdmin, type Model, type Op, type Res } from './reference';

/**
 * What a generated command means to do, independent of the state it will meet: fast-check generates the
 * commands before they run, so "an admin of the group" or "the 3rd pending invite" is resolved against the
 * model only when the command runs (an index taken modulo the candidates there are).
 */
export interface ActorPick {
  from: 'admin' | 'member' | 'outsider' | 'anyone';
  n: number;
}

interface ItemPick {
  pending: boolean;
  n: number;
}

export type Intent =
  | { type: 'issue'; by: ActorPick; res: Res; role: Role }
  | { type: 'accept' | 'decline' | 'revoke'; by: ActorPick; invite: ItemPick }
  | { type: 'role'; by: ActorPick; res: Res; target: ActorPick; role: Role }
  | { type: 'remove'; by: ActorPick; res: Res; target: ActorPick }
  | { type: 'leave'; by: ActorPick; res: Res }
  | { type: 'approval'; by: ActorPick; res: Res; on: boolean }
  | { type: 'approve' | 'reject'; by: ActorPick; request: ItemPick };

function pickActor(m: Model, actors: number, res: Res, pick: ActorPick): number {
  const everyone = Array.from({ length: actors }, (_, i) => i);
  const wanted: Record<ActorPick['from'], (actor: number) => boolean> = {
    admin: (actor) => isAdmin(m, actor, res),
    member: (actor) => grantsOf(m, actor, res).length > 0,
    outsider: (actor) => !m.resources[res].members.has(actor),
    anyone: () => true,
  };
  const candidates = everyone.filter(wanted[pick.from]);
  const from = candidates.length > 0 ? candidates : everyone;
  return from[pick.n % from.length] ?? 0;
}

function pickItem<T extends { status: string }>(items: Iterable<T>, pick: ItemPick): T | undefined {
  const all = [...items];
  const pending = all.filter((item) => item.status === 'pending');
  const from = pick.pending && pending.length > 0 ? pending : all;
  return from[pick.n % Math.max(from.length, 1)];
}

/** The op an intent stands for in this state, or null when there is nothing for it to act on. */
export function resolve(m: Model, actors: number, intent: Intent): Op | null {
  const actor = (res: Res, pick: ActorPick) => pickActor(m, actors, res, pick);
  switch (intent.type) {
    case 'issue':
      return { type: 'issue', actor: actor(intent.res, intent.by), res: intent.res, role: intent.role };
    case 'approval':
      return { type: 'approval', actor: actor(intent.res, intent.by), res: intent.res, on: intent.on };
    case 'accept':
    case 'decline':
    case 'revoke': {
      const invite = pickItem(m.invites.values(), intent.invite);
      if (!invite) return null;
      const by = actor(invite.res, intent.by);
      return intent.type === 'revoke'
        ? { type: 'revoke', actor: by, invite: invite.id }
        : { type: intent.type, actor: by, invite: invite.id, token: invite.token };
    }
    case 'role': {
      const target = actor(intent.res, intent.target);
      return {
        type: 'role',
        actor: actor(intent.res, intent.by),
        res: intent.res,
        target,
        role: intent.role,
      };
    }
    case 'remove':
      return {
        type: 'remove',
        actor: actor(intent.res, intent.by),
        res: intent.res,
        target: actor(intent.res, intent.target),
      };
    case 'leave': {
      const by = actor(intent.res, intent.by);
      return { type: 'remove', actor: by, res: intent.res, target: by };
    }
    case 'approve':
    case 'reject': {
      const request = pickItem(m.requests.values(), intent.request);
      if (!request) return null;
      return { type: intent.type, actor: actor(request.res, intent.by), request: request.id };
    }
  }
}

const n = fc.nat({ max: 99 });
const res = fc.constantFrom<Res>(0, 1);
/** Admin twice as likely as each other role: resources with several admins make rule 3 and its races reachable. */
const role = fc.oneof({ arbitrary: fc.constant<Role>('admin'), weight: 2 }, fc.constantFrom(...ROLES));
const pick = (usual: ActorPick['from']) =>
  fc.oneof(
    { arbitrary: fc.record({ from: fc.constant(usual), n }), weight: 4 },
    { arbitrary: fc.record({ from: fc.constant<ActorPick['from']>('anyone'), n }), weight: 1 },
  );
const item = fc.record({
  pending: fc.oneof({ arbitrary: fc.constant(true), weight: 4 }, fc.constant(false)),
  n,
});

/** Approval on more often than off, so that join requests pile up to be approved and rejected. */
const approvalOn = fc.oneof({ arbitrary: fc.constant(true), weight: 2 }, fc.constant(false));

export const singleIntent: fc.Arbitrary<Intent> = fc.oneof(
  { arbitrary: fc.record({ type: fc.constant('issue' as const), by: pick('admin'), res, role }), weight: 4 },
  {
    arbitrary: fc.record({ type: fc.constant('accept' as const), by: pick('outsider'), invite: item }),
    weight: 4,
  },
  {
    arbitrary: fc.record({ type: fc.constant('decline' as const), by: pick('outsider'), invite: item }),
    weight: 1,
  },
  {
    arbitrary: fc.record({ type: fc.constant('revoke' as const), by: pick('admin'), invite: item }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('role' as const),
      by: pick('admin'),
      res,
      target: pick('member'),
      role,
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      type: fc.constant('remove' as const),
      by: pick('admin'),
      res,
      target: pick('member'),
    }),
    weight: 1,
  },
  { arbitrary: fc.record({ type: fc.constant('leave' as const), by: pick('member'), res }), weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant('approval' as const),
      by: pick('admin'),
      res,
      on: approvalOn,
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ type: fc.constant('approve' as const), by: pick('admin'), request: item }),
    weight: 2,
  },
  {
    arbitrary: fc.record({ type: fc.constant('reject' as const), by: pick('admin'), request: item }),
    weight: 1,
  },
);

const admin = (k: number): ActorPick => ({ from: 'admin', n: k });
const outsider = (k: number): ActorPick => ({ from: 'outsider', n: k });

export interface Race {
  label: string;
  intents: Intent[];
  /** A race between admins needs two of them on the resource to be a race at all. */
  needsAdmins?: { res: Res; count: number };
}

/** Whether a race's precondition holds in this state. */
export function canRace(m: Model, actors: number, race: Pick<Race, 'needsAdmins'>): boolean {
  if (!race.needsAdmins) return true;
  const { res, count } = race.needsAdmins;
  return (
    Array.from({ length: actors }, (_, i) => i).filter((actor) => isAdmin(m, actor, res)).length >= count
  );
}

/** 2–3 requests sent at once: the races SPEC §7 names, and random mixes. */
export const concurrentIntents: fc.Arbitrary<Race> = fc.oneof(
  fc.record({ invite: item, k: n, three: fc.boolean() }).map(({ invite, k, three }) => ({
    label: 'double accept',
    intents: [0, 1, ...(three ? [2] : [])].map(
      (i): Intent => ({ type: 'accept', by: outsider(k + i), invite }),
    ),
  })),
  fc.record({ invite: item, k: n }).map(({ invite, k }) => ({
    label: 'accept, decline and revoke one invite',
    intents: [
      { type: 'accept', by: outsider(k), invite },
      { type: 'decline', by: outsider(k + 1), invite },
      { type: 'revoke', by: admin(k), invite },
    ] satisfies Intent[],
  })),
  fc
    .record({ res, k: n, role: fc.constantFrom(...ROLES.filter((r) => r !== 'admin')) })
    .map(({ res, k, role }) => ({
      label: 'mutual demotion',
      needsAdmins: { res, count: 2 },
      intents: [
        { type: 'role', by: admin(k), res, target: admin(k + 1), role },
        { type: 'role', by: admin(k + 1), res, target: admin(k), role },
      ] satisfies Intent[],
    })),
  fc.record({ res, k: n }).map(({ res, k }) => ({
    label: 'mutual removal',
    needsAdmins: { res, count: 2 },
    intents: [
      { type: 'remove', by: admin(k), res, target: admin(k + 1) },
      { type: 'remove', by: admin(k + 1), res, target: admin(k) },
    ] satisfies Intent[],
  })),
  fc.record({ res, k: n }).map(({ res, k }) => ({
    label: 'every admin leaves',
    needsAdmins: { res, count: 2 },
    intents: [0, 1, 2].map((i): Intent => ({ type: 'leave', by: admin(k + i), res })),
  })),
  fc.record({ request: item, k: n }).map(({ request, k }) => ({
    label: 'approve and reject one request',
    intents: [
      { type: 'approve', by: admin(k), request },
      { type: 'reject', by: admin(k + 1), request },
    ] satisfies Intent[],
  })),
  fc.record({ invite: item, res, k: n, on: approvalOn }).map(({ invite, res, k, on }) => ({
    label: 'approval switched while accepting',
    intents: [
      { type: 'approval', by: admin(k), res, on },
      { type: 'accept', by: outsider(k), invite },
    ] satisfies Intent[],
  })),
  fc
    .record({ res, k: n, roles: fc.array(role, { minLength: 3, maxLength: 3 }) })
    .map(({ res, k, roles }) => ({
      label: 'issue burst',
      intents: roles.map((r, i): Intent => ({ type: 'issue', by: admin(k + i), res, role: r })),
    })),
  fc.array(singleIntent, { minLength: 2, maxLength: 3 }).map((intents) => ({ label: 'mix', intents })),
);
