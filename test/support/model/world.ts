import { env } from 'cloudflare:test';
import type { Role } from '../../../worker/authz/roles';
import { insertInvite } from '../../../worker/invites/repo';
import { hashInviteToken, newInviteToken } from '../../../worker/invites/token';
import { insertMembership } from '../../../worker/resources/repo';
import { call, createAccount, json, type Session, signDevToken, uniqueUserId } from '../api';
import { addAccountToGroup, createGroup } from '../fixtures';
import {
  describeOffboarding,
  describeReview,
  KINDS,
  linkKey,
  type Model,
  type OffboardingAnswer,
  type Op,
  type Outcome,
  RESOURCES,
  type Res,
  SEAT_LIMIT,
  seats,
} from './reference';
import { readSnapshot, type Snapshot } from './state';

/** The real side of one run: its signed-in users and its fresh resources (indexed as the model's). */
export interface World {
  users: Session[];
  ids: string[];
  /** Every invite's last stored status and user, to catch a move out of a final state (rule 7). */
  seen: Map<string, { status: string; usedBy: string | null }>;
  /** Audit events per resource when its chain last verified. */
  verified: number[];
  /** What storage held after the last command: the state an offboarding's promise is checked against. */
  last: Snapshot | null;
}

export interface WorldSetup {
  actors: number;
  /** Who creates group G (account A's creator, or someone else); H is actor 2's, B is actor 1's. */
  groupCreator: number;
  /** Group links made before the run starts, as [group, account]. */
  links: Array<[Res, Res]>;
  /** Seats of account A left free by pre-filled pending invites, or null for no pre-fill. */
  freeSeats: number | null;
  /** People who never act, made operators of group G in storage: a big group to link into a full account. */
  ghosts?: number;
}

/** One HTTP request for sign-in: the stand-in issuer's key signs locally, then POST /api/session. */
async function signInQuickly(label: string): Promise<Session> {
  const userId = uniqueUserId(label);
  const response = await call('POST', '/api/session', {
    body: { idToken: await signDevToken({ sub: userId, name: label }) },
  });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return { token: (await json<{ token: string }>(response)).token, userId };
}

/**
 * Pending invites written straight to storage (no audit event, as a fixture), so that the 100-seat limit
 * is a few requests away. They are real invites with known tokens, usable like any other, issued by A's
 * creator (so they die with her admin role, rule 10).
 */
async function prefill(world: World, model: Model, creator: number, count: number) {
  const now = Date.now();
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < count; i++) {
    const token = newInviteToken();
    const id = crypto.randomUUID();
    const role: Role = i % 3 === 0 ? 'admin' : 'operator';
    statements.push(
      insertInvite(env.DB, {
        id,
        resourceId: world.ids[0] ?? '',
        role,
        tokenHash: await hashInviteToken(token),
        createdBy: world.users[creator]?.userId ?? '',
        at: now,
      }),
    );
    model.invites.set(id, {
      id,
      token,
      res: 0,
      role,
      issuer: creator,
      status: 'pending',
      usedBy: null,
    });
  }
  await env.DB.batch(statements);
}

/**
 * Operators of group G written straight to storage (users and memberships, no audit event, as a fixture).
 * They are actors of the model beyond the signed-in ones, never picked to act, so a group can bring many
 * people to an account (rule 12) without signing in a hundred users.
 */
async function addGhosts(world: World, model: Model, count: number) {
  const now = Date.now();
  const statements: D1PreparedStatement[] = [];
  for (let i = 0; i < count; i++) {
    const userId = uniqueUserId('ghost');
    statements.push(
      env.DB.prepare(
        'INSERT INTO users (id, display_name, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)',
      ).bind(userId, `ghost ${i}`, now),
      insertMembership(env.DB, {
        resourceId: world.ids[1] ?? '',
        userId,
        role: 'operator',
        addedBy: null,
        at: now,
      }),
    );
    model.resources[1]?.members.set(world.users.length, 'operator');
    world.users.push({ token: '', userId });
  }
  if (statements.length > 0) await env.DB.batch(statements);
}

