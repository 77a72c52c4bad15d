import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { IssuedInvite } from '../../app/api/invites';
import type { ResourceKind, Role } from '../../app/api/types';
import { createIssueModel } from '../../app/state/issue';
import { deferred } from './fixtures';
import { issued } from './invite-fixtures';

type Issue = (kind: ResourceKind, id: string, role: Role) => Promise<IssuedInvite>;

function setup(issue: Issue = async (_kind, _id, role) => issued({ role })) {
  const deps = { issue: vi.fn(issue) };
  return { model: createIssueModel(deps), deps };
}

describe('issue model (メンバーを追加)', () => {
  it('asks for a role before sending anything', async () => {
    const { model, deps } = setup();
    expect(model.roleMissing.value).toBe(false);

    expect(await model.issue('account', 'a-1')).toEqual({ kind: 'invalid' });
    expect(model.roleMissing.value).toBe(true);
    expect(deps.issue).not.toHaveBeenCalled();

    model.selectRole('operator');
    expect(model.roleMissing.value).toBe(false);
  });

  it('issues an invite for the chosen role and keeps its URL for sharing', async () => {
    const { model, deps } = setup();
    model.selectRole('operator_no_broadcast');

    const pending = model.issue('group', 'g-1');
    expect(model.sending.value).toBe(true);
    const outcome = await pending;

    expect(deps.issue).toHaveBeenCalledWith('group', 'g-1', 'operator_no_broadcast', null);
    expect(outcome.kind).toBe('issued');
    expect(model.sending.value).toBe(false);
    expect(model.issued.value?.invite.role).toBe('operator_no_broadcast');
    expect(model.issued.value?.url).toMatch(/\/invite\?token=/);
  });

  it('sends once, however often the button is tapped', async () => {
    const slow = deferred<IssuedInvite>();
    const { model, deps } = setup(() => slow.promise);
    model.selectRole('operator');

    const first = model.issue('account', 'a-1');
    expect(await model.issue('account', 'a-1')).toEqual({ kind: 'refused' });
    slow.resolve(issued());
    await first;
    expect(deps.issue).toHaveBeenCalledTimes(1);
  });

  it('shows the refusal (MEMBER_LIMIT) and lets the admin try again', async () => {
    const limit = new ApiError(409, 'MEMBER_LIMIT', 'The member limit is reached.', 'r1');
    const issue = vi.fn<Issue>().mockRejectedValueOnce(limit).mockResolvedValueOnce(issued());
    const { model } = setup(issue);
    model.selectRole('operator');

    expect(await model.issue('account', 'a-1')).toEqual({ kind: 'refused' });
    expect(model.error.value).toBe(limit);
    expect(model.sending.value).toBe(false);
    expect(model.issued.value).toBeNull();

    expect((await model.issue('account', 'a-1')).kind).toBe('issued');
    expect(model.error.value).toBeNull();
  });

  it('starts fresh with a preselected role ("2人目の管理者を追加")', async () => {
    const { model } = setup();
    model.selectRole('operator');
    await model.issue('account', 'a-1');

    model.reset('admin');
    expect(model.role.value).toBe('admin');
    expect(model.issued.value).toBeNull();
    expect(model.roleMissing.value).toBe(false);
  });

  it('drops the answer of an invite issued before the page was reset', async () => {
    const slow = deferred<IssuedInvite>();
    const { model } = setup(() => slow.promise);
    model.selectRole('operator');
    const pending = model.issue('account', 'a-1');

    model.reset();
    slow.resolve(issued());
    expect(await pending).toEqual({ kind: 'refused' });
    expect(model.issued.value).toBeNull();
    expect(model.sending.value).toBe(false);
  });
});

describe('the memo of whom an invite is for (issue 14)', () => {
  it('sends the trimmed memo, refuses one over 50 characters before asking, and clears it on reset', async () => {
    const deps = { issue: vi.fn(async () => issued()) };
    const model = createIssueModel(deps);
    model.selectRole('operator');
    model.setMemo('😀'.repeat(51));
    expect(model.memoTooLong.value).toBe(51);
    expect(await model.issue('account', 'a-1')).toEqual({ kind: 'invalid' });
    expect(deps.issue).not.toHaveBeenCalled();
    model.setMemo('  新宿店の田中さん ');
    expect(model.memoTooLong.value).toBeNull();
    await model.issue('account', 'a-1');
    expect(deps.issue).toHaveBeenCalledWith('account', 'a-1', 'operator', '新宿店の田中さん');
    model.reset();
    expect(model.memo.value).toBe('');
  });
});
