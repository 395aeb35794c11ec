/** A value to copy once (a token, a secret, a URL): read-only, selectable, with a copy button. */
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

async function copyText(text: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // No clipboard permission (plain HTTP, an old browser): select the text for Ctrl+C.
    input?.select();
    return false;
  }
}

export function CopyField(props: { label: string; value: string }) {
  const { t } = useTranslation('settings');
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  const copy = async () =>
    setState((await copyText(props.value, input.current)) ? 'copied' : 'selected');
  return (
    <div className="field copy-field">
      <label htmlFor={id}>{props.label}</label>
      <div className="copy-row">
        <input
          id={id}
          ref={input}
          readOnly
          value={props.value}
          spellCheck={false}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={() => void copy()}>
          {t('copy.button')}
        </button>
      </div>
      <span className="small muted" role="status" aria-live="polite">
        {state === 'copied' ? t('copy.done') : state === 'selected' ? t('copy.selected') : ''}
      </span>
    </div>
  );
}

/** The warning beside a secret the API shows only once. */
export function ShownOnce() {
  const { t } = useTranslation('settings');
  return (
    <p className="warning" role="note">
      <strong>{t('shownOnce.title')}</strong> {t('shownOnce.text')}
    </p>
  );
}
