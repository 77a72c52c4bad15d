import type { Role } from '../../../worker/authz/roles';

/**
 * The reference model of the model-based test: what SPEC §2, §4 and §6 say the API does, written as plainly
 * as possible and independently of the Worker's code. Actors are indices into the run's users: the signed-in
 * ones act, those beyond them (the seat-limit property's "ghosts") only fill group G. Each run has two accounts and two groups (RESOURCES): enough for a co-admin's private group, a group
 * that reaches both accounts, and an offboarding that spans several accounts administered in different ways.
 */
export type Res = 0 | 1 | 2 | 3;
export const RESOURCES: readonly Res[] = [0, 1, 2, 3];
/** Account A, group G, group H (a second, "private" group), account B. */
export const KINDS = ['accounts', 'groups', 'groups', 'accounts'] as const;
export const NAMES = ['A', 'G', 'H', 'B'] as const;
export const isGroup = (res: Res) => KINDS[res] === 'groups';
export const ACCOUNTS: readonly Res[] = RESOURCES.filter((res) => !isGroup(res));
export const GROUPS: readonly Res[] = RESOURCES.filter(isGroup);

/** Rule 2, as the schema's triggers enforce it. */
export const SEAT_LIMIT = 100;

export type InviteStatus = 'pending' | 'accepted' | 'awaiting_approval' | 'declined' | 'revoked' | 'rejected';

export interface ResourceState {
  /** Direct members: actor → role. */
  members: Map<number, Role>;
  requireApproval: boolean;
  /** Audit events the resource's chain should hold: one per change, one per invite or request it ends. */
  audit: number;
  /** The same events by action (`invite.revoked` → count): rule 10's endings each have their own. */
  actions: Map<string, number>;
}

export interface InviteState {
  id: string;
  token: string;
  res: Res;
  role: Role;
  /** Who issued it: rule 10 keeps it working only while they may issue it, and never for themself. */
  issuer: number;
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
  resources: ResourceState[];
  /** Group links, as `linkKey(group, account)`: every role in the group reaches the account. */
  links: Set<string>;
  invites: Map<string, InviteState>;
  requests: Map<string, RequestState>;
}

export const linkKey = (group: Res, account: Res) => `${group}>${account}`;
export const isLinked = (m: Model, group: Res, account: Res) => m.links.has(linkKey(group, account));

/** One HTTP request of the API, with its targets resolved against the model. */
export type Op =
  | { type: 'issue'; actor: number; res: Res; role: Role }
  | { type: 'accept' | 'decline'; actor: number; invite: string; token: string; own?: boolean }
  | { type: 'revoke'; actor: number; invite: string }
  | { type: 'role'; actor: number; res: Res; target: number; role: Role }
  | { type: 'remove'; actor: number; res: Res; target: number }
  | { type: 'approval'; actor: number; res: Res; on: boolean }
  | { type: 'approve' | 'reject'; actor: number; request: string }
  | { type: 'link' | 'unlink'; actor: number; group: Res; account: Res }
  | { type: 'offboard'; actor: number; target: number }
  /**
   * An access review run through (SPEC §10): start it, mark `remove` (the rest keep), complete it. One
   * command of several requests, never raced: what its answer reports is compared in full.
   */
  | { type: 'review'; actor: number; res: Res; remove: number[] };

/**
 * What a request answered: its status, its error code, the id (and token) a creation answered with, and
 * for an offboarding its per-resource and per-link outcomes, written as `describeOffboarding` writes them.
 */
export interface Outcome {
  status: number;
  code: string | null;
  created?: { id: string; token?: string };
  detail?: string;
  offboarding?: OffboardingAnswer;
}

const refused = (status: number, code: string): Outcome => ({ status, code });
const done = (status: number): Outcome => ({ status, code: null });

export interface Grant {
  role: Role;
  /** null for the direct grant, else the group it comes through. */
  via: Res | null;
}

/** Every grant of an actor on a resource: the direct role, and each linked group's role on an account. */
export function grantsOf(m: Model, actor: number, res: Res): Grant[] {
  const grants: Grant[] = [];
  const direct = m.resources[res]?.members.get(actor);
  if (direct) grants.push({ role: direct, via: null });
  if (!isGroup(res)) {
    for (const group of GROUPS) {
      const role = isLinked(m, group, res) ? m.resources[group]?.members.get(actor) : undefined;
      if (role) grants.push({ role, via: group });
    }
  }
  return grants;
}

