/**
 * Form fields: a label tied to its control, a hint and the API's error for it shown under it
 * and tied to it for screen readers (`aria-describedby`, `aria-invalid`).
 */
import {
  cloneElement,
  useId,
  type InputHTMLAttributes,
  type ReactElement,
  type ReactNode,
} from 'react';

/** Any control (input, select, textarea) with its label, hint and error. */
export function Field(props: {
  label: string;
  error?: string;
  hint?: ReactNode;
  children: ReactElement<Record<string, unknown>>;
}) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy =
    [props.error !== undefined ? errorId : null, props.hint !== undefined ? hintId : null]
      .filter((x) => x !== null)
      .join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      {cloneElement(props.children, {
        id,
        'aria-invalid': props.error !== undefined ? true : undefined,
        'aria-describedby': describedBy,
      })}
      {props.hint !== undefined && (
        <small id={hintId} className="muted">
          {props.hint}
        </small>
      )}
      {props.error !== undefined && (
        <small id={errorId} className="field-error">
          {props.error}
        </small>
      )}
    </div>
  );
}

/** A text input whose value is handed over as it is typed. */
export function TextField(
  props: {
    label: string;
    error?: string;
    hint?: ReactNode;
    onValue: (value: string) => void;
  } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'>,
) {
  const { label, error, hint, onValue, ...input } = props;
  return (
    <Field label={label} error={error} hint={hint}>
      <input {...input} onChange={(event) => onValue(event.target.value)} />
    </Field>
  );
}

/** A select whose choice is handed over. */
export function SelectField(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  children: ReactNode;
}) {
  return (
    <Field label={props.label} error={props.error}>
      <select value={props.value} onChange={(event) => props.onValue(event.target.value)}>
        {props.children}
      </select>
    </Field>
  );
}
