import fc from 'fast-check';
import { ROLES, type Role } from '../../../worker/authz/roles';
import {
  ACCOUNTS,
  GROUPS,
  isAdmin,
  isDirectAdmin,
  isLinked,
  type Model,
  type Op,
  RESOURCES,
  type Res,
  reaches,
} from './reference';

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
  /** The issuer of an invite tries to use it: rule 10's way back in after a removal. */
  | { type: 'own'; decline: boolean; invite: ItemPick }
  | { type: 'role'; by: ActorPick; res: Res; target: ActorPick; role: Role }
  | { type: 'remove'; by: ActorPick; res: Res; target: ActorPick }
  | { type: 'leave'; by: ActorPick; res: Res }
  | { type: 'approval'; by: ActorPick; res: Res; on: boolean }
  | { type: 'approve' | 'reject'; by: ActorPick; request: ItemPick }
  | { type: 'link' | 'unlink'; by: ActorPick; group: Res; account: Res }
  | { type: 'offboard'; by: ActorPick; res: Res; target: ActorPick; targetRes: Res }
  /** An access review run through: the bits of `remove` mark whom to remove of those it lists, the rest kept. */
  | { type: 'review'; by: ActorPick; res: Res; remove: number; self: boolean }
  /**
   * Two attackers against one offboarding, at once: the caller offboards the issuer of an invite while the
   * issuer accepts it themself and an accomplice (a second LINE account) accepts it too.
   */
  | { type: 'comeback'; invite: ItemPick; n: number }
  /** An admin puts the account in a group of theirs while a co-admin offboards them. */
  | { type: 'backdoor'; group: Res; account: Res; n: number }
  /** Two admins of `res` offboard each other at once: neither wants to be the one who leaves. */
  | { type: 'mutual offboard'; res: Res; n: number }
  /** Two admins of `res` offboard the same third person at once. */
  | { type: 'double offboard'; res: Res; n: number };

const everyone = (actors: number) => Array.from({ length: actors }, (_, i) => i);

/** The n-th of the first non-empty candidate list (the last is everyone). */
function choose(n: number, ...lists: number[][]): number {
  const from = lists.find((list) => list.length > 0) ?? [0];
  return from[n % from.length] ?? 0;
}

function pickActor(m: Model, actors: number, res: Res, pick: ActorPick): number {
  const wanted: Record<ActorPick['from'], (actor: number) => boolean> = {
    admin: (actor) => isAdmin(m, actor, res),
    member: (actor) => reaches(m, actor, res),
    outsider: (actor) => !m.resources[res]?.members.has(actor),
    anyone: () => true,
  };
  return choose(pick.n, everyone(actors).filter(wanted[pick.from]), everyone(actors));
}

function pickItem<T extends { status: string }>(items: Iterable<T>, pick: ItemPick): T | undefined {
  const all = [...items];
  const pending = all.filter((item) => item.status === 'pending');
  const from = pick.pending && pending.length > 0 ? pending : all;
  return from[pick.n % Math.max(from.length, 1)];
}

/** A linked pair when there is one (so that "take it out" mostly has something to take out). */
function linkedPair(m: Model, n: number, group: Res, account: Res): [Res, Res] {
  const pairs = GROUPS.flatMap((g) =>
    ACCOUNTS.filter((a) => isLinked(m, g, a)).map((a): [Res, Res] => [g, a]),
  );
  return pairs[n % Math.max(pairs.length, 1)] ?? [group, account];
}

