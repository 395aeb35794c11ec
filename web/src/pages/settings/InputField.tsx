/** A labelled input whose help text describes it (aria-describedby) without joining its name. */
import { useId, type InputHTMLAttributes } from 'react';

export function InputField({
  label,
  help,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; help?: string }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input id={id} aria-describedby={help === undefined ? undefined : `${id}-help`} {...input} />
      {help !== undefined && (
        <small id={`${id}-help`} className="muted">
          {help}
        </small>
      )}
    </div>
  );
}