export async function createWorld(setup: WorldSetup): Promise<{ model: Model; world: World }> {
  const users: Session[] = [];
  for (let i = 0; i < setup.actors; i++) users.push(await signInQuickly(`actor${i}`));
  const at = (i: number) => users[i] as Session;
  const creators = [0, setup.groupCreator, 2, 1];
  const ids = [
    await createAccount(at(0), 'モデル店A'),
    await createGroup(at(setup.groupCreator), 'モデルグループG'),
    await createGroup(at(2), 'モデルグループH'),
    await createAccount(at(1), 'モデル店B'),
  ];
  const world: World = { users, ids, seen: new Map(), verified: RESOURCES.map(() => 0), last: null };
  const model: Model = {
    resources: RESOURCES.map((res) => ({
      members: new Map([[creators[res] ?? 0, 'admin']]),
      requireApproval: false,
      audit: 1,
      actions: new Map([['resource.created', 1]]),
    })),
    links: new Set(setup.links.map(([group, account]) => linkKey(group, account))),
    invites: new Map(),
    requests: new Map(),
  };
  await addGhosts(world, model, setup.ghosts ?? 0);
  for (const [group, account] of setup.links) {
    await addAccountToGroup(ids[group] ?? '', ids[account] ?? '', at(0).userId);
  }
  // Counted after the links: a group's people hold seats on the account too (rule 12).
  if (setup.freeSeats !== null)
    await prefill(world, model, 0, SEAT_LIMIT - seats(model, 0) - setup.freeSeats);
  world.last = await readSnapshot(world);
  return { model, world };
}

function requestFor(world: World, op: Op): { method: string; path: string; body?: unknown } {
  const resource = (res: Res) => `/api/${KINDS[res]}/${world.ids[res]}`;
  const userId = (actor: number) => encodeURIComponent(world.users[actor]?.userId ?? '');
  switch (op.type) {
    case 'issue':
      return { method: 'POST', path: `${resource(op.res)}/invites`, body: { role: op.role } };
    case 'accept':
    case 'decline':
      return { method: 'POST', path: `/api/invites/${op.type}`, body: { token: op.token } };
    case 'revoke':
      return { method: 'DELETE', path: `/api/invites/${op.invite}` };
    case 'role':
      return {
        method: 'PATCH',
        path: `${resource(op.res)}/members/${userId(op.target)}`,
        body: { role: op.role },
      };
    case 'remove':
      return { method: 'DELETE', path: `${resource(op.res)}/members/${userId(op.target)}` };
    case 'approval':
      return { method: 'PATCH', path: resource(op.res), body: { requireApproval: op.on } };
    case 'approve':
    case 'reject':
      return { method: 'POST', path: `/api/requests/${op.request}/${op.type}` };
    case 'link':
      return {
        method: 'POST',
        path: `${resource(op.group)}/accounts`,
        body: { accountId: world.ids[op.account] },
      };
    case 'unlink':
      return { method: 'DELETE', path: `${resource(op.group)}/accounts/${world.ids[op.account]}` };
    case 'offboard':
      return { method: 'DELETE', path: `/api/access/${userId(op.target)}` };
    case 'review':
      return { method: 'POST', path: `${resource(op.res)}/reviews` };
  }
}

interface ReviewBody {
  removed: Array<{ userId: string }>;
  kept: Array<{ userId: string }>;
  refused: Array<{ userId: string; code: string }>;
}

/**
 * A review run through as an admin would on the screen: start it, mark remove those the op names, 「すべて残す」
 * for the rest, complete it. The first refusal is the command's answer; a completion is described
 * in the model's terms (actors), a person outside the run being a leak.
 */
async function runReview(world: World, op: Extract<Op, { type: 'review' }>): Promise<Outcome> {
  const token = world.users[op.actor]?.token;
  const refusal = async (response: Response): Promise<Outcome> => {
    const error = (await json<{ error?: { code?: string } }>(response)).error;
    return { status: response.status, code: error?.code ?? '(no code)' };
  };
  const started = await call('POST', requestFor(world, op).path, { token });
  if (started.status !== 201) return refusal(started);
  const { review } = await json<{ review: { id: string; items: Array<{ userId: string }> } }>(started);
  const actorOf = (userId: string) => {
    const actor = world.users.findIndex((user) => user.userId === userId);
    if (actor < 0) throw new Error(`the review listed someone outside the run: ${userId}`);
    return actor;
  };
  for (const item of review.items) {
    if (!op.remove.includes(actorOf(item.userId))) continue;
    const path = `/api/reviews/${review.id}/items/${encodeURIComponent(item.userId)}`;
    const decided = await call('PUT', path, { token, body: { decision: 'remove' } });
    if (decided.status !== 200) return refusal(decided);
  }
  // 「すべて残す」 for everyone else, as the screen offers it.
  const kept = await call('POST', `/api/reviews/${review.id}/keep-rest`, { token });
  if (kept.status !== 200) return refusal(kept);
  const completed = await call('POST', `/api/reviews/${review.id}/complete`, { token });
  if (completed.status !== 200) return refusal(completed);
  const body = await json<ReviewBody>(completed);
  return {
    status: 200,
    code: null,
    detail: describeReview({
      removed: body.removed.map((p) => actorOf(p.userId)),
      kept: body.kept.map((p) => actorOf(p.userId)),
      refused: body.refused.map((p): [number, string] => [actorOf(p.userId), p.code]),
    }),
  };
}

