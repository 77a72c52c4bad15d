import { useId } from 'preact/hooks';
import './switch.css';

type Props = {
  label: string;
  hint: string;
  checked: boolean;
  /** The change is being saved: the switch waits, and says so to assistive technology. */
  saving: boolean;
  onChange(checked: boolean): void;
};

/** An on/off setting with its explanation: one look for every switch of the app. */
export function SettingSwitch({ label, hint, checked, saving, onChange }: Props) {
  const id = useId();
  return (
    <div class="setting">
      <div>
        <label for={`${id}-switch`}>{label}</label>
        <p id={`${id}-hint`} class="muted small">
          {hint}
        </p>
      </div>
      <input
        id={`${id}-switch`}
        type="checkbox"
        role="switch"
        class="switch"
        checked={checked}
        aria-checked={checked}
        disabled={saving}
        aria-busy={saving}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.currentTarget.checked)}
      />
    </div>
  );
}
