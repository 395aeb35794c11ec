/** A labelled input whose API error is shown under it and tied to it for screen readers. */
import { useId, type InputHTMLAttributes, type ReactNode } from 'react';

export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (message === undefined) return null;
  return (
    <span id={id} className="field-error">
      {message}
    </span>
  );
}

export function TextField(
  props: {
    label: string;
    error: string | undefined;
    onValue: (value: string) => void;
  } & Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange'>,
) {
  const { label, error, onValue, ...input } = props;
  const errorId = useId();
  return (
    <label className="field">
      <span>{label}</span>
      <input
        {...input}
        onChange={(event) => onValue(event.target.value)}
        aria-invalid={error !== undefined}
        aria-describedby={error === undefined ? undefined : errorId}
      />
      <FieldError id={errorId} message={error} />
    </label>
  );
}

/** A select labelled by its own label element (not wrapped: its options stay out of its name). */
export function SelectField(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  children: ReactNode;
}) {
  const id = useId();
  const errorId = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {props.label}
      </label>
      <select
        id={id}
        value={props.value}
        onChange={(event) => props.onValue(event.target.value)}
        aria-invalid={props.error !== undefined}
        aria-describedby={props.error === undefined ? undefined : errorId}
      >
        {props.children}
      </select>
      <FieldError id={errorId} message={props.error} />
    </div>
  );
}