export const reaches = (m: Model, actor: number, res: Res) => grantsOf(m, actor, res).length > 0;

/**
 * The role that names the union of a person's grants (SPEC §2: effective permissions are the union): admin
 * if any grant is; otherwise 運用担当者 unless every grant lacks the same one right (配信 or 分析).
 */
export function effectiveRole(grants: readonly Grant[]): Role | null {
  const roles = new Set(grants.map((grant) => grant.role));
  if (roles.size === 0) return null;
  if (roles.has('admin')) return 'admin';
  if (roles.size === 1) return [...roles][0] ?? null;
  return 'operator';
}

export function isAdmin(m: Model, actor: number, res: Res): boolean {
  return grantsOf(m, actor, res).some((grant) => grant.role === 'admin');
}

/** Rule 11 asks for this: the admin role held directly, not through a group. */
export function isDirectAdmin(m: Model, actor: number, res: Res): boolean {
  return m.resources[res]?.members.get(actor) === 'admin';
}

export function directAdmins(m: Model, res: Res): number[] {
  return [...(m.resources[res]?.members ?? [])].filter(([, role]) => role === 'admin').map(([a]) => a);
}

/**
 * Rules 10 and 11: who may issue an invite for a role, and so keeps it working. A direct admin may issue
 * any; an admin through a group may issue every role but admin (only direct admins make direct admins).
 */
function mayIssue(m: Model, actor: number, res: Res, role: Role): boolean {
  if (isDirectAdmin(m, actor, res)) return true;
  return (
    role !== 'admin' && grantsOf(m, actor, res).some((grant) => grant.via !== null && grant.role === 'admin')
  );
}

export const isLive = (invite: InviteState) => invite.status === 'pending';

/**
 * Rule 10 after every change: a pending invite whose issuer can no longer issue it is revoked, for good
 * (rule 7: whatever the issuer regains later, it never works again), by the change that ended the right,
 * however it did (the issuer removed, demoted or gone from a group holding the account, or the group losing
 * the account). Only the invites a change ends knowingly, on its own resource, get their own audit event
 * (`endsOfChange`, offboarding); the others are recorded by the change's own event.
 */
function settle(m: Model): void {
  for (const invite of m.invites.values()) {
    if (isLive(invite) && !mayIssue(m, invite.issuer, invite.res, invite.role)) invite.status = 'revoked';
  }
}

/** Rule 12: the people who hold a seat: everyone reaching the resource and everyone awaiting a decision. */
export function seatPeople(m: Model, res: Res): Set<number> {
  const people = new Set(m.resources[res]?.members.keys());
  if (!isGroup(res)) {
    for (const group of GROUPS) {
      if (isLinked(m, group, res))
        for (const actor of m.resources[group]?.members.keys() ?? []) people.add(actor);
    }
  }
  for (const request of m.requests.values()) {
    if (request.res === res && request.status === 'pending') people.add(request.user);
  }
  return people;
}

const liveInvites = (m: Model, res: Res) =>
  [...m.invites.values()].filter((invite) => invite.res === res && isLive(invite)).length;

/** Rule 12: distinct people plus live invites. */
export function seats(m: Model, res: Res): number {
  return seatPeople(m, res).size + liveInvites(m, res);
}

/** Seats of `res` once `people` reach it too and `freed` invites stopped holding one. */
function seatsWith(m: Model, res: Res, people: Iterable<number>, freed = 0): number {
  const all = seatPeople(m, res);
  for (const actor of people) all.add(actor);
  return all.size + liveInvites(m, res) - freed;
}