/** The ops an intent stands for in this state; none when there is nothing for it to act on. */
export function resolve(m: Model, actors: number, intent: Intent): Op[] {
  const actor = (res: Res, pick: ActorPick) => pickActor(m, actors, res, pick);
  const all = everyone(actors);
  switch (intent.type) {
    case 'issue':
      return [{ type: 'issue', actor: actor(intent.res, intent.by), res: intent.res, role: intent.role }];
    case 'approval':
      return [{ type: 'approval', actor: actor(intent.res, intent.by), res: intent.res, on: intent.on }];
    case 'accept':
    case 'decline':
    case 'revoke': {
      const invite = pickItem(m.invites.values(), intent.invite);
      if (!invite) return [];
      const by = actor(invite.res, intent.by);
      return [
        intent.type === 'revoke'
          ? { type: 'revoke', actor: by, invite: invite.id }
          : { type: intent.type, actor: by, invite: invite.id, token: invite.token },
      ];
    }
    case 'own': {
      const invite = pickItem(m.invites.values(), intent.invite);
      if (!invite) return [];
      const type = intent.decline ? 'decline' : 'accept';
      return [{ type, actor: invite.issuer, invite: invite.id, token: invite.token, own: true }];
    }
    case 'role':
      return [
        {
          type: 'role',
          actor: actor(intent.res, intent.by),
          res: intent.res,
          target: actor(intent.res, intent.target),
          role: intent.role,
        },
      ];
    case 'remove':
      return [
        {
          type: 'remove',
          actor: actor(intent.res, intent.by),
          res: intent.res,
          target: actor(intent.res, intent.target),
        },
      ];
    case 'leave': {
      const by = actor(intent.res, intent.by);
      return [{ type: 'remove', actor: by, res: intent.res, target: by }];
    }
    case 'approve':
    case 'reject': {
      const request = pickItem(m.requests.values(), intent.request);
      if (!request) return [];
      return [{ type: intent.type, actor: actor(request.res, intent.by), request: request.id }];
    }
    case 'link': {
      const { group, account } = intent;
      // Usually someone who may (a direct admin of the account administering the group), else whoever.
      const by =
        intent.by.from === 'anyone'
          ? actor(account, intent.by)
          : choose(
              intent.by.n,
              all.filter((a) => isDirectAdmin(m, a, account) && isAdmin(m, a, group)),
              all.filter((a) => reaches(m, a, account) && reaches(m, a, group)),
              all.filter((a) => isAdmin(m, a, account) || isAdmin(m, a, group)),
              all,
            );
      return [{ type: 'link', actor: by, group, account }];
    }
    case 'unlink': {
      const [group, account] = linkedPair(m, intent.by.n, intent.group, intent.account);
      const by =
        intent.by.from === 'anyone'
          ? actor(account, intent.by)
          : choose(
              intent.by.n,
              all.filter((a) => isDirectAdmin(m, a, account) || isAdmin(m, a, group)),
              all,
            );
      return [{ type: 'unlink', actor: by, group, account }];
    }
    case 'offboard': {
      const by = actor(intent.res, intent.by);
      // Usually someone else who reaches something; now and then the caller themself.
      const target =
        intent.target.from === 'anyone'
          ? actor(intent.targetRes, intent.target)
          : choose(
              intent.target.n,
              all.filter((a) => a !== by && reaches(m, a, intent.targetRes)),
              all.filter((a) => a !== by && RESOURCES.some((res) => reaches(m, a, res))),
              all,
            );
      return [{ type: 'offboard', actor: by, target }];
    }
    case 'review': {
      // The bits pick among the other people who reach the resource; now and then the reviewer too.
      const by = actor(intent.res, intent.by);
      const others = all.filter((a) => a !== by && reaches(m, a, intent.res));
      const remove = [...others.filter((_, i) => (intent.remove >> i) & 1), ...(intent.self ? [by] : [])];
      return [{ type: 'review', actor: by, res: intent.res, remove }];
    }
    case 'comeback': {
      const invite = pickItem(m.invites.values(), intent.invite);
      if (!invite) return [];
      const issuer = invite.issuer;
      const caller = choose(
        intent.n,
        all.filter((a) => a !== issuer && isDirectAdmin(m, a, invite.res)),
        all.filter((a) => a !== issuer && RESOURCES.some((res) => isAdmin(m, a, res))),
      );
      const accomplice = choose(
        intent.n + 1,
        all.filter((a) => a !== issuer && a !== caller && !m.resources[invite.res]?.members.has(a)),
        all.filter((a) => a !== issuer),
      );
      const use = { invite: invite.id, token: invite.token };
      return [
        { type: 'offboard', actor: caller, target: issuer },
        { type: 'accept', actor: issuer, ...use, own: true },
        { type: 'accept', actor: accomplice, ...use },
      ];
    }
    case 'mutual offboard':
    case 'double offboard': {
      const admins = all.filter((a) => isAdmin(m, a, intent.res));
      const first = admins[intent.n % Math.max(admins.length, 1)];
      const second = admins[(intent.n + 1) % Math.max(admins.length, 1)];
      if (first === undefined || second === undefined || first === second) return [];
      if (intent.type === 'mutual offboard') {
        return [
          { type: 'offboard', actor: first, target: second },
          { type: 'offboard', actor: second, target: first },
        ];
      }
      const target = choose(
        intent.n,
        all.filter((a) => a !== first && a !== second && reaches(m, a, intent.res)),
        all.filter((a) => a !== first && a !== second),
      );
      return [
        { type: 'offboard', actor: first, target },
        { type: 'offboard', actor: second, target },
      ];
    }
    case 'backdoor': {
      const { group, account } = intent;
      const attacker = choose(
        intent.n,
        all.filter((a) => isDirectAdmin(m, a, account) && isAdmin(m, a, group)),
        all.filter((a) => isDirectAdmin(m, a, account)),
      );
      const caller = choose(
        intent.n + 1,
        all.filter((a) => a !== attacker && isDirectAdmin(m, a, account)),
        all.filter((a) => a !== attacker && isAdmin(m, a, account)),
        all.filter((a) => a !== attacker),
      );
      return [
        { type: 'link', actor: attacker, group, account },
        { type: 'offboard', actor: caller, target: attacker },
      ];
    }
  }
}

const admin = (k: number): ActorPick => ({ from: 'admin', n: k });
const outsider = (k: number): ActorPick => ({ from: 'outsider', n: k });

