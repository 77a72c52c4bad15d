import { env } from 'cloudflare:test';
import { call, json } from '../api';
import { KINDS, type Model, type Res, SEAT_LIMIT } from './reference';
import type { World } from './world';

/** What storage holds for the run's two resources, read directly from D1 in one batch. */
export interface Snapshot {
  members: [Map<string, string>, Map<string, string>];
  requireApproval: [boolean, boolean];
  audit: [number, number];
  seats: [number, number];
  invites: Map<string, { res: Res; status: string; usedBy: string | null }>;
  requests: Map<string, { status: string; user: string; role: string; inviteId: string }>;
  /** Invites with more than one use (accept, join request or decline) in the audit log. */
  reused: string[];
}

export async function readSnapshot(world: World): Promise<Snapshot> {
  const [a, g] = world.ids;
  const db = env.DB;
  const bind = (sql: string, ...extra: unknown[]) => db.prepare(sql).bind(a, g, ...extra);
  const [members, resources, audit, seats, invites, requests, reused] = await db.batch([
    bind('SELECT resource_id, user_id, role FROM memberships WHERE resource_id IN (?1, ?2)'),
    bind('SELECT id, require_approval FROM resources WHERE id IN (?1, ?2)'),
    bind(
      'SELECT resource_id, count(*) AS n FROM audit_events WHERE resource_id IN (?1, ?2) GROUP BY resource_id',
    ),
    bind(
      'SELECT resource_id, count(*) AS n FROM seats WHERE resource_id IN (?1, ?2) AND held_until > ?3 GROUP BY resource_id',
      Date.now(),
    ),
    bind('SELECT id, resource_id, status, used_by FROM invites WHERE resource_id IN (?1, ?2)'),
    bind('SELECT id, user_id, role, status, invite_id FROM join_requests WHERE resource_id IN (?1, ?2)'),
    bind(
      `SELECT json_extract(after, '$.inviteId') AS invite_id FROM audit_events
        WHERE resource_id IN (?1, ?2) AND action IN ('invite.accepted', 'request.created', 'invite.declined')
        GROUP BY invite_id HAVING count(*) > 1`,
    ),
  ]);
  const resOf = (id: unknown): Res => (id === a ? 0 : 1);
  const rows = <T>(result: D1Result | undefined) => (result?.results ?? []) as T[];
  const snapshot: Snapshot = {
    members: [new Map(), new Map()],
    requireApproval: [false, false],
    audit: [0, 0],
    seats: [0, 0],
    invites: new Map(),
    requests: new Map(),
    reused: rows<{ invite_id: string }>(reused).map((row) => row.invite_id),
  };
  for (const row of rows<{ resource_id: string; user_id: string; role: string }>(members)) {
    snapshot.members[resOf(row.resource_id)].set(row.user_id, row.role);
  }
  for (const row of rows<{ id: string; require_approval: number }>(resources)) {
    snapshot.requireApproval[resOf(row.id)] = row.require_approval === 1;
  }
  for (const row of rows<{ resource_id: string; n: number }>(audit))
    snapshot.audit[resOf(row.resource_id)] = row.n;
  for (const row of rows<{ resource_id: string; n: number }>(seats))
    snapshot.seats[resOf(row.resource_id)] = row.n;
  for (const row of rows<{ id: string; resource_id: string; status: string; used_by: string | null }>(
    invites,
  )) {
    snapshot.invites.set(row.id, { res: resOf(row.resource_id), status: row.status, usedBy: row.used_by });
  }
  for (const row of rows<{ id: string; user_id: string; role: string; status: string; invite_id: string }>(
    requests,
  )) {
    snapshot.requests.set(row.id, {
      status: row.status,
      user: row.user_id,
      role: row.role,
      inviteId: row.invite_id,
    });
  }
  return snapshot;
}

/** Where storage and the model disagree; empty when they agree. */
export function differences(model: Model, world: World, snapshot: Snapshot): string[] {
  const found: string[] = [];
  const userId = (actor: number | null) =>
    actor === null ? null : (world.users[actor]?.userId ?? `#${actor}`);
  for (const res of [0, 1] as const) {
    const expected = model.resources[res];
    const want = [...expected.members].map(([actor, role]) => `${userId(actor)}=${role}`).sort();
    const got = [...snapshot.members[res]].map(([user, role]) => `${user}=${role}`).sort();
    if (want.join() !== got.join()) found.push(`${KINDS[res]} members: model [${want}] vs stored [${got}]`);
    if (expected.requireApproval !== snapshot.requireApproval[res]) {
      found.push(
        `${KINDS[res]} requireApproval: model ${expected.requireApproval} vs stored ${snapshot.requireApproval[res]}`,
      );
    }
    if (expected.audit !== snapshot.audit[res]) {
      found.push(`${KINDS[res]} audit events: model ${expected.audit} vs stored ${snapshot.audit[res]}`);
    }
  }
  if (model.invites.size !== snapshot.invites.size) {
    found.push(`invites: model ${model.invites.size} vs stored ${snapshot.invites.size}`);
  }
  for (const invite of model.invites.values()) {
    const stored = snapshot.invites.get(invite.id);
    const usedBy = userId(invite.usedBy);
    if (!stored || stored.status !== invite.status || stored.usedBy !== usedBy || stored.res !== invite.res) {
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

/** Rules 1–3 and 7 on what storage holds, whatever the model says. Updates `world.seen`. */
export function invariantViolations(world: World, snapshot: Snapshot): string[] {
  const found: string[] = [];
  for (const res of [0, 1] as const) {
    const admins = [...snapshot.members[res].values()].filter((role) => role === 'admin').length;
    if (admins < 1) found.push(`rule 3: ${KINDS[res]} has no direct admin`);
    if (snapshot.seats[res] > SEAT_LIMIT)
      found.push(`rule 2: ${KINDS[res]} holds ${snapshot.seats[res]} seats`);
  }
  for (const id of snapshot.reused) found.push(`rule 1: invite ${id} was used more than once`);
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
  const grown = ([0, 1] as const).filter((res) => snapshot.audit[res] !== world.verified[res]);
  for (const res of grown) {
    let answer = early.find((a) => a.res === res && a.status === 200);
    if (!answer) {
      const admin = [...snapshot.members[res]].find(([, role]) => role === 'admin')?.[0];
      if (!admin) continue; // rule 3 is reported by invariantViolations
      answer = await verifyChain(world, res, admin);
    }
    if (answer.status !== 200 || answer.body.ok !== true || answer.body.events !== snapshot.audit[res]) {
      found.push(
        `rule 8: ${KINDS[res]} audit/verify answered ${answer.status} ${JSON.stringify(answer.body)}`,
      );
    }
    world.verified[res] = snapshot.audit[res];
  }
  return found;
}
