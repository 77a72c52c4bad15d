import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { Acceptance, InviteAbout, InvitePreview } from '../../app/api/invites';
import { type AcceptanceDeps, createAcceptanceModel } from '../../app/state/acceptance';
import { deferred } from './fixtures';
import { preview, TOKEN } from './invite-fixtures';

const membership: Acceptance = {
  membership: {
    resource: { kind: 'account', id: 'a-1', name: '渋谷店' },
    userId: 'Ustaff',
    role: 'operator',
    since: '2026-03-01T10:00:00.000Z',
  },
};

const joinRequest: Acceptance = {
  request: {
    id: 'r-1',
    status: 'pending',
    role: 'operator',
    createdAt: '2026-03-01T10:00:00.000Z',
    resource: { kind: 'account', id: 'a-1', name: '渋谷店' },
  },
};

const refusal = (status: number, code: string) => new ApiError(status, code, code, 'req-1');

function setup(overrides: Partial<AcceptanceDeps> = {}) {
  const deps = {
    preview: vi.fn(async (_token: string): Promise<InvitePreview> => preview()),
    accept: vi.fn(async (_token: string): Promise<Acceptance> => membership),
    decline: vi.fn(async (_token: string) => {}),
    about: vi.fn(
      async (_token: string): Promise<InviteAbout> => ({
        invite: {
          status: 'expired',
          resource: { kind: 'account', name: '渋谷店' },
          invitedBy: { displayName: '山田 花子' },
        },
      }),
    ),
    ...overrides,
  };
  return { model: createAcceptanceModel(deps), deps };
}

