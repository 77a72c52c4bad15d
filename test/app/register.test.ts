import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../app/api/errors';
import type { NewAccount } from '../../app/api/types';
import { basicIdError, createRegisterModel, nameError } from '../../app/state/register';
import { deferred } from './fixtures';

describe('account registration rules', () => {
  it.each([
    ['渋谷店', null],
    ['  渋谷店  ', null],
    ['', 'required'],
    ['   ', 'required'],
    ['a'.repeat(100), null],
    ['a'.repeat(101), 'too-long'],
  ])('name %j → %s', (name, expected) => {
    expect(nameError(name)).toBe(expected);
  });

  it.each([
    ['', null],
    ['@123abcde', null],
    ['@shop.tokyo_1-a', null],
    [' @123ABCDE ', null],
    ['123abcde', 'format'],
    ['@', 'format'],
    ['@日本語', 'format'],
    ['@has space', 'format'],
    [`@${'a'.repeat(21)}`, 'format'],
  ])('basic ID %j → %s', (basicId, expected) => {
    expect(basicIdError(basicId)).toBe(expected);
  });
});

function setup(createAccount = vi.fn(async (_input: NewAccount) => ({ id: 'a-new' }))) {
  return { form: createRegisterModel({ createAccount }), createAccount };
}

describe('register model', () => {
  it('shows no error before the first submit, then follows the typing', async () => {
    const { form } = setup();
    form.setBasicId('@');
    expect(form.basicIdError.value).toBeNull();
    expect(form.nameError.value).toBeNull();

    await form.submit();
    expect(form.nameError.value).toBe('required');
    expect(form.basicIdError.value).toBe('format');

    form.setName('渋谷店');
    form.setBasicId('@shibuya');
    expect(form.nameError.value).toBeNull();
    expect(form.basicIdError.value).toBeNull();
  });

  it.each([
    { name: '', basicId: '@ok', field: 'name' },
    { name: '渋谷店', basicId: 'no-at-sign', field: 'basicId' },
    { name: '', basicId: 'no-at-sign', field: 'name' },
  ])('refuses to send an invalid form and names the first field to fix ($field)', async (input) => {
    const { form, createAccount } = setup();
    form.setName(input.name);
    form.setBasicId(input.basicId);

    expect(await form.submit()).toEqual({ kind: 'invalid', field: input.field });
    expect(createAccount).not.toHaveBeenCalled();
  });

  it('sends the trimmed name and the lower-cased basic ID once, and stays locked after success', async () => {
    const pending = deferred<{ id: string }>();
    const { form, createAccount } = setup(vi.fn(() => pending.promise));
    form.setName('  渋谷店 ');
    form.setBasicId(' @Shibuya ');

    const submitting = form.submit();
    expect(form.sending.value).toBe(true);
    expect(await form.submit()).toEqual({ kind: 'refused' });
    pending.resolve({ id: 'a-new' });

    expect(await submitting).toEqual({ kind: 'created', id: 'a-new' });
    expect(form.sending.value).toBe(true);
    expect(createAccount).toHaveBeenCalledTimes(1);
    expect(createAccount).toHaveBeenCalledWith({ name: '渋谷店', basicId: '@shibuya' });
  });

  it('leaves the basic ID out when it is empty', async () => {
    const { form, createAccount } = setup();
    form.setName('渋谷店');

    await form.submit();

    expect(createAccount).toHaveBeenCalledWith({ name: '渋谷店' });
  });

  it("keeps the server's refusal to show, and clears it on the next attempt", async () => {
    const refusal = new ApiError(400, 'INVALID_INPUT', 'The request is not valid.', 'r1');
    const { form } = setup(
      vi
        .fn<(input: NewAccount) => Promise<{ id: string }>>()
        .mockRejectedValueOnce(refusal)
        .mockResolvedValueOnce({ id: 'a-new' }),
    );
    form.setName('渋谷店');

    expect(await form.submit()).toEqual({ kind: 'refused' });
    expect(form.error.value).toBe(refusal);
    expect(form.sending.value).toBe(false);

    expect(await form.submit()).toEqual({ kind: 'created', id: 'a-new' });
    expect(form.error.value).toBeNull();
  });

  it('starts over after reset', async () => {
    const { form } = setup();
    form.setName('渋谷店');
    await form.submit();

    form.reset();

    expect(form.name.value).toBe('');
    expect(form.sending.value).toBe(false);
    expect(form.nameError.value).toBeNull();
  });
});
