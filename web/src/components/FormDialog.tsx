/**
 * A dialog around one form: its fields, the API's refusal when it is not on a field, cancel
 * and submit (disabled and saying so while the write runs).
 */
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { onAField } from '../api/fieldErrors.js';
import type { Action } from '../hooks/useAction.js';
import { Dialog } from './Dialog.js';
import { ErrorMessage } from './State.js';

export function FormDialog(props: {
  title: string;
  /** The write's state: its error shows here unless it names one of `fields`. */
  action: Action;
  /** Fields that show their own error (`Field`'s `error`); the rest show under the form. */
  fields?: readonly string[];
  submitLabel: string;
  onSubmit: () => Promise<void>;
  onClose: () => void;
  /** False while the form cannot be sent yet (nothing picked). */
  canSubmit?: boolean;
  /** The browser checks `required` and types before sending; else the API's errors say it. */
  browserChecks?: boolean;
  /** Explains a refusal in the area's words before it shows (settings' `explainError`). */
  explain?: (error: unknown) => unknown;
  wide?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const { action } = props;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void props.onSubmit();
  };
  const error = props.explain === undefined ? action.error : props.explain(action.error);
  return (
    <Dialog title={props.title} onClose={props.onClose} wide={props.wide}>
      <form className="form" noValidate={props.browserChecks !== true} onSubmit={submit}>
        {props.children}
        {!onAField(action.error, props.fields ?? []) && <ErrorMessage error={error} />}
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('action.cancel')}
          </button>
          <button
            type="submit"
            className="primary"
            disabled={action.busy || props.canSubmit === false}
          >
            {action.busy ? t('action.working') : props.submitLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
