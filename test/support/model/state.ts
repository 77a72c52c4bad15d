import { env } from 'cloudflare:test';
import type { Role } from '../../../worker/authz/roles';
import { seatsSql } from '../../../worker/resources/seats';
import { call, json } from '../api';
import {
  ACCOUNTS,
  directAdmins,
  effectiveRole,
  GROUPS,
  grantsOf,
  type InviteStatus,
  isAdmin,
  isDirectAdmin,
  isGroup,
  isLinked,
  isLive,
  KINDS,
  linkKey,
  type Model,
  NAMES,
  type OffboardingAnswer,
  RESOURCES,
  type RequestState,
  type Res,
  reaches,
  SEAT_LIMIT,
  seatPeople,
  seats,
} from './reference';
import type { World } from './world';

/** What storage holds for the run's resources, read directly from D1 in one batch. */
export interface Snapshot {
  /** Per resource: user id → direct role. */
  members: Array<Map<string, string>>;
  requireApproval: boolean[];
  audit: number[];
  /** Per resource: audit action → events. */
  actions: Array<Map<string, number>>;
  /** Rule 12's count as the Worker's own SQL (`seatsSql`) computes it. */
  seats: number[];
  /** Group links between the run's resources, as `linkKey(group, account)`. */
  links: Set<string>;
  invites: Map<string, { res: Res; role: string; status: string; usedBy: string | null; createdBy: string }>;
  requests: Map<string, { res: Res; status: string; user: string; role: string; inviteId: string }>;
  /** Invites with more than one use (accept, join request or decline) in the audit log. */
  reused: string[];
  /** Where `sightings` (アクセス一覧's table) differs from what the memberships and links say. */
  sightingDrift: Array<{
    drift: 'missing' | 'stale';
    admin_id: string;
    user_id: string;
    display_name: string;
  }>;
}

