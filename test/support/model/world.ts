import { env } from 'cloudflare:test';
import type { Role } from '../../../worker/authz/roles';
import { insertInvite } from '../../../worker/invites/repo';
import { hashInviteToken, newInviteToken } from '../../../worker/invites/token';
import { call, createAccount, json, type Session, signDevToken, uniqueUserId } from '../api';
import { addAccountToGroup, createGroup } from '../fixtures';
import { KINDS, type Model, type Op, type Outcome, type Res } from './reference';

/** The real side of one run: its signed-in users and its two fresh resources. */
export interface World {
  users: Session[];
  ids: [string, string];
  /** Every invite's last stored status and user, to catch a move out of a final state (rule 7). */
  seen: Map<string, { status: string; usedBy: string | null }>;
  /** Audit events per resource when its chain last verified. */
  verified: [number, number];
}

export interface WorldSetup {
  actors: number;
  groupCreator: number;
  linked: boolean;
  /** Seats of the account left free by pre-filled pending invites, or null for no pre-fill. */
  freeSeats: number | null;
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
 * is a few requests away. They are real invites with known tokens, usable like any other.
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
        resourceId: world.ids[0],
        role,
        tokenHash: await hashInviteToken(token),
        createdBy: world.users[creator]?.userId ?? '',
        at: now,
      }),
    );
    model.invites.set(id, { id, token, res: 0, role, status: 'pending', usedBy: null });
  }
  await env.DB.batch(statements);
}

export async function createWorld(setup: WorldSetup): Promise<{ model: Model; world: World }> {
  const users: Session[] = [];
  for (let i = 0; i < setup.actors; i++) users.push(await signInQuickly(`actor${i}`));
  const at = (i: number) => users[i] as Session;
  const accountId = await createAccount(at(0), 'モデル店');
  const groupId = await createGroup(at(setup.groupCreator), 'モデルグループ');
  if (setup.linked) await addAccountToGroup(groupId, accountId, at(0).userId);
  const world: World = { users, ids: [accountId, groupId], seen: new Map(), verified: [0, 0] };
  const model: Model = {
    resources: [
      { members: new Map([[0, 'admin']]), requireApproval: false, audit: 1 },
      { members: new Map([[setup.groupCreator, 'admin']]), requireApproval: false, audit: 1 },
    ],
    linked: setup.linked,
    invites: new Map(),
    requests: new Map(),
  };
  if (setup.freeSeats !== null) await prefill(world, model, 0, 100 - 1 - setup.freeSeats);
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
  }
}

/** Sends one op over HTTP (SELF.fetch) as its actor and reads what came back. */
export async function execute(world: World, op: Op): Promise<Outcome> {
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
  return { status: response.status, code: null };
}
