import type { Client } from './client';
import { read, readEmpty } from './errors';
import type { ResourceKind, Role } from './types';

/** Invites and join requests: what an admin issues and decides, and what an invitee does with a token. */
export function invitesApi(client: Client) {
  const routes = { account: client.api.accounts, group: client.api.groups };
  const invites = client.api.invites;
  const requests = client.api.requests[':requestId'];

  return {
    issue: (kind: ResourceKind, id: string, role: Role, memo: string | null = null) =>
      read(routes[kind][':id'].invites.$post({ param: { id }, json: { role, memo } })),
    /** 再発行: a new link with the same role and memo; a pending invite it replaces is revoked. */
    reissue: (inviteId: string) => read(invites[':inviteId'].reissue.$post({ param: { inviteId } })),
    list: (kind: ResourceKind, id: string) => read(routes[kind][':id'].invites.$get({ param: { id } })),
    revoke: (inviteId: string) => readEmpty(invites[':inviteId'].$delete({ param: { inviteId } })),
    async setRequireApproval(kind: ResourceKind, id: string, requireApproval: boolean) {
      if (kind === 'account') {
        const { account } = await read(
          routes.account[':id'].$patch({ param: { id }, json: { requireApproval } }),
        );
        return account.requireApproval;
      }
      const { group } = await read(routes.group[':id'].$patch({ param: { id }, json: { requireApproval } }));
      return group.requireApproval;
    },
    approve: (requestId: string) => read(requests.approve.$post({ param: { requestId } })),
    reject: (requestId: string) => readEmpty(requests.reject.$post({ param: { requestId } })),

    preview: (token: string) => read(invites.preview.$post({ json: { token } })),
    /** Whose invite a dead link was: the account's name and the inviter's display name. */
    about: (token: string) => read(invites.about.$post({ json: { token } })),
    /** 200: the role is granted at once; 202: a join request now awaits an admin. */
    accept: (token: string) => read(invites.accept.$post({ json: { token } })),
    decline: (token: string) => readEmpty(invites.decline.$post({ json: { token } })),
  };
}

type Resolved<F> = F extends (...args: never[]) => Promise<infer T> ? T : never;
type InvitesApi = ReturnType<typeof invitesApi>;

// The shapes the invite screens use, inferred from the Worker's routes like those of api/types.ts.
export type IssuedInvite = Resolved<InvitesApi['issue']>;
export type OpenInvites = Resolved<InvitesApi['list']>;
export type OpenInvite = OpenInvites['invites'][number];
/** An invite that expired or was declined in the last 7 days, not yet issued again. */
export type EndedInvite = OpenInvites['ended'][number];
export type ReissuedInvite = Resolved<InvitesApi['reissue']>;
export type InviteAbout = Resolved<InvitesApi['about']>;
export type JoinRequest = OpenInvites['requests'][number];
export type InvitePreview = Resolved<InvitesApi['preview']>;
export type InviteStatus = InvitePreview['invite']['status'];
export type Acceptance = Resolved<InvitesApi['accept']>;
