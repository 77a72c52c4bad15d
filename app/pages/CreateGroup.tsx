import { useEffect } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { groupsApi } from '../api/groups';
import { ErrorState } from '../components/ErrorState';
import { PageHeading } from '../components/PageHeading';
import { ta } from '../i18n/access';
import { resourcePath } from '../paths';
import { client } from '../services';
import { createGroupForm } from '../state/groups';
import { NAME_MAX } from '../state/register';

const form = createGroupForm(groupsApi(client));

export function CreateGroup() {
  const { route } = useLocation();
  const m = ta().createGroup;
  // The model outlives the page; whoever comes back finds an empty form.
  useEffect(() => form.reset, []);

  async function onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const outcome = await form.submit();
    if (outcome.kind === 'created') route(resourcePath('group', outcome.id));
    if (outcome.kind === 'invalid') document.getElementById('group-name')?.focus();
  }

  const error = form.nameError.value;
  const sending = form.sending.value;
  return (
    <>
      <PageHeading title={m.title} />
      <p>{m.intro}</p>
      <form class="form" onSubmit={onSubmit} noValidate>
        <div class="field">
          <label for="group-name">{m.name}</label>
          <input
            id="group-name"
            name="name"
            required
            maxLength={NAME_MAX}
            autocomplete="off"
            value={form.name}
            onInput={(event) => form.setName(event.currentTarget.value)}
            aria-invalid={error !== null}
            aria-describedby={error ? 'group-name-hint group-name-error' : 'group-name-hint'}
          />
          <p id="group-name-hint" class="muted small">
            {m.hint}
          </p>
          {error && (
            <p id="group-name-error" class="field-error">
              {error === 'required' ? m.nameRequired : m.nameTooLong(NAME_MAX)}
            </p>
          )}
        </div>
        {form.error.value !== null && <ErrorState title={m.failed} error={form.error.value} />}
        <div class="actions">
          <button type="submit" class="button" disabled={sending} aria-busy={sending}>
            {sending ? m.sending : m.submit}
          </button>
          <a class="button button-secondary" href="/">
            {m.cancel}
          </a>
        </div>
      </form>
    </>
  );
}
