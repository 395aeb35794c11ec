/**
 * Asks before a destructive change. With `typed`, the confirm button stays disabled until the
 * administrator types that text (R-T8: deleting an account).
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { useAction } from '../hooks/useAction.js';
import { Dialog } from './Dialog.js';
import { ErrorMessage } from './State.js';

export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  typed?: string;
  onConfirm: () => Promise<void>;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const action = useAction();
  const ready = props.typed === undefined || text.trim() === props.typed;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready) return;
    if (await action.run(props.onConfirm)) props.onClose();
  };

  return (
    <Dialog title={props.title} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <div className="confirm-text">{props.children}</div>
        {props.typed !== undefined && (
          <label className="field">
            <span>
              <Trans
                i18nKey="dialog.typeToConfirm"
                values={{ text: props.typed }}
                components={{ 1: <strong /> }}
              />
            </span>
            <input
              value={text}
              onChange={(event) => setText(event.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          </label>
        )}
        <ErrorMessage error={action.error} />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            {t('action.cancel')}
          </button>
          <button type="submit" className="danger" disabled={!ready || action.busy}>
            {action.busy ? t('action.working') : props.confirmLabel}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