export async function readSnapshot(world: World): Promise<Snapshot> {
  const db = env.DB;
  const ids = world.ids;
  const now = RESOURCES.length + 1;
  const bind = (sql: string, ...extra: unknown[]) => db.prepare(sql).bind(...ids, ...extra);
  const mine = '(?1, ?2, ?3, ?4)';
  const [members, resources, audit, seatRows, links, invites, requests, reused, drift] = await db.batch([
    bind(`SELECT resource_id, user_id, role FROM memberships WHERE resource_id IN ${mine}`),
    bind(`SELECT id, require_approval FROM resources WHERE id IN ${mine}`),
    bind(
      `SELECT resource_id, action, count(*) AS n FROM audit_events WHERE resource_id IN ${mine}
        GROUP BY resource_id, action`,
    ),
    bind(
      RESOURCES.map(
        (res) => `SELECT ?${res + 1} AS resource_id, ${seatsSql(`?${res + 1}`, `?${now}`)} AS n`,
      ).join(' UNION ALL '),
      Date.now(),
    ),
    bind(
      `SELECT group_id, account_id FROM group_accounts WHERE group_id IN ${mine} OR account_id IN ${mine}`,
    ),
    bind(
      `SELECT id, resource_id, role, status, used_by, created_by FROM invites WHERE resource_id IN ${mine}`,
    ),
    bind(
      `SELECT id, resource_id, user_id, role, status, invite_id FROM join_requests WHERE resource_id IN ${mine}`,
    ),
    bind(
      `SELECT json_extract(after, '$.inviteId') AS invite_id FROM audit_events
        WHERE resource_id IN ${mine} AND action IN ('invite.accepted', 'request.created', 'invite.declined')
        GROUP BY invite_id HAVING count(*) > 1`,
    ),
    // The truth for each of the run's resources (its direct admins see everyone under it), against the
    // stored rows of the run's people, names included.
    bind(
      `WITH truth AS (
         ${RESOURCES.map(
           (res) => `SELECT a.user_id AS admin_id, r.user_id
                       FROM (SELECT user_id FROM memberships WHERE resource_id = ?${res + 1} AND role = 'admin') a,
                            (SELECT user_id FROM reach_under WHERE resource_id = ?${res + 1}) r`,
         ).join(' UNION ')}
       ),
       named AS (SELECT t.admin_id, t.user_id, u.display_name FROM truth t JOIN users u ON u.id = t.user_id),
       stored AS (SELECT admin_id, user_id, display_name FROM sightings
                   WHERE admin_id IN (SELECT value FROM json_each(?${RESOURCES.length + 1})))
       SELECT 'missing' AS drift, * FROM (SELECT * FROM named EXCEPT SELECT * FROM stored)
       UNION ALL
       SELECT 'stale', * FROM (SELECT * FROM stored EXCEPT SELECT * FROM named)`,
      JSON.stringify(world.users.map((user) => user.userId)),
    ),
  ]);
  const resOf = (id: unknown): Res => {
    const res = ids.indexOf(String(id));
    if (res < 0) throw new Error(`a row outside the run: ${String(id)}`);
    return res as Res;
  };
  const rows = <T>(result: D1Result | undefined) => (result?.results ?? []) as T[];
  const snapshot: Snapshot = {
    members: RESOURCES.map(() => new Map()),
    requireApproval: RESOURCES.map(() => false),
    audit: RESOURCES.map(() => 0),
    actions: RESOURCES.map(() => new Map()),
    seats: RESOURCES.map(() => 0),
    links: new Set(),
    invites: new Map(),
    requests: new Map(),
    reused: rows<{ invite_id: string }>(reused).map((row) => row.invite_id),
    sightingDrift: rows<Snapshot['sightingDrift'][number]>(drift),
  };
  for (const row of rows<{ resource_id: string; user_id: string; role: string }>(members)) {
    snapshot.members[resOf(row.resource_id)]?.set(row.user_id, row.role);
  }
  for (const row of rows<{ id: string; require_approval: number }>(resources)) {
    snapshot.requireApproval[resOf(row.id)] = row.require_approval === 1;
  }
  for (const row of rows<{ resource_id: string; action: string; n: number }>(audit)) {
    const res = resOf(row.resource_id);
    snapshot.audit[res] = (snapshot.audit[res] ?? 0) + row.n;
    snapshot.actions[res]?.set(row.action, row.n);
  }
  for (const row of rows<{ resource_id: string; n: number }>(seatRows)) {
    snapshot.seats[resOf(row.resource_id)] = row.n;
  }
  for (const row of rows<{ group_id: string; account_id: string }>(links)) {
    // A link to a resource of another run would be a leak between runs: resOf throws on it.
    snapshot.links.add(linkKey(resOf(row.group_id), resOf(row.account_id)));
  }
  for (const row of rows<{
    id: string;
    resource_id: string;
    role: string;
    status: string;
    used_by: string | null;
    created_by: string;
  }>(invites)) {
    snapshot.invites.set(row.id, {
      res: resOf(row.resource_id),
      role: row.role,
      status: row.status,
      usedBy: row.used_by,
      createdBy: row.created_by,
    });
  }
  for (const row of rows<{
    id: string;
    resource_id: string;
    user_id: string;
    role: string;
    status: string;
    invite_id: string;
  }>(requests)) {
    snapshot.requests.set(row.id, {
      res: resOf(row.resource_id),
      status: row.status,
      user: row.user_id,
      role: row.role,
      inviteId: row.invite_id,
    });
  }
  return snapshot;
}

const idOf = (world: World, actor: number | null) =>
  actor === null ? null : (world.users[actor]?.userId ?? `#${actor}`);

/**
 * The model's state taken from storage, after a command no serial order needs to explain (two offboardings
 * at once). Only what such a command can change is taken: memberships, links, audit counts, and the
 * statuses of known invites and requests; tokens and issuers stay the model's.
 */
export function adoptStorage(model: Model, world: World, snapshot: Snapshot): Model {
  const actorOf = new Map(world.users.map((user, actor) => [user.userId, actor]));
  const actor = (userId: string | null) => (userId === null ? null : (actorOf.get(userId) ?? -1));
  const adopted = structuredClone(model);
  for (const res of RESOURCES) {
    const resource = adopted.resources[res];
    if (!resource) continue;
    resource.members = new Map(
      [...(snapshot.members[res] ?? [])].map(([userId, role]) => [actor(userId) ?? -1, role as Role]),
    );
    resource.audit = snapshot.audit[res] ?? 0;
    resource.actions = new Map(snapshot.actions[res]);
  }
  adopted.links = new Set(snapshot.links);
  for (const invite of adopted.invites.values()) {
    const stored = snapshot.invites.get(invite.id);
    if (!stored) continue;
    invite.status = stored.status as InviteStatus;
    invite.usedBy = actor(stored.usedBy);
  }
  for (const request of adopted.requests.values()) {
    const stored = snapshot.requests.get(request.id);
    if (stored) request.status = stored.status as RequestState['status'];
  }
  return adopted;
}

