import { describe, expect, it, vi } from 'vitest';
import type { Offboarding, OffboardingPlan, Person } from '../../app/api/access';
import { ApiError } from '../../app/api/errors';
import { chooseLanguage } from '../../app/i18n';
import { refusalText, ta } from '../../app/i18n/access';
import {
  countOutcomes,
  createPersonModel,
  type PersonDeps,
  planView,
  refusalOf,
  refusalsAhead,
  resultReason,
} from '../../app/state/person';
import { ERROR_STATUS, type ErrorCode } from '../../worker/lib/errors';
import {
  accessEntry,
  cutResult,
  groupEntry,
  offboarding,
  person,
  plan,
  plannedCut,
  plannedRemoval,
  refused,
  removed,
  viaGroup,
} from './access-fixtures';
import { deferred } from './fixtures';

const kanto = { id: 'g-1', name: '関東エリア' };
const privateGroup = { id: 'g-9', name: '佐藤の店' };
const shinjuku = { id: 'a-2', name: '新宿店' };
const umeda = { id: 'a-3', name: '梅田店' };

function setup(found: Person | null = person()) {
  const deps = {
    person: vi.fn<PersonDeps['person']>(async () => found),
    offboardingPlan: vi.fn<PersonDeps['offboardingPlan']>(async () => plan([plannedRemoval()])),
    offboard: vi.fn<PersonDeps['offboard']>(async () => offboarding([removed()])),
  };
  return { model: createPersonModel(deps), deps };
}

describe('offboarding plan view', () => {
  it('sorts removals, cuts and refusals, and says which access ends with a group left', () => {
    const direct = plannedRemoval();
    const fromKanto = plannedRemoval({ resource: { kind: 'group', ...kanto }, role: 'operator' });
    const lastAdmin = plannedRemoval(
      { resource: { kind: 'account', ...umeda }, role: 'admin' },
      'LAST_ADMIN',
    );
    const cut = plannedCut(privateGroup, shinjuku);
    const cutRefused = plannedCut(privateGroup, umeda, 'FORBIDDEN');
    const viaKanto = viaGroup(shinjuku, kanto);
    const viaPrivate = viaGroup(umeda, privateGroup);

    const view = planView(
      plan([direct, fromKanto, lastAdmin], [cut, cutRefused]),
      person({ access: [accessEntry(), groupEntry(kanto), viaKanto, viaPrivate] }),
    );

    expect(view).toEqual({
      removals: [direct, fromKanto],
      endsWithGroup: [viaKanto],
      cuts: [cut],
      refusedRemovals: [lastAdmin],
      refusedCuts: [cutRefused],
      empty: false,
    });
  });

  it('ends pending invites and join requests where the person holds no role', () => {
    const pendingOnly = plannedRemoval({ role: null, revokedInvites: 2, withdrawnRequests: 1 });
    const view = planView(plan([pendingOnly]), null);
    expect(view.removals).toEqual([pendingOnly]);
    expect(view.empty).toBe(false);
  });

  it('is empty when everything is refused: the confirmation only informs', () => {
    const view = planView(
      plan([plannedRemoval({ role: 'admin' }, 'FORBIDDEN')], [plannedCut(privateGroup, umeda, 'FORBIDDEN')]),
      person(),
    );
    expect(view.empty).toBe(true);
    expect(view.refusedRemovals).toHaveLength(1);
    expect(view.refusedCuts).toHaveLength(1);
  });
});

describe('offboarding outcomes', () => {
  it.each([
    { code: 'LAST_ADMIN', reason: 'last-admin' },
    { code: 'FORBIDDEN', reason: 'forbidden' },
    { code: 'NOT_FOUND', reason: 'gone' },
    { code: 'CONFLICT', reason: 'other' },
    { code: null, reason: 'other' },
  ])('refusal $code → $reason', ({ code, reason }) => {
    expect(refusalOf(code)).toBe(reason);
  });

  it.each([
    { result: removed(), reason: 'removed' },
    { result: removed({ outcome: 'withdrawn', role: null, withdrawnRequests: 1 }), reason: 'withdrawn' },
    { result: refused('LAST_ADMIN'), reason: 'last-admin' },
    { result: refused('FORBIDDEN'), reason: 'forbidden' },
    { result: refused('NOT_FOUND'), reason: 'gone' },
  ])('$result.outcome $result.code → $reason', ({ result, reason }) => {
    expect(resultReason(result)).toBe(reason);
  });

  it('counts removals, each invite and join request ended, cuts, parts already gone and refusals', () => {
    const results = [
      removed({ revokedInvites: 3 }),
      removed({ outcome: 'withdrawn', role: null, revokedInvites: 1, withdrawnRequests: 2 }),
      refused('LAST_ADMIN'),
      refused('NOT_FOUND'),
    ];
    const cuts = [cutResult(privateGroup, shinjuku), cutResult(privateGroup, umeda, 'FORBIDDEN')];
    expect(countOutcomes(results, cuts)).toEqual({
      removed: 1,
      revokedInvites: 4,
      withdrawnRequests: 2,
      cut: 1,
      gone: 1,
      refused: 2,
    });
  });
});