/** Access first: no grant is 404 (rule 9), a grant without the admin role is 403 (rule 5). */
function gate(m: Model, actor: number, res: Res): Outcome | null {
  if (!reaches(m, actor, res)) return refused(404, 'NOT_FOUND');
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

/** A change that succeeded appends one audit event per action to its resource's chain (rule 8). */
function audited(m: Model, res: Res, outcome: Outcome, ...actions: string[]): Outcome {
  const resource = m.resources[res];
  if (!resource) return outcome;
  resource.audit += actions.length;
  for (const action of actions) resource.actions.set(action, (resource.actions.get(action) ?? 0) + 1);
  return outcome;
}

/**
 * Ends invites and join requests in the batch of a change (rule 10); returns the audit event of each:
 * an invite is revoked, a request withdrawn (the request and its invite end as `rejected`).
 */
function endAll(m: Model, invites: readonly InviteState[], requests: readonly RequestState[]): string[] {
  for (const invite of invites) invite.status = 'revoked';
  for (const request of requests) {
    request.status = 'rejected';
    const invite = m.invites.get(request.inviteId);
    if (invite) invite.status = 'rejected';
  }
  return [...invites.map(() => 'invite.revoked'), ...requests.map(() => 'request.withdrawn')];
}

const pendingInvitesOf = (m: Model, issuer: number, res: Res) =>
  [...m.invites.values()].filter((i) => i.res === res && i.issuer === issuer && i.status === 'pending');
const pendingRequestsOf = (m: Model, user: number, res: Res) =>
  [...m.requests.values()].filter((r) => r.res === res && r.user === user && r.status === 'pending');

/**
 * Rule 10 on a removal, leaving or demotion: the invites the person may no longer issue end with it (an
 * admin through a group still issues all but admin ones), and on losing the resource their requests too.
 */
function endsOfChange(m: Model, target: number, res: Res, nextRole: Role | null) {
  const groupAdmin = grantsOf(m, target, res).some((g) => g.via !== null && g.role === 'admin');
  const invites = pendingInvitesOf(m, target, res).filter(
    (invite) => nextRole !== 'admin' && !(groupAdmin && invite.role !== 'admin'),
  );
  return { invites, requests: nextRole === null ? pendingRequestsOf(m, target, res) : [] };
}

function useInvite(m: Model, op: Extract<Op, { type: 'accept' | 'decline' }>, actual: Outcome): Outcome {
  const invite = m.invites.get(op.invite);
  if (!invite) throw new Error(`unknown invite ${op.invite}`);
  const gone = GONE[invite.status];
  if (gone) return gone;
  // Rule 10: an issuer never uses their own invite, e.g. to come back after a removal.
  if (op.actor === invite.issuer) return refused(409, 'OWN_INVITE');
  const resource = m.resources[invite.res] as ResourceState;
  // Rule 6: a member's tap does not use up an invite meant for someone else.
  if (resource.members.has(op.actor)) return refused(409, 'ALREADY_MEMBER');
  if (op.type === 'decline') {
    invite.status = 'declined';
    invite.usedBy = op.actor;
    return audited(m, invite.res, done(204), 'invite.declined');
  }
  // The invite stops holding a seat in the same batch that gives one to the member or the request; a
  // group member also takes a seat on every account of the group (rule 12).
  if (seatsWith(m, invite.res, [op.actor], 1) > SEAT_LIMIT) return refused(409, 'MEMBER_LIMIT');
  if (resource.requireApproval) {
    if (pendingRequestsOf(m, op.actor, invite.res).length > 0) return refused(409, 'REQUEST_PENDING');
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
    return audited(m, invite.res, { status: 202, code: null, created: { id } }, 'request.created');
  }
  if (accountsOf(m, invite.res).some((account) => seatsWith(m, account, [op.actor]) > SEAT_LIMIT)) {
    return refused(409, 'MEMBER_LIMIT');
  }
  invite.status = 'accepted';
  invite.usedBy = op.actor;
  resource.members.set(op.actor, invite.role);
  return audited(m, invite.res, done(200), 'invite.accepted');
}

/** The accounts a group holds (none for an account). */
const accountsOf = (m: Model, res: Res) =>
  isGroup(res) ? ACCOUNTS.filter((account) => isLinked(m, res, account)) : [];

function decide(m: Model, op: Extract<Op, { type: 'approve' | 'reject' }>): Outcome {
  const request = m.requests.get(op.request);
  if (!request) throw new Error(`unknown request ${op.request}`);
  const denied = gate(m, op.actor, request.res);
  if (denied) return denied;
  if (request.status !== 'pending') return refused(409, 'REQUEST_NOT_PENDING');
  const invite = m.invites.get(request.inviteId);
  if (!invite) throw new Error(`request ${request.id} without invite`);
  const resource = m.resources[request.res] as ResourceState;
  if (op.type === 'reject') {
    request.status = 'rejected';
    invite.status = 'rejected';
    return audited(m, request.res, done(204), 'request.rejected');
  }
  // Rule 11: approving an admin request makes a direct admin, which only a direct admin may.
  if (request.role === 'admin' && !isDirectAdmin(m, op.actor, request.res)) return refused(403, 'FORBIDDEN');
  const places = [request.res, ...accountsOf(m, request.res)];
  if (places.some((res) => seatsWith(m, res, [request.user]) > SEAT_LIMIT))
    return refused(409, 'MEMBER_LIMIT');
  // Someone who joined meanwhile by another invite: the request stays undecided.
  if (resource.members.has(request.user)) return refused(409, 'ALREADY_MEMBER');
  request.status = 'approved';
  invite.status = 'accepted';
  resource.members.set(request.user, request.role);
  return audited(m, request.res, done(200), 'request.approved');
}

/** Rules 3, 5 and 11 for a role change or a removal: who may touch whom. */
function memberChange(m: Model, op: Extract<Op, { type: 'role' | 'remove' }>): Outcome {
  const next = op.type === 'role' ? op.role : null;
  const leaving = op.type === 'remove' && op.target === op.actor;
  if (!reaches(m, op.actor, op.res)) return refused(404, 'NOT_FOUND');
  // Anyone with access may leave (remove themself); everything else takes an admin.
  if (!leaving && !isAdmin(m, op.actor, op.res)) return refused(403, 'FORBIDDEN');
  const members = (m.resources[op.res] as ResourceState).members;
  const current = members.get(op.target);
  if (!current) return refused(404, 'NOT_FOUND'); // a grant through a group is changed in the group
  // Rule 11: a direct admin is touched, and a direct admin made, only by a direct admin.
  if (!leaving && (current === 'admin' || next === 'admin') && !isDirectAdmin(m, op.actor, op.res)) {
    return refused(403, 'FORBIDDEN');
  }
  if (current === next) return done(200); // nothing changes, nothing is audited
  if (current === 'admin' && next !== 'admin' && directAdmins(m, op.res).length <= 1) {
    return refused(409, 'LAST_ADMIN');
  }
  if (next) members.set(op.target, next);
  else members.delete(op.target);
  const ends = endsOfChange(m, op.target, op.res, next);
  const action = next ? 'member.role_changed' : leaving ? 'member.left' : 'member.removed';
  return audited(m, op.res, done(next ? 200 : 204), action, ...endAll(m, ends.invites, ends.requests));
}

/** SPEC §2: adding takes an admin of the group who is a direct admin of the account (rule 11). */
function link(m: Model, op: Extract<Op, { type: 'link' | 'unlink' }>): Outcome {
  const { actor, group, account } = op;
  if (!reaches(m, actor, group) || !reaches(m, actor, account)) return refused(404, 'NOT_FOUND');
  if (!isAdmin(m, actor, group) || !isDirectAdmin(m, actor, account)) return refused(403, 'FORBIDDEN');
  if (isLinked(m, group, account)) return refused(409, 'ALREADY_IN_GROUP');
  const members = m.resources[group]?.members.keys() ?? [];
  const after = seatsWith(m, account, members);
  if (after > seats(m, account) && after > SEAT_LIMIT) return refused(409, 'MEMBER_LIMIT');
  m.links.add(linkKey(group, account));
  audited(m, group, done(204), 'group.account_added');
  return audited(m, account, done(204), 'group.account_added');
}

/** SPEC §2: an admin of the group, or any direct admin of the account, takes it out; both chains record it. */
function unlink(m: Model, op: Extract<Op, { type: 'link' | 'unlink' }>): Outcome {
  const { actor, group, account } = op;
  if (!isAdmin(m, actor, group) && !isDirectAdmin(m, actor, account)) {
    // Someone who sees neither side, or sees the account without a say over it, learns nothing.
    const seesAccount = isAdmin(m, actor, account);
    return reaches(m, actor, group) || seesAccount ? refused(403, 'FORBIDDEN') : refused(404, 'NOT_FOUND');
  }
  if (!isLinked(m, group, account)) return refused(404, 'NOT_FOUND');
  m.links.delete(linkKey(group, account));
  audited(m, group, done(204), 'group.account_removed');
  return audited(m, account, done(204), 'group.account_removed');
}

interface Removal {
  res: Res;
  role: Role | null;
  refusal: string | null;
  invites: InviteState[];
  requests: RequestState[];
}

interface Cut {
  group: Res;
  account: Res;
  refusal: string | null;
}

/** An offboarding's answer (SPEC §6, DELETE /api/access/{userId}) in the model's terms. */
export interface OffboardingAnswer {
  results: Array<{
    res: Res;
    role: Role | null;
    outcome: 'removed' | 'withdrawn' | 'refused';
    code: string | null;
    revokedInvites: number;
    withdrawnRequests: number;
  }>;
  cuts: Array<{ group: Res; account: Res; outcome: 'cut' | 'refused'; code: string | null }>;
}

/** The canonical text of an offboarding's answer, so that the model's and the server's can be compared. */
export function describeOffboarding(answer: OffboardingAnswer): string {
  const results = [...answer.results]
    .sort((a, b) => a.res - b.res)
    .map((r) => {
      const counts =
        r.outcome === 'refused' ? ` ${r.code}` : ` -${r.revokedInvites}i -${r.withdrawnRequests}r`;
      return `${NAMES[r.res]}(${r.role ?? '-'}) ${r.outcome}${counts}`;
    });
  const links = [...answer.cuts]
    .sort((a, b) => a.group - b.group || a.account - b.account)
    .map((c) => `${NAMES[c.group]}>${NAMES[c.account]} ${c.outcome}${c.code ? ` ${c.code}` : ''}`);
  return `[${results.join(', ')}] cuts [${links.join(', ')}]`;
}

/**
 * Offboarding (rule 11): the person leaves every resource the caller administers, with everything they left
 * open there; a direct admin of an account is removed only by another direct admin, and never the last one.
 * Then every group link that still lets them into an account the caller administers is cut, when the caller
 * is a direct admin of the account or an admin of the group, and reported as refused otherwise. What to do
 * is decided on the state before; each cut is then asked for as the caller would ask for it.
 */
function offboard(m: Model, op: Extract<Op, { type: 'offboard' }>): Outcome {
  const { actor: caller, target } = op;
  const administered = RESOURCES.filter((res) => isAdmin(m, caller, res));
  const removals: Removal[] = [];
  for (const res of administered) {
    const role = m.resources[res]?.members.get(target) ?? null;
    let refusal: string | null = null;
    if (role === 'admin' && !isDirectAdmin(m, caller, res)) refusal = 'FORBIDDEN';
    else if (role === 'admin' && directAdmins(m, res).length <= 1) refusal = 'LAST_ADMIN';
    const invites = refusal ? [] : pendingInvitesOf(m, target, res);
    const requests = refusal ? [] : pendingRequestsOf(m, target, res);
    if (role || invites.length + requests.length > 0)
      removals.push({ res, role, refusal, invites, requests });
  }
  const paths = GROUPS.flatMap((group) =>
    m.resources[group]?.members.has(target)
      ? administered
          .filter((account) => !isGroup(account) && isLinked(m, group, account))
          .map((account) => ({
            group,
            account,
            mayCut: isAdmin(m, caller, group) || isDirectAdmin(m, caller, account),
          }))
      : [],
  );
  for (const removal of removals) {
    if (removal.refusal) continue;
    if (removal.role) m.resources[removal.res]?.members.delete(target);
    const removed = removal.role ? [target === caller ? 'member.left' : 'member.removed'] : [];
    audited(m, removal.res, done(204), ...removed, ...endAll(m, removal.invites, removal.requests));
  }
  const left = new Set(removals.filter((r) => r.role && !r.refusal && isGroup(r.res)).map((r) => r.res));
  const cuts: Cut[] = paths
    .filter((path) => !left.has(path.group))
    .map(({ group, account, mayCut }) => {
      if (!mayCut) return { group, account, refusal: 'FORBIDDEN' };
      const outcome = unlink(m, { type: 'unlink', actor: caller, group, account });
      // A link already gone is as good as cut.
      return { group, account, refusal: outcome.code === 'NOT_FOUND' ? null : outcome.code };
    });
  const answer: OffboardingAnswer = {
    results: removals.map((r) => ({
      res: r.res,
      role: r.role,
      outcome: r.refusal ? 'refused' : r.role ? 'removed' : 'withdrawn',
      code: r.refusal,
      revokedInvites: r.refusal ? 0 : r.invites.length,
      withdrawnRequests: r.refusal ? 0 : r.requests.length,
    })),
    cuts: cuts.map((c) => ({
      group: c.group,
      account: c.account,
      outcome: c.refusal ? 'refused' : 'cut',
      code: c.refusal,
    })),
  };
  return { status: 200, code: null, detail: describeOffboarding(answer), offboarding: answer };
}

/** A review's answer, written the same way from the model and from the server: who, in the model's terms. */
export function describeReview(answer: {
  removed: number[];
  kept: number[];
  refused: Array<[number, string]>;
}) {
  const list = (actors: number[]) => [...actors].sort((a, b) => a - b).join(',');
  const refused = [...answer.refused].sort(([a], [b]) => a - b).map(([actor, code]) => `${actor}=${code}`);
  return `removed ${list(answer.removed)}; kept ${list(answer.kept)}; refused ${refused.join(',')}`;
}

/**
 * SPEC §10: everyone who reaches the resource is in the review; completing it removes the "remove" ones one by
 * one as their removal by the caller would (others first, the caller last), refuses someone who reaches it
 * only through a group (GRANT_VIA_GROUP), and records the review (started, one decision each, completed).
 */
function review(m: Model, op: Extract<Op, { type: 'review' }>): Outcome {
  const denied = gate(m, op.actor, op.res);
  if (denied) return denied;
  const people = [...seatPeople(m, op.res)].filter((actor) => reaches(m, actor, op.res));
  const wanted = new Set(op.remove);
  audited(m, op.res, done(201), 'review.started', ...people.map(() => 'review.decided'), 'review.completed');
  const answer = { removed: [] as number[], kept: [] as number[], refused: [] as Array<[number, string]> };
  const order = people
    .filter((actor) => wanted.has(actor))
    .sort((a, b) => Number(a === op.actor) - Number(b === op.actor));
  for (const actor of people) if (!wanted.has(actor)) answer.kept.push(actor);
  for (const target of order) {
    if (!m.resources[op.res]?.members.has(target)) {
      answer.refused.push([target, 'GRANT_VIA_GROUP']);
      continue;
    }
    const removal = memberChange(m, { type: 'remove', actor: op.actor, res: op.res, target });
    settle(m);
    if (removal.status < 300) answer.removed.push(target);
    else answer.refused.push([target, removal.code ?? String(removal.status)]);
  }
  return { status: 200, code: null, detail: describeReview(answer) };
}

/**
 * Applies one request to the model and returns what the API should answer. A refusal changes nothing.
 * `actual` supplies only the ids the server generated (a new invite, a new join request).
 */
export function apply(m: Model, op: Op, actual: Outcome): Outcome {
  const outcome = applyOnly(m, op, actual);
  settle(m);
  return outcome;
}

function applyOnly(m: Model, op: Op, actual: Outcome): Outcome {
  switch (op.type) {
    case 'issue': {
      const denied = gate(m, op.actor, op.res);
      if (denied) return denied;
      if (op.role === 'admin' && !isDirectAdmin(m, op.actor, op.res)) return refused(403, 'FORBIDDEN');
      if (seats(m, op.res) + 1 > SEAT_LIMIT) return refused(409, 'MEMBER_LIMIT');
      const id = actual.created?.id ?? '(no id answered)';
      const token = actual.created?.token ?? '';
      m.invites.set(id, {
        id,
        token,
        res: op.res,
        role: op.role,
        issuer: op.actor,
        status: 'pending',
        usedBy: null,
      });
      return audited(m, op.res, { status: 201, code: null, created: { id, token } }, 'invite.issued');
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
      return audited(m, invite.res, done(204), 'invite.revoked');
    }
    case 'role':
    case 'remove':
      return memberChange(m, op);
    case 'approval': {
      const denied = gate(m, op.actor, op.res);
      if (denied) return denied;
      (m.resources[op.res] as ResourceState).requireApproval = op.on;
      return audited(m, op.res, done(200), 'resource.updated');
    }
    case 'approve':
    case 'reject':
      return decide(m, op);
    case 'link':
      return link(m, op);
    case 'unlink':
      return unlink(m, op);
    case 'offboard':
      return offboard(m, op);
    case 'review':
      return review(m, op);
  }
}

export function cloneModel(m: Model): Model {
  return structuredClone(m);
}