/** Where storage and the model disagree; empty when they agree. */
export function differences(model: Model, world: World, snapshot: Snapshot): string[] {
  const found: string[] = [];
  const userId = (actor: number | null) => idOf(world, actor);
  for (const res of RESOURCES) {
    const expected = model.resources[res];
    if (!expected) continue;
    const name = `${KINDS[res]} ${NAMES[res]}`;
    const want = [...expected.members].map(([actor, role]) => `${userId(actor)}=${role}`).sort();
    const got = [...(snapshot.members[res] ?? [])].map(([user, role]) => `${user}=${role}`).sort();
    if (want.join() !== got.join()) found.push(`${name} members: model [${want}] vs stored [${got}]`);
    if (expected.requireApproval !== snapshot.requireApproval[res]) {
      found.push(
        `${name} requireApproval: model ${expected.requireApproval} vs stored ${snapshot.requireApproval[res]}`,
      );
    }
    const actions = (events: Map<string, number> | undefined) =>
      [...(events ?? [])]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([action, n]) => `${action}×${n}`)
        .join(' ');
    if (
      expected.audit !== snapshot.audit[res] ||
      actions(expected.actions) !== actions(snapshot.actions[res])
    ) {
      found.push(
        `${name} audit events: model ${expected.audit} (${actions(expected.actions)}) vs stored ` +
          `${snapshot.audit[res]} (${actions(snapshot.actions[res])})`,
      );
    }
    if (seats(model, res) !== snapshot.seats[res]) {
      const live = [...model.invites.values()].filter((i) => i.res === res && isLive(i));
      const pending = [...snapshot.invites].filter(([, i]) => i.res === res && i.status === 'pending');
      found.push(
        `${name} seats: model ${seats(model, res)} vs stored ${snapshot.seats[res]}; model people ` +
          `[${[...seatPeople(model, res)].map((a) => `actor${a}`)}], live invites ` +
          `[${live.map((i) => `${i.id.slice(0, 8)} ${i.role} by actor${i.issuer}`)}]; stored pending ` +
          `[${pending.map(([id, i]) => `${id.slice(0, 8)} ${i.role} by ${i.createdBy}`)}]`,
      );
    }
  }
  const links = (set: Set<string>) => [...set].sort().join();
  if (links(model.links) !== links(snapshot.links)) {
    found.push(`group links: model [${links(model.links)}] vs stored [${links(snapshot.links)}]`);
  }
  if (model.invites.size !== snapshot.invites.size) {
    found.push(`invites: model ${model.invites.size} vs stored ${snapshot.invites.size}`);
  }
  for (const invite of model.invites.values()) {
    const stored = snapshot.invites.get(invite.id);
    const usedBy = userId(invite.usedBy);
    if (
      !stored ||
      stored.status !== invite.status ||
      stored.usedBy !== usedBy ||
      stored.res !== invite.res ||
      stored.createdBy !== userId(invite.issuer)
    ) {
      found.push(
        `invite ${invite.id}: model ${invite.status}/${usedBy} vs stored ${stored?.status}/${stored?.usedBy}`,
      );
    }
  }
  if (model.requests.size !== snapshot.requests.size) {
    found.push(`join requests: model ${model.requests.size} vs stored ${snapshot.requests.size}`);
  }
  for (const request of model.requests.values()) {
    const stored = snapshot.requests.get(request.id);
    const user = userId(request.user);
    if (
      !stored ||
      stored.status !== request.status ||
      stored.user !== user ||
      stored.role !== request.role ||
      stored.inviteId !== request.inviteId
    ) {
      found.push(
        `request ${request.id}: model ${request.status}/${user} vs stored ${stored?.status}/${stored?.user}`,
      );
    }
  }
  return found;
}

const FINAL_MOVES: Record<string, readonly string[]> = {
  pending: ['pending', 'accepted', 'awaiting_approval', 'declined', 'revoked', 'expired'],
  awaiting_approval: ['awaiting_approval', 'accepted', 'rejected'],
};

const linkedGroups = (snapshot: Snapshot, account: Res) =>
  GROUPS.filter((group) => snapshot.links.has(linkKey(group, account)));

