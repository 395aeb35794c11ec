/** A labelled input whose help text describes it (aria-describedby) without joining its name. */
import type { InputHTMLAttributes } from 'react';
import { Field } from '../../components/Field.js';

export function InputField({
  label,
  help,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; help?: string }) {
  return (
    <Field label={label} hint={help}>
      <input {...input} />
    </Field>
  );
}
