import { describe, expect, it, vi } from 'vitest';
import type { Offboarding, Person } from '../../app/api/access';
import { ApiError } from '../../app/api/errors';
import { createPersonModel, offboardPlan, resultReason } from '../../app/state/person';
import { accessEntry, groupEntry, offboarding, person, refused, removed, viaGroup } from './access-fixtures';
import { deferred } from './fixtures';

const kanto = { id: 'g-1', name: '関東エリア' };
const kansai = { id: 'g-2', name: '関西エリア' };

function setup(found: Person | null = person()) {
  const deps = {
    person: vi.fn(async (_userId: string): Promise<Person | null> => found),
    offboard: vi.fn(async (_userId: string) => offboarding([removed()])),
  };
  return { model: createPersonModel(deps), deps };
}

describe('offboard plan', () => {
  it('removes direct roles, ends access through groups left, and tells what stays', () => {
    const direct = accessEntry();
    const inKanto = groupEntry(kanto);
    const viaKanto = viaGroup({ id: 'a-2', name: '新宿店' }, kanto);
    const viaKansai = viaGroup({ id: 'a-3', name: '梅田店' }, kansai);

    const plan = offboardPlan(person({ access: [direct, inKanto, viaKanto, viaKansai] }));

    expect(plan).toEqual({ removed: [direct, inKanto], endsWithGroup: [viaKanto], stays: [viaKansai] });
  });

  it('is empty without a person', () => {
    expect(offboardPlan(null)).toEqual({ removed: [], endsWithGroup: [], stays: [] });
  });
});

describe('resultReason', () => {
  it.each([
    { result: removed(), reason: 'removed' },
    { result: refused('LAST_ADMIN'), reason: 'last-admin' },
    { result: refused('NOT_FOUND'), reason: 'gone' },
    { result: refused('CONFLICT'), reason: 'other' },
  ])('$result.outcome $result.code → $reason', ({ result, reason }) => {
    expect(resultReason(result)).toBe(reason);
  });
});

describe('person model', () => {
  it("loads one person's access", async () => {
    const { model, deps } = setup();

    const loading = model.load('Ustaff');
    expect(model.status.value).toBe('loading');
    await loading;

    expect(deps.person).toHaveBeenCalledWith('Ustaff');
    expect(model.status.value).toBe('ready');
    expect(model.name.value).toBe('佐藤 健');
    expect(model.plan.value.removed).toHaveLength(1);
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

  it('offboards, reports each outcome, and reads what access is left', async () => {
    const left = person({ access: [viaGroup({ id: 'a-3', name: '梅田店' }, kansai)] });
    const { model, deps } = setup(person({ access: [accessEntry(), groupEntry(kanto)] }));
    await model.load('Ustaff');
    const results = [
      removed(),
      refused('LAST_ADMIN', { resource: { kind: 'group', ...kanto }, role: 'admin' }),
    ];
    deps.offboard.mockResolvedValueOnce(offboarding(results));
    deps.person.mockResolvedValueOnce(left);

    const sending = model.offboard();
    expect(model.offboardStatus.value).toBe('sending');
    expect(await sending).toBe(true);

    expect(deps.offboard).toHaveBeenCalledWith('Ustaff');
    expect(model.offboardStatus.value).toBe('done');
    expect(model.results.value).toEqual(results);
    expect(model.removedCount.value).toBe(1);
    expect(model.refusedCount.value).toBe(1);
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

  it("forgets one person's results when another is shown", async () => {
    const { model } = setup();
    await model.load('Ustaff');
    await model.offboard();

    await model.load('Uother');

    expect(model.offboardStatus.value).toBe('idle');
    expect(model.results.value).toEqual([]);
  });
});