/** A user's roles on a resource in storage: the direct one, and each linked group's on an account. */
function rolesIn(snapshot: Snapshot, userId: string, res: Res): string[] {
  const direct = snapshot.members[res]?.get(userId);
  const viaGroups = isGroup(res)
    ? []
    : linkedGroups(snapshot, res).flatMap((group) => snapshot.members[group]?.get(userId) ?? []);
  return [...(direct ? [direct] : []), ...viaGroups];
}

const isDirectAdminIn = (snapshot: Snapshot, userId: string, res: Res) =>
  snapshot.members[res]?.get(userId) === 'admin';
const administers = (snapshot: Snapshot, userId: string, res: Res) =>
  rolesIn(snapshot, userId, res).includes('admin');

/**
 * Rule 12 counted from storage alone, without the Worker's SQL: distinct people reaching the resource
 * (directly or through a linked group) or awaiting a decision, plus pending invites whose issuer may still
 * issue them (rule 10: a direct admin; for a role but admin on an account, an admin of a linked group too).
 */
function seatsInStorage(snapshot: Snapshot, res: Res): number {
  const people = new Set(snapshot.members[res]?.keys());
  if (!isGroup(res)) {
    for (const group of linkedGroups(snapshot, res)) {
      for (const user of snapshot.members[group]?.keys() ?? []) people.add(user);
    }
  }
  for (const request of snapshot.requests.values()) {
    if (request.res === res && request.status === 'pending') people.add(request.user);
  }
  const live = [...snapshot.invites.values()].filter(
    (invite) =>
      invite.res === res &&
      invite.status === 'pending' &&
      (isDirectAdminIn(snapshot, invite.createdBy, res) ||
        (invite.role !== 'admin' &&
          !isGroup(res) &&
          linkedGroups(snapshot, res).some((g) => snapshot.members[g]?.get(invite.createdBy) === 'admin'))),
  );
  return people.size + live.length;
}

/** Rules 1–3, 7 and 12 on what storage holds, whatever the model says. Updates `world.seen`. */
export function invariantViolations(world: World, snapshot: Snapshot): string[] {
  const found: string[] = [];
  for (const res of RESOURCES) {
    const name = `${KINDS[res]} ${NAMES[res]}`;
    const admins = [...(snapshot.members[res]?.values() ?? [])].filter((role) => role === 'admin').length;
    if (admins < 1) found.push(`rule 3: ${name} has no direct admin`);
    const counted = seatsInStorage(snapshot, res);
    if (counted > SEAT_LIMIT)
      found.push(`rule 2: ${name} holds ${counted} seats, counting people through groups`);
    if (counted !== snapshot.seats[res]) {
      found.push(`rule 12: ${name} holds ${counted} seats, but the Worker counts ${snapshot.seats[res]}`);
    }
  }
  for (const id of snapshot.reused) found.push(`rule 1: invite ${id} was used more than once`);
  for (const row of snapshot.sightingDrift) {
    found.push(
      `アクセス一覧: ${row.admin_id} → ${row.user_id} (${row.display_name}) ${row.drift} in sightings`,
    );
  }
  for (const [id, now] of snapshot.invites) {
    const before = world.seen.get(id);
    if (before) {
      const allowed = FINAL_MOVES[before.status] ?? [before.status];
      if (!allowed.includes(now.status))
        found.push(`rule 7: invite ${id} moved ${before.status} → ${now.status}`);
      if (before.usedBy !== null && before.usedBy !== now.usedBy) {
        found.push(`rule 1: invite ${id} changed hands ${before.usedBy} → ${now.usedBy}`);
      }
    }
    world.seen.set(id, { status: now.status, usedBy: now.usedBy });
  }
  return found;
}

/**
 * Rule 11's promise, from storage before and after and the offboarding's own answer, whatever the model
 * says: every path by which the person reached a resource the caller administered (a direct membership, or
 * for an account a group link) is gone afterwards, unless the answer reports it as refused. When the
 * offboarding ran alone, a refusal must also be one the caller really could not get past: removing a direct
 * admin through a group only (FORBIDDEN), removing the last admin (LAST_ADMIN), or cutting a link as neither
 * a direct admin of the account nor an admin of the group (FORBIDDEN). Paths that appeared during a
 * concurrent command, and resources the caller lost during it, are not the offboarding's to know.
 */
