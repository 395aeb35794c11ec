/**
 * A modal on the native <dialog>: focus moves in and is trapped, Escape closes, focus returns
 * to the opener afterwards.
 */
import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  wide?: boolean;
}) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const { onClose } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (dialog === null) return;
    const opener = document.activeElement as HTMLElement | null;
    dialog.showModal();
    const cancel = (event: Event) => {
      event.preventDefault();
      onClose();
    };
    dialog.addEventListener('cancel', cancel);
    return () => {
      dialog.removeEventListener('cancel', cancel);
      dialog.close();
      opener?.focus();
    };
  }, [onClose]);

  return (
    <dialog
      ref={ref}
      className={`dialog${props.wide === true ? ' wide' : ''}`}
      aria-labelledby={titleId}
    >
      <header className="dialog-header">
        <h2 id={titleId}>{props.title}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('action.close')}
          onClick={onClose}
        >
          ×
        </button>
      </header>
      <div className="dialog-body">{props.children}</div>
    </dialog>
  );
}
