import { useId } from 'preact/hooks';
import './RolePicker.css';
import type { ResourceKind, Role } from '../api/types';
import { roleLabel } from '../i18n/labels';
import { ROLE_ORDER, roleDescription } from '../i18n/roles';

type Props = {
  kind: ResourceKind;
  /** The chosen role; null until the user picks one. */
  value: Role | null;
  onChange: (role: Role) => void;
  /** What is being chosen, e.g. 「招待する人の権限」. */
  legend: string;
  /** The person's present role, when the picker changes one: it is marked, so the change is visible. */
  current?: Role;
  currentLabel?: string;
  disabled?: boolean;
  /** A message under the choices (nothing chosen, say); the radios point to it. */
  error?: string | null;
  /** Roles shown but not offered, each with why (SPEC rule 11: no 管理者 from an admin through a group). */
  unavailable?: Partial<Record<Role, string>>;
};

/**
 * The four roles as a radio list, each with a plain sentence of what it can and cannot do (SPEC §3), named
 * as account or group roles. The radio's accessible name is the role alone; the sentence is its description,
 * so screen readers say "運用担当者, radio button, 1 of 4" and then what it means.
 */
export function RolePicker(props: Props) {
  const { kind, value, onChange, legend, current, currentLabel, disabled, error, unavailable = {} } = props;
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <fieldset class="role-picker" disabled={disabled}>
      <legend>{legend}</legend>
      {ROLE_ORDER.map((role) => {
        const inputId = `${id}-${role}`;
        const descriptionId = `${inputId}-description`;
        const why = unavailable[role];
        const describedBy = [descriptionId, why && `${inputId}-why`, error && errorId]
          .filter(Boolean)
          .join(' ');
        return (
          <div key={role} class="role-option">
            <input
              id={inputId}
              type="radio"
              name={`${id}-role`}
              value={role}
              checked={value === role}
              disabled={why !== undefined}
              onChange={() => onChange(role)}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
            />
            <span class="role-option-text">
              <label for={inputId} class="role-option-name">
                {roleLabel(role, kind)}
              </label>
              {current === role && currentLabel && (
                <span class="badge role-option-current">{currentLabel}</span>
              )}
              <span id={descriptionId} class="muted small">
                {roleDescription(role, kind)}
              </span>
              {why && (
                <span id={`${inputId}-why`} class="small role-option-why">
                  {why}
                </span>
              )}
            </span>
          </div>
        );
      })}
      {error && (
        <p id={errorId} class="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