export function offboardingViolations(
  world: World,
  offboarding: { caller: number; target: number; answer: OffboardingAnswer; alone: boolean },
  before: Snapshot,
  after: Snapshot,
): string[] {
  const found: string[] = [];
  const caller = idOf(world, offboarding.caller) ?? '';
  const target = idOf(world, offboarding.target) ?? '';
  const { answer, alone } = offboarding;
  const who = `actor${offboarding.caller} offboarding actor${offboarding.target}`;
  // Run at once with another offboarding, the caller may lose a resource to it (two admins offboarding each
  // other): what is no longer theirs when it ends is not theirs to clear.
  const theirs = (r: Res) => administers(before, caller, r) && (alone || administers(after, caller, r));
  for (const res of RESOURCES.filter(theirs)) {
    const name = `${KINDS[res]} ${NAMES[res]}`;
    const role = before.members[res]?.get(target);
    if (role && after.members[res]?.get(target)) {
      const reported = answer.results.find((r) => r.res === res && r.outcome === 'refused');
      const directAdmins = [...(before.members[res]?.values() ?? [])].filter((r) => r === 'admin').length;
      const justified =
        reported?.code === 'FORBIDDEN'
          ? role === 'admin' && !isDirectAdminIn(before, caller, res)
          : reported?.code === 'LAST_ADMIN' && role === 'admin' && directAdmins <= 1;
      if (!reported) found.push(`rule 11: ${who}: still a member of ${name}, not reported as refused`);
      else if (alone && !justified) {
        found.push(`rule 11: ${who}: removal from ${name} refused ${reported.code}, though the caller could`);
      }
    }
    if (isGroup(res)) continue;
    for (const group of GROUPS) {
      const path = (s: Snapshot) => s.links.has(linkKey(group, res)) && s.members[group]?.has(target);
      if (!path(before) || !path(after)) continue;
      const reported = answer.cuts.find(
        (c) => c.group === group && c.account === res && c.outcome === 'refused',
      );
      const couldCut = administers(before, caller, group) || isDirectAdminIn(before, caller, res);
      if (!reported) {
        found.push(`rule 11: ${who}: still reaches ${name} through group ${NAMES[group]}, not reported`);
      } else if (alone && couldCut) {
        found.push(
          `rule 11: ${who}: cut of ${NAMES[group]}>${NAMES[res]} refused ${reported.code}, though the caller could`,
        );
      }
    }
  }
  if (alone) {
    for (const result of answer.results.filter((r) => r.outcome === 'removed')) {
      if (after.members[result.res]?.has(target)) {
        found.push(`offboarding: ${who}: reported removed from ${NAMES[result.res]}, still a member`);
      }
    }
    for (const cut of answer.cuts.filter((c) => c.outcome === 'cut')) {
      if (after.links.has(linkKey(cut.group, cut.account))) {
        found.push(
          `offboarding: ${who}: reported ${NAMES[cut.group]}>${NAMES[cut.account]} cut, still linked`,
        );
      }
    }
  }
  return found;
}

interface MembersBody {
  members: Array<{
    userId: string;
    role: string;
    grants: Array<{ role: string; source: 'direct' | 'group'; group?: { id: string } }>;
  }>;
  adminCount: number;
  seats: number;
  limit: number;
}

/**
 * GET …/members (SPEC §6) against the model, as a direct admin (who sees everyone): one entry per person
 * who reaches the resource, with the combined role and every grant with its source, the direct admins'
 * count, and rule 12's seats out of 100. Asked once at the end of a run: four requests, not four per step.
 */
export async function membersViolations(world: World, model: Model): Promise<string[]> {
  const found: string[] = [];
  await Promise.all(
    RESOURCES.map(async (res) => {
      const admin = directAdmins(model, res)[0];
      if (admin === undefined) return;
      const response = await call('GET', `/api/${KINDS[res]}/${world.ids[res]}/members`, {
        token: world.users[admin]?.token,
      });
      const name = `GET ${KINDS[res]} ${NAMES[res]}/members`;
      if (response.status !== 200) {
        found.push(`${name} answered ${response.status}`);
        return;
      }
      const body = await json<MembersBody>(response);
      const people = [...world.users.keys()].filter((actor) => reaches(model, actor, res));
      const want = people
        .map((actor) => {
          const grants = grantsOf(model, actor, res)
            .map((g) => `${g.role}@${g.via === null ? 'direct' : world.ids[g.via]}`)
            .sort();
          return `${world.users[actor]?.userId}=${effectiveRole(grantsOf(model, actor, res))}[${grants}]`;
        })
        .sort();
      const got = body.members
        .map((member) => {
          const grants = member.grants
            .map((g) => `${g.role}@${g.source === 'direct' ? 'direct' : g.group?.id}`)
            .sort();
          return `${member.userId}=${member.role}[${grants}]`;
        })
        .sort();
      if (want.join() !== got.join()) found.push(`${name}: model [${want}] vs answered [${got}]`);
      const expected = {
        adminCount: directAdmins(model, res).length,
        seats: seats(model, res),
        limit: SEAT_LIMIT,
      };
      const answered = { adminCount: body.adminCount, seats: body.seats, limit: body.limit };
      if (JSON.stringify(expected) !== JSON.stringify(answered)) {
        found.push(`${name}: model ${JSON.stringify(expected)} vs answered ${JSON.stringify(answered)}`);
      }
    }),
  );
  return found;
}