interface OffboardBody {
  results: Array<{
    resource: { id: string };
    role: Role | null;
    outcome: 'removed' | 'withdrawn' | 'refused';
    code: string | null;
    revokedInvites: number;
    withdrawnRequests: number;
  }>;
  cuts: Array<{
    group: { id: string };
    account: { id: string };
    outcome: 'cut' | 'refused';
    code: string | null;
  }>;
}

/** The server's offboarding answer in the model's terms; a resource of another run would be a leak. */
function offboardingOf(world: World, body: OffboardBody): OffboardingAnswer {
  const resOf = (id: string): Res => {
    const res = world.ids.indexOf(id);
    if (res < 0) throw new Error(`offboarding answered about a resource outside the run: ${id}`);
    return res as Res;
  };
  return {
    results: body.results.map((r) => ({
      res: resOf(r.resource.id),
      role: r.role,
      outcome: r.outcome,
      code: r.code,
      revokedInvites: r.revokedInvites,
      withdrawnRequests: r.withdrawnRequests,
    })),
    cuts: body.cuts.map((c) => ({
      group: resOf(c.group.id),
      account: resOf(c.account.id),
      outcome: c.outcome,
      code: c.code,
    })),
  };
}

interface PlanBody {
  removals: Array<{
    resource: { id: string };
    role: Role | null;
    revokedInvites: number;
    withdrawnRequests: number;
    refusal: { code: string } | null;
  }>;
  cuts: Array<{ group: { id: string }; account: { id: string }; refusal: { code: string } | null }>;
}

/**
 * GET /api/access/{userId}/offboarding, what the confirmation screen shows before the tap, written as the
 * answer DELETE should then give (the contract: "computed exactly as DELETE will act").
 */
export async function offboardingPlan(world: World, op: Extract<Op, { type: 'offboard' }>): Promise<string> {
  const target = encodeURIComponent(world.users[op.target]?.userId ?? '');
  const response = await call('GET', `/api/access/${target}/offboarding`, {
    token: world.users[op.actor]?.token,
  });
  if (response.status !== 200) return `plan answered ${response.status}`;
  const plan = await json<PlanBody>(response);
  return describeOffboarding(
    offboardingOf(world, {
      results: plan.removals.map((r) => ({
        resource: r.resource,
        role: r.role,
        outcome: r.refusal ? 'refused' : r.role ? 'removed' : 'withdrawn',
        code: r.refusal?.code ?? null,
        revokedInvites: r.revokedInvites,
        withdrawnRequests: r.withdrawnRequests,
      })),
      cuts: plan.cuts.map((c) => ({
        group: c.group,
        account: c.account,
        outcome: c.refusal ? 'refused' : 'cut',
        code: c.refusal?.code ?? null,
      })),
    }),
  );
}

/** Sends one op over HTTP (SELF.fetch) as its actor and reads what came back. */
export async function execute(world: World, op: Op): Promise<Outcome> {
  if (op.type === 'review') return runReview(world, op);
  const { method, path, body } = requestFor(world, op);
  const response = await call(method, path, { token: world.users[op.actor]?.token, body });
  const text = await response.text();
  const parsed = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  if (response.status >= 400) {
    const error = parsed.error as { code?: string } | undefined;
    return { status: response.status, code: error?.code ?? `(no code: ${text.slice(0, 80)})` };
  }
  if (response.status === 201 && op.type === 'issue') {
    const issued = parsed as { invite: { id: string }; token: string };
    return { status: 201, code: null, created: { id: issued.invite.id, token: issued.token } };
  }
  if (response.status === 202) {
    return { status: 202, code: null, created: { id: (parsed as { request: { id: string } }).request.id } };
  }
  if (op.type === 'offboard' && response.status === 200) {
    const offboarding = offboardingOf(world, parsed as unknown as OffboardBody);
    return { status: 200, code: null, detail: describeOffboarding(offboarding), offboarding };
  }
  return { status: response.status, code: null };
}
