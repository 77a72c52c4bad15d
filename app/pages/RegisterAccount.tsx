import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { resourcesApi } from '../api/resources';
import { ErrorState } from '../components/ErrorState';
import { PageHeading } from '../components/PageHeading';
import { tr } from '../i18n/register';
import { resourcePath } from '../paths';
import { client } from '../services';
import { createRegisterModel, type Field, NAME_MAX, type NameError } from '../state/register';

const form = createRegisterModel(resourcesApi(client));

const inputIds: Record<Field, string> = { name: 'account-name', basicId: 'account-basic-id' };

function nameMessage(error: NameError): string {
  return error === 'required' ? tr().nameRequired : tr().nameTooLong(NAME_MAX);
}

export function RegisterAccount() {
  const { route } = useLocation();
  // The model outlives the page; whoever comes back finds an empty form.
  useEffect(() => form.reset, []);

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const outcome = await form.submit();
    if (outcome.kind === 'created') route(resourcePath('account', outcome.id));
    if (outcome.kind === 'invalid') document.getElementById(inputIds[outcome.field])?.focus();
  }

  const nameError = form.nameError.value;
  const basicIdError = form.basicIdError.value;
  const sending = form.sending.value;
  return (
    <>
      <PageHeading title={tr().title} />
      <p>{tr().intro}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for={inputIds.name}>{tr().name}</label>
          <input
            id={inputIds.name}
            name="name"
            required
            maxLength={NAME_MAX}
            autocomplete="organization"
            value={form.name}
            onInput={(event) => form.setName(event.currentTarget.value)}
            aria-invalid={nameError !== null}
            aria-describedby={nameError ? 'account-name-error' : undefined}
          />
          {nameError && (
            <p id="account-name-error" class="field-error">
              {nameMessage(nameError)}
            </p>
          )}
        </div>
        <div class="field">
          <label for={inputIds.basicId}>{tr().basicId}</label>
          <input
            id={inputIds.basicId}
            name="basicId"
            inputMode="email"
            autocapitalize="none"
            autocomplete="off"
            spellcheck={false}
            placeholder="@123abcde"
            value={form.basicId}
            onInput={(event) => form.setBasicId(event.currentTarget.value)}
            aria-invalid={basicIdError !== null}
            aria-describedby={
              basicIdError ? 'account-basic-id-hint account-basic-id-error' : 'account-basic-id-hint'
            }
          />
          <p id="account-basic-id-hint" class="muted small">
            {tr().basicIdHint}
          </p>
          {basicIdError && (
            <p id="account-basic-id-error" class="field-error">
              {tr().basicIdInvalid}
            </p>
          )}
        </div>
        {form.error.value !== null && <ErrorState title={tr().failed} error={form.error.value} />}
        <div class="actions">
          <button type="submit" class="button" disabled={sending} aria-busy={sending}>
            {sending ? tr().sending : tr().submit}
          </button>
          <a class="button button-secondary" href="/">
            {tr().cancel}
          </a>
        </div>
      </form>
    </>
  );
}
