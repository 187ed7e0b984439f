import type { ComponentChildren } from 'preact';

interface FieldProps {
  id: string;
  label: string;
  value: string;
  onInput: (value: string) => void;
  type?: string;
  autoComplete?: string;
  required?: boolean;
  /** help shown under the field (the password policy); read by screen readers with the field */
  help?: ComponentChildren;
  /** the server's message for this field; marks it invalid */
  error?: string;
  minLength?: number;
  maxLength?: number;
  min?: number;
  max?: number;
  disabled?: boolean;
}

/** A labelled input (`<label for>`) with its help and its error tied to it by aria-describedby. */
export function Field({ id, label, value, onInput, type = 'text', help, error, ...rest }: FieldProps) {
  const helpId = help ? `${id}-help` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [errorId, helpId].filter(Boolean).join(' ') || undefined;
  // bean-validation messages name no subject ("must be a well-formed email address"): give them the label
  const shown = error && /^[a-z]/.test(error) ? `${label} ${error}` : error;
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>{label}</label>
      <input
        id={id}
        name={id}
        type={type}
        value={value}
        onInput={(e) => onInput((e.currentTarget as HTMLInputElement).value)}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy}
        {...rest}
      />
      {error && (
        <p class="field-error" id={errorId}>
          {shown}
        </p>
      )}
      {help && (
        <p class="help" id={helpId}>
          {help}
        </p>
      )}
    </div>
  );
}

/** The password policy as auth-service enforces it (PasswordPolicy), for help text under new passwords. */
export const PASSWORD_POLICY = '12 to 72 bytes (a long phrase is best), not a commonly used password, and not your e-mail address.';
