/**
 * R-X3: a space's reclaim policy, read and saved. Each API refusal is shown on the field it
 * names, in the console's language; the browser's own number checks are off (`noValidate`) so
 * that the API, which decides, is the one that answers.
 */
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client.js';
import { fieldErrorsOf, type FieldErrors } from '../../api/fieldErrors.js';
import { Field } from '../../components/Field.js';
import { useNotify } from '../../components/Notices.js';
import { Section } from '../../components/Section.js';
import { ErrorMessage } from '../../components/State.js';
import { Time } from '../../components/Time.js';
import { useAction } from '../../hooks/useAction.js';
import type { ReclaimPolicy } from './types.js';

const FIELDS = [
  'enabled',
  'deviceInactiveDays',
  'notInstalledDays',
  'userDeactivated',
  'intervalHours',
] as const;
type PolicyField = (typeof FIELDS)[number];

interface Draft {
  enabled: boolean;
  deviceInactiveDays: string;
  notInstalledDays: string;
  userDeactivated: boolean;
  intervalHours: string;
}

function draftOf(policy: ReclaimPolicy): Draft {
  const text = (n: number | null) => (n === null ? '' : String(n));
  return {
    enabled: policy.enabled,
    deviceInactiveDays: text(policy.deviceInactiveDays),
    notInstalledDays: text(policy.notInstalledDays),
    userDeactivated: policy.userDeactivated,
    intervalHours: String(policy.intervalHours),
  };
}

/** An empty period is "not a condition" (null); anything else goes as typed, for the API to judge. */
function bodyOf(draft: Draft) {
  const number = (text: string) => (text.trim() === '' ? null : Number(text));
  return {
    enabled: draft.enabled,
    deviceInactiveDays: number(draft.deviceInactiveDays),
    notInstalledDays: number(draft.notInstalledDays),
    userDeactivated: draft.userDeactivated,
    intervalHours: number(draft.intervalHours),
  };
}

/** The API's refusals by field, each said in the console's language. */
function useFieldMessages(error: unknown): Partial<Record<PolicyField, string>> {
  const { t } = useTranslation('insights');
  const raw: FieldErrors = fieldErrorsOf(error);
  const messages: Partial<Record<PolicyField, string>> = {};
  for (const field of FIELDS) {
    const message = raw[field];
    if (message !== undefined)
      messages[field] = t(`policy.invalid.${field}`, { defaultValue: message });
  }
  return messages;
}

function CheckField(props: {
  label: string;
  hint: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}) {
  const id = useId();
  const described = [`${id}-hint`, props.error === undefined ? null : `${id}-error`]
    .filter((x) => x !== null)
    .join(' ');
  return (
    <div className="field">
      <label className="check">
        <input
          type="checkbox"
          checked={props.checked}
          onChange={(event) => props.onChange(event.target.checked)}
          aria-invalid={props.error === undefined ? undefined : true}
          aria-describedby={described}
        />
        <span>
          {props.label}
          <small id={`${id}-hint`}>{props.hint}</small>
        </span>
      </label>
      {props.error !== undefined && (
        <small id={`${id}-error`} className="field-error">
          {props.error}
        </small>
      )}
    </div>
  );
}

function NumberField(props: {
  label: string;
  hint: ReactNode;
  value: string;
  onValue: (value: string) => void;
  error?: string;
  max: number;
}) {
  return (
    <Field label={props.label} hint={props.hint} error={props.error}>
      <input
        type="number"
        inputMode="numeric"
        min={1}
        max={props.max}
        step={1}
        value={props.value}
        onChange={(event) => props.onValue(event.target.value)}
      />
    </Field>
  );
}

export function PolicyForm(props: { spaceId: string; policy: ReclaimPolicy; canWrite: boolean }) {
  const { t } = useTranslation('insights');
  const notify = useNotify();
  const [draft, setDraft] = useState<Draft>(() => draftOf(props.policy));
  const saving = useAction();
  const errors = useFieldMessages(saving.error);
  const onAField = Object.keys(errors).length > 0;
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((d) => ({ ...d, [key]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void saving.run(async () => {
      const saved = await api.put<ReclaimPolicy>(
        `/spaces/${encodeURIComponent(props.spaceId)}/reclaim-policy`,
        bodyOf(draft),
      );
      setDraft(draftOf(saved));
      notify(t('policy.saved'));
    });
  };

  const { policy } = props;
  return (
    <Section title={t('policy.title')}>
      <form className="form policy-form" onSubmit={submit} noValidate>
        <fieldset disabled={!props.canWrite || saving.busy}>
          <legend className="visually-hidden">{t('policy.title')}</legend>
          <CheckField
            label={t('policy.enabled')}
            hint={t('policy.enabledHint')}
            checked={draft.enabled}
            onChange={(checked) => set('enabled', checked)}
            error={errors.enabled}
          />
          <div className="form-row">
            <NumberField
              label={t('policy.deviceInactiveDays')}
              hint={t('policy.daysHint')}
              value={draft.deviceInactiveDays}
              onValue={(value) => set('deviceInactiveDays', value)}
              error={errors.deviceInactiveDays}
              max={3650}
            />
            <NumberField
              label={t('policy.notInstalledDays')}
              hint={t('policy.daysHint')}
              value={draft.notInstalledDays}
              onValue={(value) => set('notInstalledDays', value)}
              error={errors.notInstalledDays}
              max={3650}
            />
          </div>
          <CheckField
            label={t('policy.userDeactivated')}
            hint={t('policy.userDeactivatedHint')}
            checked={draft.userDeactivated}
            onChange={(checked) => set('userDeactivated', checked)}
            error={errors.userDeactivated}
          />
          <NumberField
            label={t('policy.intervalHours')}
            hint={t('policy.intervalHint')}
            value={draft.intervalHours}
            onValue={(value) => set('intervalHours', value)}
            error={errors.intervalHours}
            max={720}
          />
        </fieldset>
        {!onAField && <ErrorMessage error={saving.error} />}
        <p className="muted policy-runs">
          {t('policy.lastRun')} <Time iso={policy.lastRunAt} /> · {t('policy.nextRun')}{' '}
          <Time iso={policy.enabled ? policy.nextRunAt : null} />
        </p>
        {props.canWrite && (
          <div className="actions">
            <button type="submit" className="primary" disabled={saving.busy}>
              {saving.busy ? t('common:action.saving') : t('policy.save')}
            </button>
          </div>
        )}
      </form>
    </Section>
  );
}
