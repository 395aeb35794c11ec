/** A labelled input with the API's error for it shown under it and tied to it. */
import { useId, type ReactElement, type ReactNode } from 'react';
import { cloneElement } from 'react';

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
      <label htmlFor={id}>{props.label}</label>
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
