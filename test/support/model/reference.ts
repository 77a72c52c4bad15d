import type { Role } from '../../../worker/authz/roles';

/**
 * The reference model of the model-based test: what SPEC §4 and §6 say the API does, written as plainly as
 * possible and independently of the Worker's code. Actors are indices into the run's signed-in users;
 * resource 0 is the account, resource 1 the group (which may contain the account).
 */
export type Res = 0 | 1;
export const KINDS = ['accounts', 'groups'] as const;

/** Rule 2, as the schema's triggers enforce it. */
export const SEAT_LIMIT = 100;

export type InviteStatus = 'pending' | 'accepted' | 'awaiting_approval' | 'declined' | 'revoked' | 'rejected';

export interface ResourceState {
  /** Direct members: actor → role. */
  members: Map<number, Role>;
  requireApproval: boolean;
  /** Audit events the resource's chain should hold: one per successful change (rule 8). */
  audit: number;
}

export interface InviteState {
  id: string;
  token: string;
  res: Res;
  role: Role;
  status: InviteStatus;
  usedBy: number | null;
}

export interface RequestState {
  id: string;
  inviteId: string;
  res: Res;
  user: number;
  role: Role;
  status: 'pending' | 'approved' | 'rejected';
}

export interface Model {
  resources: [ResourceState, ResourceState];
  /** The account is in the group: every group role reaches it. */
  linked: boolean;
  invites: Map<string, InviteState>;
  requests: Map<string, RequestState>;
}

/** One HTTP request of the API, with its targets resolved against the model. */
export type Op =
  | { type: 'issue'; actor: number; res: Res; role: Role }
  | { type: 'accept' | 'decline'; actor: number; invite: string; token: string }
  | { type: 'revoke'; actor: number; invite: string }
  | { type: 'role'; actor: number; res: Res; target: number; role: Role }
  | { type: 'remove'; actor: number; res: Res; target: number }
  | { type: 'approval'; actor: number; res: Res; on: boolean }
  | { type: 'approve' | 'reject'; actor: number; request: string };

/** What a request answered: its status, its error code, and the id (and token) a creation answered with. */
export interface Outcome {
  status: number;
  code: string | null;
  created?: { id: string; token?: string };
}

const refused = (status: number, code: string): Outcome => ({ status, code });
const done = (status: number): Outcome => ({ status, code: null });

/** Every grant of an actor on a resource: the direct role, and the group's on the account it contains. */
export function grantsOf(m: Model, actor: number, res: Res): Role[] {
  const grants: Role[] = [];
  const direct = m.resources[res].members.get(actor);
  if (direct) grants.push(direct);
  const viaGroup = res === 0 && m.linked ? m.resources[1].members.get(actor) : undefined;
  if (viaGroup) grants.push(viaGroup);
  return grants;
}

export function isAdmin(m: Model, actor: number, res: Res): boolean {
  return grantsOf(m, actor, res).includes('admin');
}

export function directAdmins(m: Model, res: Res): number[] {
  return [...m.resources[res].members].filter(([, role]) => role === 'admin').map(([actor]) => actor);
}

export function seats(m: Model, res: Res): number {
  const count = <T extends { res: Res; status: string }>(items: Iterable<T>) =>
    [...items].filter((item) => item.res === res && item.status === 'pending').length;
  return m.resources[res].members.size + count(m.invites.values()) + count(m.requests.values());
}

/** Access first: no grant is 404 (rule 9), a grant without the admin role is 403 (rule 5). */
function gate(m: Model, actor: number, res: Res): Outcome | null {
  if (grantsOf(m, actor, res).length === 0) return refused(404, 'NOT_FOUND');
  if (!isAdmin(m, actor, res)) return refused(403, 'FORBIDDEN');
  return null;
}

const GONE: Partial<Record<InviteStatus, Outcome>> = {
  revoked: refused(410, 'INVITE_REVOKED'),
  accepted: refused(410, 'INVITE_USED'),
  awaiting_approval: refused(410, 'INVITE_USED'),
  declined: refused(410, 'INVITE_USED'),
  rejected: refused(410, 'INVITE_USED'),
};

/** A change that succeeded appends exactly one audit event to its resource's chain. */
function audited(m: Model, res: Res, outcome: Outcome): Outcome {
  m.resources[res].audit += 1;
  return outcome;
}