describe('offboarding words', () => {
  const summary = (
    results: Parameters<typeof countOutcomes>[0],
    cuts: Parameters<typeof countOutcomes>[1] = [],
  ) => ta().person.resultSummary(countOutcomes(results, cuts));

  it('counts invites and join requests one by one, not per resource', () => {
    expect(summary([removed({ revokedInvites: 3 })])).toBe(
      '1件の権限を削除しました。発行した招待3件を取り消しました。',
    );
    expect(summary([removed({ outcome: 'withdrawn', role: null, withdrawnRequests: 2 })])).toBe(
      '参加リクエスト2件を取り下げました。',
    );
  });

  it('says only what happened, and plainly when nothing did', () => {
    expect(summary([refused('FORBIDDEN', { role: 'admin' })], [cutResult(privateGroup, shinjuku)])).toBe(
      'グループのつながりを1件外しました。1件はできませんでした。',
    );
    expect(summary([refused('FORBIDDEN', { role: 'admin' })])).toBe(
      '変更はありませんでした。1件はできませんでした。',
    );
    expect(summary([refused('NOT_FOUND')])).toBe('変更はありませんでした。1件はすでに外れていました。');
    expect(summary([])).toBe('変更はありませんでした。');
  });

  it('has a Japanese reason for every code the server may refuse with, and a Japanese fallback', () => {
    for (const code of Object.keys(ERROR_STATUS) as ErrorCode[]) {
      const reason = refusalText(code);
      expect(reason, code).toMatch(/[ぁ-んァ-ヶ一-龠]/);
      expect(reason, code).toMatch(/ため/);
    }
    expect(refusalText('FORBIDDEN')).toBe('あなたがこのアカウントの直接の管理者ではないため');
    expect(refusalText('CONFLICT')).toBe('同時にほかの変更があったため(もう一度お試しください)');
    // A code of a newer Worker, or none at all: the generic reason, never the server's English.
    expect(refusalText('SOMETHING_NEW' as ErrorCode)).toBe('予期しないエラーが発生したため');
    expect(refusalText(null)).toBe('予期しないエラーが発生したため');
  });

  it('says the same in English', async () => {
    vi.stubGlobal('document', { documentElement: {} });
    await chooseLanguage('en');
    try {
      expect(summary([removed({ revokedInvites: 3 }), removed({ withdrawnRequests: 1 })])).toBe(
        'Removed 2 roles. Revoked 3 invites they issued. Withdrew 1 join request they made.',
      );
      expect(summary([refused('NOT_FOUND')])).toBe('Nothing changed. 1 was already removed.');
      expect(refusalText('FORBIDDEN')).toBe('you are not a direct admin of this account');
      expect(refusalText(null)).toBe('an unexpected error occurred');
    } finally {
      await chooseLanguage('ja');
      vi.unstubAllGlobals();
    }
  });
});