export interface Race {
  label: string;
  intents: Intent[];
  /** A race between admins needs two of them on the resource to be a race at all. */
  needsAdmins?: { res: Res; count: number };
  /**
   * Offboardings are one batch per resource, so two at once interleave resource by resource and the end
   * state may be no serial order's. Such a race is held to the rules alone (3, 8, 11, 12: what storage holds
   * and what each answer reports), and what storage then holds becomes the model's state.
   */
  interleaves?: boolean;
}

/** Whether a race's precondition holds in this state. */
export function canRace(m: Model, actors: number, race: Pick<Race, 'needsAdmins'>): boolean {
  if (!race.needsAdmins) return true;
  const { res, count } = race.needsAdmins;
  return everyone(actors).filter((actor) => isAdmin(m, actor, res)).length >= count;
}

const n = fc.nat({ max: 99 });
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

/**
 * Resources picked evenly, or mostly among `focus` (the seat-limit property aims at the full account and the
 * group that can fill it).
 */
function among(all: readonly Res[], focus: readonly Res[]): fc.Arbitrary<Res> {
  const even = fc.constantFrom<Res>(...all);
  const aimed = all.filter((r) => focus.includes(r));
  return aimed.length === 0 ? even : fc.oneof({ arbitrary: fc.constantFrom(...aimed), weight: 3 }, even);
}

/** The generated commands: one request (`single`), or 2–3 at once (`concurrent`). */
export function intents(focus: readonly Res[] = []) {
  const res = among(RESOURCES, focus);
  const group = among(GROUPS, focus);
  const account = among(ACCOUNTS, focus);
  const singleIntent: fc.Arbitrary<Intent> = fc.oneof(
    {
      arbitrary: fc.record({ type: fc.constant('issue' as const), by: pick('admin'), res, role }),
      weight: 5,
    },
    {
      arbitrary: fc.record({ type: fc.constant('accept' as const), by: pick('outsider'), invite: item }),
      weight: 5,
    },
    {
      arbitrary: fc.record({ type: fc.constant('decline' as const), by: pick('outsider'), invite: item }),
      weight: 1,
    },
    {
      arbitrary: fc.record({ type: fc.constant('own' as const), decline: fc.boolean(), invite: item }),
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
    {
      arbitrary: fc.record({ type: fc.constant('link' as const), by: pick('admin'), group, account }),
      weight: 2,
    },
    {
      arbitrary: fc.record({ type: fc.constant('unlink' as const), by: pick('admin'), group, account }),
      weight: 1,
    },
    {
      arbitrary: fc.record({
        type: fc.constant('offboard' as const),
        by: pick('admin'),
        res,
        target: pick('member'),
        targetRes: res,
      }),
      weight: 2,
    },
    {
      // Mostly one or two of the others marked remove; the reviewer themself one time in six.
      arbitrary: fc.record({
        type: fc.constant('review' as const),
        by: pick('admin'),
        res,
        remove: fc.oneof(
          { arbitrary: fc.constantFrom(1, 2, 3), weight: 3 },
          { arbitrary: fc.nat({ max: 15 }), weight: 1 },
        ),
        self: fc.oneof({ arbitrary: fc.constant(false), weight: 5 }, fc.constant(true)),
      }),
      weight: 1,
    },
  );

  /**
   * Singles that may run at once with anything: an offboarding is one batch per resource, not one batch, so
   * two of them interleave in ways no serial order explains; the races that involve one are listed below.
   */
  const raceable = singleIntent.filter((intent) => intent.type !== 'offboard' && intent.type !== 'review');

  /** 2–3 requests sent at once: the races SPEC §7 names, the attacks of rules 10 and 11, and random mixes. */
  const concurrent: fc.Arbitrary<Race> = fc.oneof(
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
    fc.record({ group, account, k: n }).map(({ group, account, k }) => ({
      label: 'link and take out at once',
      intents: [
        { type: 'link', by: admin(k), group, account },
        { type: 'unlink', by: admin(k + 1), group, account },
      ] satisfies Intent[],
    })),
    fc.record({ invite: item, k: n }).map(({ invite, k }) => ({
      label: 'offboarded issuer and accomplice accept',
      intents: [{ type: 'comeback', invite, n: k }] satisfies Intent[],
    })),
    fc.record({ group, account, k: n }).map(({ group, account, k }) => ({
      label: 'back door while offboarded',
      intents: [{ type: 'backdoor', group, account, n: k }] satisfies Intent[],
    })),
    fc.record({ res, k: n }).map(({ res, k }) => ({
      label: 'mutual offboarding',
      needsAdmins: { res, count: 2 },
      interleaves: true,
      intents: [{ type: 'mutual offboard', res, n: k }] satisfies Intent[],
    })),
    fc.record({ res, k: n }).map(({ res, k }) => ({
      label: 'two admins offboard one person',
      needsAdmins: { res, count: 2 },
      interleaves: true,
      intents: [{ type: 'double offboard', res, n: k }] satisfies Intent[],
    })),
    fc.array(raceable, { minLength: 2, maxLength: 3 }).map((intents) => ({ label: 'mix', intents })),
  );
  return { single: singleIntent, concurrent };
}
