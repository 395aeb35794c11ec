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

export function SelectField(props: {
  label: string;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  children: ReactNode;
}) {
  const errorId = useId();
  return (
    <label className="field">
      <span>{props.label}</span>
      <select
        value={props.value}
        onChange={(event) => props.onValue(event.target.value)}
        aria-invalid={props.error !== undefined}
        aria-describedby={props.error === undefined ? undefined : errorId}
      >
        {props.children}
      </select>
      <FieldError id={errorId} message={props.error} />
    </label>
  );
}