describe('person model', () => {
  it("loads one person's access, and no plan until the confirmation asks for it", async () => {
    const { model, deps } = setup();

    const loading = model.load('Ustaff');
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.person).toHaveBeenCalledWith('Ustaff');
    expect(model.status.value).toBe('ready');
    expect(model.name.value).toBe('佐藤 健');
    expect(deps.offboardingPlan).not.toHaveBeenCalled();
    expect(model.planStatus.value).toBe('idle');
  });

  it('reads the plan afresh each time the confirmation opens', async () => {
    const { model, deps } = setup();
    await model.load('Ustaff');
    const answer = deferred<OffboardingPlan>();
    deps.offboardingPlan.mockReturnValueOnce(answer.promise);

    const preparing = model.preparePlan();
    expect(model.planStatus.value).toBe('loading');
    expect(model.plan.value).toBeNull();
    answer.resolve(plan([plannedRemoval()], [plannedCut(privateGroup, shinjuku)]));
    await preparing;

    expect(deps.offboardingPlan).toHaveBeenCalledWith('Ustaff');
    expect(model.planStatus.value).toBe('ready');
    expect(model.plan.value?.cuts).toEqual([plannedCut(privateGroup, shinjuku)]);

    deps.offboardingPlan.mockReturnValueOnce(new Promise(() => {}));
    void model.preparePlan();
    // An earlier plan is not shown while the new one loads: the tap must carry out what is on screen.
    expect(model.plan.value).toBeNull();
  });

  it('shows why the plan could not be read', async () => {
    const { model, deps } = setup();
    await model.load('Ustaff');
    const failure = new ApiError(500, 'INTERNAL', 'x', 'r1');
    deps.offboardingPlan.mockRejectedValueOnce(failure);

    await model.preparePlan();

    expect(model.planStatus.value).toBe('error');
    expect(model.planError.value).toBe(failure);
  });

  it('is ready with nobody when the person has no access to what the user administers', async () => {
    const { model } = setup(null);
    await model.load('Ugone');
    expect(model.status.value).toBe('ready');
    expect(model.person.value).toBeNull();
  });

  it('treats a malformed user id as not found, and other failures as errors', async () => {
    const { model, deps } = setup();
    deps.person
      .mockRejectedValueOnce(new ApiError(400, 'INVALID_INPUT', 'x', 'r1'))
      .mockRejectedValueOnce(new ApiError(500, 'INTERNAL', 'x', 'r2'));

    await model.load('x'.repeat(80));
    expect(model.status.value).toBe('not-found');
    await model.load('Ustaff');
    expect(model.status.value).toBe('error');
    await model.load('Ustaff');
    expect(model.status.value).toBe('ready');
  });

  it('offboards, reports each resource and each cut group link, and reads what access is left', async () => {
    const left = person({ access: [viaGroup(umeda, privateGroup)] });
    const { model, deps } = setup(person({ access: [accessEntry(), groupEntry(kanto)] }));
    await model.load('Ustaff');
    const results = [
      removed({ revokedInvites: 1 }),
      refused('LAST_ADMIN', { resource: { kind: 'group', ...kanto }, role: 'admin' }),
    ];
    const cuts = [cutResult(privateGroup, shinjuku), cutResult(privateGroup, umeda, 'FORBIDDEN')];
    deps.offboard.mockResolvedValueOnce(offboarding(results, cuts));
    deps.person.mockResolvedValueOnce(left);

    const sending = model.offboard();
    expect(model.offboardStatus.value).toBe('sending');
    expect(await sending).toBe(true);

    expect(deps.offboard).toHaveBeenCalledWith('Ustaff');
    expect(model.offboardStatus.value).toBe('done');
    expect(model.results.value).toEqual(results);
    expect(model.cuts.value).toEqual(cuts);
    expect(model.counts.value).toEqual({
      removed: 1,
      revokedInvites: 1,
      withdrawnRequests: 0,
      cut: 1,
      gone: 0,
      refused: 2,
    });
    expect(model.person.value).toEqual(left);
  });

  it('still knows the name once no access is left', async () => {
    const { model, deps } = setup();
    await model.load('Ustaff');
    deps.person.mockResolvedValueOnce(null);

    await model.offboard();

    expect(model.person.value).toBeNull();
    expect(model.name.value).toBe('佐藤 健');
    expect(model.status.value).toBe('ready');
  });

  it('keeps the access on screen and says why when offboarding fails', async () => {
    const { model, deps } = setup();
    await model.load('Ustaff');
    const failure = new ApiError(0, 'NETWORK', 'offline', null);
    deps.offboard.mockRejectedValueOnce(failure);

    expect(await model.offboard()).toBe(false);

    expect(model.offboardStatus.value).toBe('error');
    expect(model.offboardError.value).toBe(failure);
    expect(model.person.value).not.toBeNull();
  });

  it('sends once while offboarding is in flight', async () => {
    const { model, deps } = setup();
    await model.load('Ustaff');
    const answer = deferred<Offboarding>();
    deps.offboard.mockReturnValueOnce(answer.promise);

    const first = model.offboard();
    expect(await model.offboard()).toBe(false);
    answer.resolve(offboarding([removed()]));
    await first;

    expect(deps.offboard).toHaveBeenCalledTimes(1);
  });

  it("forgets one person's plan and results when another is shown", async () => {
    const { model } = setup();
    await model.load('Ustaff');
    await model.preparePlan();
    await model.offboard();

    await model.load('Uother');

    expect(model.offboardStatus.value).toBe('idle');
    expect(model.results.value).toEqual([]);
    expect(model.cuts.value).toEqual([]);
    expect(model.plan.value).toBeNull();
    expect(model.planStatus.value).toBe('idle');
  });
});

describe('refusals said before the tap (issue 14)', () => {
  it('lists what offboarding would refuse, last admins first; nothing without a plan', () => {
    const forbidden = plannedRemoval(
      { resource: { kind: 'account', id: 'a-2', name: '新宿店' } },
      'FORBIDDEN',
    );
    const last = plannedRemoval({ resource: { kind: 'account', id: 'a-3', name: '池袋店' } }, 'LAST_ADMIN');
    const view = planView(plan([plannedRemoval(), forbidden, last]), null);
    expect(refusalsAhead(view).map((entry) => [entry.removal.resource.id, entry.reason])).toEqual([
      ['a-3', 'last-admin'],
      ['a-2', 'forbidden'],
    ]);
    expect(refusalsAhead(planView(plan([plannedRemoval()]), null))).toEqual([]);
    expect(refusalsAhead(null)).toEqual([]);
  });
});