/**
 * GET /api/accounts/{id}/groups (the contract) for every actor: 404 without access, 403 for a non-admin, and
 * for an admin, direct or through a group, every group holding the account, including groups they are not
 * in, with the people each brings and whether they may take the account out (a direct admin of the
 * account, or an admin of the group).
 */
export async function accountGroupsViolations(world: World, model: Model, actors: number): Promise<string[]> {
  const found: string[] = [];
  const asks = ACCOUNTS.flatMap((account) =>
    Array.from({ length: actors }, (_, actor) => ({ account, actor })),
  );
  await Promise.all(
    asks.map(async ({ account, actor }) => {
      const response = await call('GET', `/api/accounts/${world.ids[account]}/groups`, {
        token: world.users[actor]?.token,
      });
      const status = !reaches(model, actor, account) ? 404 : !isAdmin(model, actor, account) ? 403 : 200;
      const name = `GET accounts ${NAMES[account]}/groups as actor${actor}`;
      if (response.status !== status) {
        found.push(`${name}: answered ${response.status}, model ${status}`);
        return;
      }
      if (status !== 200) return;
      const body = await json<{ groups: Array<{ id: string; people: number; canRemove: boolean }> }>(
        response,
      );
      const want = GROUPS.filter((group) => isLinked(model, group, account))
        .map((group) => {
          const canRemove = isDirectAdmin(model, actor, account) || isAdmin(model, actor, group);
          return `${world.ids[group]} ${model.resources[group]?.members.size} ${canRemove}`;
        })
        .sort();
      const got = body.groups.map((g) => `${g.id} ${g.people} ${g.canRemove}`).sort();
      if (want.join() !== got.join()) found.push(`${name}: model [${want}] vs answered [${got}]`);
    }),
  );
  return found;
}

export interface ChainAnswer {
  res: Res;
  status: number;
  body: { ok?: boolean; events?: number };
}

export const counters = { verifications: 0 };

/** GET …/audit/verify on a resource, as the given user (who should be one of its admins). */
export async function verifyChain(world: World, res: Res, userId: string): Promise<ChainAnswer> {
  counters.verifications += 1;
  const session = world.users.find((user) => user.userId === userId);
  const response = await call('GET', `/api/${KINDS[res]}/${world.ids[res]}/audit/verify`, {
    token: session?.token,
  });
  return { res, status: response.status, body: await json<ChainAnswer['body']>(response) };
}

/**
 * Rule 8 on the chains that grew: audit/verify answers ok over every stored event. Answers asked for ahead of
 * the snapshot (as an admin the model names) are used when they came back 200; any other chain that grew is
 * verified now, as an admin storage names, so the answer does not depend on the model being right.
 */
export async function chainViolations(
  world: World,
  snapshot: Snapshot,
  early: readonly ChainAnswer[],
): Promise<string[]> {
  const found: string[] = [];
  const grown = RESOURCES.filter((res) => snapshot.audit[res] !== world.verified[res]);
  const answers = await Promise.all(
    grown.map(async (res) => {
      const ahead = early.find((a) => a.res === res && a.status === 200);
      if (ahead) return ahead;
      const admin = [...(snapshot.members[res] ?? [])].find(([, role]) => role === 'admin')?.[0];
      // No admin is reported by invariantViolations (rule 3).
      return admin ? verifyChain(world, res, admin) : null;
    }),
  );
  for (const answer of answers) {
    if (!answer) continue;
    const events = snapshot.audit[answer.res];
    if (answer.status !== 200 || answer.body.ok !== true || answer.body.events !== events) {
      found.push(
        `rule 8: ${KINDS[answer.res]} ${NAMES[answer.res]} audit/verify answered ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    world.verified[answer.res] = events ?? 0;
  }
  return found;
}