function useInvite(m: Model, op: Extract<Op, { type: 'accept' | 'decline' }>, actual: Outcome): Outcome {
  const invite = m.invites.get(op.invite);
  if (!invite) throw new Error(`unknown invite ${op.invite}`);
  const gone = GONE[invite.status];
  if (gone) return gone;
  const resource = m.resources[invite.res];
  // Rule 6: a member's tap does not use up an invite meant for someone else.
  if (resource.members.has(op.actor)) return refused(409, 'ALREADY_MEMBER');
  if (op.type === 'decline') {
    invite.status = 'declined';
    invite.usedBy = op.actor;
    return audited(m, invite.res, done(204));
  }
  // The invite stops holding a seat in the same batch that gives one to the member or the request.
  if (seats(m, invite.res) - 1 >= SEAT_LIMIT) return refused(409, 'MEMBER_LIMIT');
  if (resource.requireApproval) {
    const open = [...m.requests.values()].some(
      (r) => r.res === invite.res && r.user === op.actor && r.status === 'pending',
    );
    if (open) return refused(409, 'REQUEST_PENDING');
    const id = actual.created?.id ?? '(no id answered)';
    invite.status = 'awaiting_approval';
    invite.usedBy = op.actor;
    m.requests.set(id, {
      id,
      inviteId: invite.id,
      res: invite.res,
      user: op.actor,
      role: invite.role,
      status: 'pending',
    });
    return audited(m, invite.res, { status: 202, code: null, created: { id } });
  }
  invite.status = 'accepted';
  invite.usedBy = op.actor;
  resource.members.set(op.actor, invite.role);
  return audited(m, invite.res, done(200));
}

function decide(m: Model, op: Extract<Op, { type: 'approve' | 'reject' }>): Outcome {
  const request = m.requests.get(op.request);
  if (!request) throw new Error(`unknown request ${op.request}`);
  const denied = gate(m, op.actor, request.res);
  if (denied) return denied;
  if (request.status !== 'pending') return refused(409, 'REQUEST_NOT_PENDING');
  const invite = m.invites.get(request.inviteId);
  if (!invite) throw new Error(`request ${request.id} without invite`);
  const resource = m.resources[request.res];
  if (op.type === 'reject') {
    request.status = 'rejected';
    invite.status = 'rejected';
    return audited(m, request.res, done(204));
  }
  // Someone who joined meanwhile by another invite: the request stays undecided.
  if (resource.members.has(request.user)) return refused(409, 'ALREADY_MEMBER');
  request.status = 'approved';
  invite.status = 'accepted';
  resource.members.set(request.user, request.role);
  return audited(m, request.res, done(200));
}

/**
 * Applies one request to the model and returns what the API should answer. A refusal changes nothing.
 * `actual` supplies only the ids the server generated (a new invite, a new join request).
 */
export function apply(m: Model, op: Op, actual: Outcome): Outcome {
  switch (op.type) {
    case 'issue': {
      const denied = gate(m, op.actor, op.res);
      if (denied) return denied;
      if (seats(m, op.res) >= SEAT_LIMIT) return refused(409, 'MEMBER_LIMIT');
      const id = actual.created?.id ?? '(no id answered)';
      const token = actual.created?.token ?? '';
      m.invites.set(id, { id, token, res: op.res, role: op.role, status: 'pending', usedBy: null });
      return audited(m, op.res, { status: 201, code: null, created: { id, token } });
    }
    case 'accept':
    case 'decline':
      return useInvite(m, op, actual);
    case 'revoke': {
      const invite = m.invites.get(op.invite);
      if (!invite) throw new Error(`unknown invite ${op.invite}`);
      const denied = gate(m, op.actor, invite.res);
      if (denied) return denied;
      if (invite.status !== 'pending') return refused(409, 'INVITE_NOT_PENDING');
      invite.status = 'revoked';
      return audited(m, invite.res, done(204));
    }
    case 'role': {
      const denied = gate(m, op.actor, op.res);
      if (denied) return denied;
      const members = m.resources[op.res].members;
      const current = members.get(op.target);
      if (!current) return refused(404, 'NOT_FOUND');
      if (current === op.role) return done(200); // nothing changes, nothing is audited
      if (current === 'admin' && directAdmins(m, op.res).length <= 1) return refused(409, 'LAST_ADMIN');
      members.set(op.target, op.role);
      return audited(m, op.res, done(200));
    }
    case 'remove': {
      // Anyone with access may leave (remove themself); removing someone else takes an admin.
      if (grantsOf(m, op.actor, op.res).length === 0) return refused(404, 'NOT_FOUND');
      if (op.target !== op.actor && !isAdmin(m, op.actor, op.res)) return refused(403, 'FORBIDDEN');
      const members = m.resources[op.res].members;
      const current = members.get(op.target);
      if (!current) return refused(404, 'NOT_FOUND');
      if (current === 'admin' && directAdmins(m, op.res).length <= 1) return refused(409, 'LAST_ADMIN');
      members.delete(op.target);
      return audited(m, op.res, done(204));
    }
    case 'approval': {
      const denied = gate(m, op.actor, op.res);
      if (denied) return denied;
      m.resources[op.res].requireApproval = op.on;
      return audited(m, op.res, done(200));
    }
    case 'approve':
    case 'reject':
      return decide(m, op);
  }
}

export function cloneModel(m: Model): Model {
  return structuredClone(m);
}