describe('acceptance model (the invitee)', () => {
  it('shows who invites to which account with which role, then accepts: a member at once', async () => {
    const { model, deps } = setup();
    const opening = model.open(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'loading' });
    await opening;

    expect(deps.preview).toHaveBeenCalledWith(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'open' });
    expect(model.preview.value?.invite.invitedBy.displayName).toBe('山田 花子');

    const accepting = model.accept();
    expect(model.busy.value).toBe('accept');
    await accepting;
    expect(deps.accept).toHaveBeenCalledWith(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'joined', now: true });
    expect(model.resource.value).toEqual({ kind: 'account', id: 'a-1', name: '渋谷店' });
    expect(model.busy.value).toBeNull();
  });

  it('waits for an admin when the account requires approval (202)', async () => {
    const { model } = setup({
      preview: vi.fn(async () => preview({ requiresApproval: true })),
      accept: vi.fn(async () => joinRequest),
    });
    await model.open(TOKEN);
    await model.accept();
    expect(model.screen.value).toEqual({ kind: 'awaiting', now: true });
  });

  it('declines', async () => {
    const { model, deps } = setup();
    await model.open(TOKEN);
    await model.decline();
    expect(deps.decline).toHaveBeenCalledWith(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'declined', now: true });
  });

  it('accepts once, however often the button is tapped', async () => {
    const slow = deferred<Acceptance>();
    const { model, deps } = setup({ accept: vi.fn(() => slow.promise) });
    await model.open(TOKEN);
    const first = model.accept();
    await model.accept();
    await model.decline();
    slow.resolve(membership);
    await first;
    expect(deps.accept).toHaveBeenCalledTimes(1);
    expect(deps.decline).not.toHaveBeenCalled();
  });

  it.each([undefined, '', 'short', `${TOKEN}x`, `${TOKEN.slice(1)}!`])(
    'calls a missing or malformed token (%j) an invalid link without asking the server',
    async (token) => {
      const { model, deps } = setup();
      await model.open(token);
      expect(model.screen.value).toEqual({ kind: 'problem', problem: 'invalid' });
      expect(deps.preview).not.toHaveBeenCalled();
    },
  );

  it.each([
    { error: refusal(404, 'NOT_FOUND'), problem: 'invalid' },
    { error: refusal(400, 'INVALID_INPUT'), problem: 'invalid' },
    { error: refusal(410, 'INVITE_EXPIRED'), problem: 'expired' },
    { error: refusal(410, 'INVITE_REVOKED'), problem: 'revoked' },
    { error: refusal(410, 'INVITE_USED'), problem: 'used' },
  ])('gives $error.code on preview its own screen ($problem)', async ({ error, problem }) => {
    const { model } = setup({ preview: vi.fn().mockRejectedValue(error) });
    await model.open(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'problem', problem });
  });

  it.each([
    { error: refusal(409, 'ALREADY_MEMBER'), problem: 'already-member' },
    { error: refusal(409, 'MEMBER_LIMIT'), problem: 'member-limit' },
    { error: refusal(409, 'REQUEST_PENDING'), problem: 'request-pending' },
    { error: refusal(409, 'OWN_INVITE'), problem: 'own-invite' },
    { error: refusal(410, 'INVITE_REVOKED'), problem: 'revoked' },
    { error: refusal(410, 'INVITE_USED'), problem: 'used' },
    { error: refusal(410, 'INVITE_EXPIRED'), problem: 'expired' },
  ])('gives $error.code on accept its own screen ($problem)', async ({ error, problem }) => {
    const { model } = setup({ accept: vi.fn().mockRejectedValue(error) });
    await model.open(TOKEN);
    await model.accept();
    expect(model.screen.value).toEqual({ kind: 'problem', problem });
  });

  it.each([
    { status: 'accepted' as const, screen: { kind: 'joined', now: false } },
    { status: 'awaiting_approval' as const, screen: { kind: 'awaiting', now: false } },
    { status: 'declined' as const, screen: { kind: 'declined', now: false } },
    { status: 'rejected' as const, screen: { kind: 'rejected' } },
  ])('shows the outcome of an invite the caller already used ($status)', async ({ status, screen }) => {
    const { model } = setup({ preview: vi.fn(async () => preview({ status }, status === 'accepted')) });
    await model.open(TOKEN);
    expect(model.screen.value).toEqual(screen);
    expect(model.resource.value?.id).toBe('a-1');
  });

  it("tells a member who opens someone else's pending invite that they already belong", async () => {
    const { model, deps } = setup({ preview: vi.fn(async () => preview({}, true)) });
    await model.open(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'problem', problem: 'already-member' });
    expect(model.resource.value?.name).toBe('渋谷店');
    await model.accept();
    expect(deps.accept).not.toHaveBeenCalled();
  });

  it('tells the issuer of a pending invite they cannot accept it, and never sends an accept', async () => {
    // The issuer is usually a member as well: being the issuer is what the screen says.
    const { model, deps } = setup({ preview: vi.fn(async () => preview({}, true, true)) });
    await model.open(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'problem', problem: 'own-invite' });
    expect(model.preview.value?.ownInvite).toBe(true);
    await model.accept();
    await model.decline();
    expect(deps.accept).not.toHaveBeenCalled();
    expect(deps.decline).not.toHaveBeenCalled();
  });

  it('never shows the issuer an outcome as if it were theirs', async () => {
    const { model } = setup({ preview: vi.fn(async () => preview({ status: 'declined' }, false, true)) });
    await model.open(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'problem', problem: 'own-invite' });
  });

  it('gives OWN_INVITE on decline its own screen', async () => {
    const { model } = setup({ decline: vi.fn().mockRejectedValue(refusal(409, 'OWN_INVITE')) });
    await model.open(TOKEN);
    await model.decline();
    expect(model.screen.value).toEqual({ kind: 'problem', problem: 'own-invite' });
  });

  it('offers a retry when the preview fails for another reason (network)', async () => {
    const offline = new ApiError(0, 'NETWORK', 'Failed to fetch', null);
    const { model } = setup({
      preview: vi
        .fn<AcceptanceDeps['preview']>()
        .mockRejectedValueOnce(offline)
        .mockResolvedValueOnce(preview()),
    });
    await model.open(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'error', error: offline });
    await model.retry();
    expect(model.screen.value).toEqual({ kind: 'open' });
  });

  it('keeps the invite open with an error when accepting fails for another reason', async () => {
    const offline = new ApiError(0, 'NETWORK', 'Failed to fetch', null);
    const { model } = setup({
      accept: vi
        .fn<AcceptanceDeps['accept']>()
        .mockRejectedValueOnce(offline)
        .mockResolvedValueOnce(membership),
    });
    await model.open(TOKEN);
    await model.accept();
    expect(model.screen.value).toEqual({ kind: 'open' });
    expect(model.actionError.value).toBe(offline);

    await model.accept();
    expect(model.actionError.value).toBeNull();
    expect(model.screen.value).toEqual({ kind: 'joined', now: true });
  });

  it('ignores the late answer for a link the user has left', async () => {
    const slow = deferred<InvitePreview>();
    const other = `${TOKEN.slice(0, 42)}Z`;
    const previewFn = vi
      .fn<AcceptanceDeps['preview']>()
      .mockReturnValueOnce(slow.promise)
      .mockResolvedValueOnce(preview({ id: 'i-2', role: 'admin' }));
    const { model } = setup({ preview: previewFn });

    const first = model.open(TOKEN);
    await model.open(other);
    slow.resolve(preview());
    await first;
    expect(model.preview.value?.invite.id).toBe('i-2');
  });
});

describe('a dead link says whose invite it was (issue 14)', () => {
  it('asks whose invite an expired, revoked or used link was', async () => {
    for (const code of ['INVITE_EXPIRED', 'INVITE_REVOKED', 'INVITE_USED']) {
      const { model, deps } = setup({
        preview: vi.fn(async () => {
          throw refusal(410, code);
        }),
      });
      await model.open(TOKEN);
      expect(model.screen.value.kind).toBe('problem');
      expect(deps.about).toHaveBeenCalledWith(TOKEN);
      expect(model.whose.value).toEqual({
        kind: 'account',
        resourceName: '渋谷店',
        inviterName: '山田 花子',
      });
    }
  });

  it('does not ask for an invalid link, and says the problem alone when the names cannot be had', async () => {
    const invalid = setup();
    await invalid.model.open('short');
    expect(invalid.deps.about).not.toHaveBeenCalled();
    expect(invalid.model.whose.value).toBeNull();
    const { model } = setup({
      preview: vi.fn(async () => {
        throw refusal(410, 'INVITE_EXPIRED');
      }),
      about: vi.fn(async () => {
        throw refusal(404, 'NOT_FOUND');
      }),
    });
    await model.open(TOKEN);
    expect(model.screen.value).toEqual({ kind: 'problem', problem: 'expired' });
    expect(model.whose.value).toBeNull();
  });
});
