/**
 * The tenant's Microsoft Store for Business (R-T11): the Entra ID directory, the management
 * app's client ID and secret (checked with the store on save, never shown again) and the
 * language of app names.
 */
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';
import type { FieldErrors } from '../../api/fieldErrors.js';

export interface MicrosoftValues {
  tenantDirectoryId: string;
  clientId: string;
  clientSecret: string;
  language: string;
}

const LANGUAGES = ['en-US', 'en-GB', 'fr-FR', 'de-DE', 'es-ES', 'it-IT', 'nl-NL', 'ja-JP'];

export function MicrosoftAccountFields(props: {
  value: MicrosoftValues;
  onChange: (value: MicrosoftValues) => void;
  errors: FieldErrors;
}) {
  const { t } = useTranslation('accounts');
  const { value, onChange, errors } = props;
  const set = (key: keyof MicrosoftValues) => (event: { target: { value: string } }) =>
    onChange({ ...value, [key]: event.target.value });
  return (
    <>
      <p className="muted small">{t('microsoft.intro')}</p>
      <Field
        label={t('microsoft.tenantDirectoryId')}
        error={errors.tenantDirectoryId}
        hint={t('microsoft.tenantHint')}
      >
        <input
          required
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          value={value.tenantDirectoryId}
          onChange={set('tenantDirectoryId')}
        />
      </Field>
      <Field label={t('microsoft.clientId')} error={errors.clientId}>
        <input
          required
          maxLength={100}
          autoComplete="off"
          spellCheck={false}
          value={value.clientId}
          onChange={set('clientId')}
        />
      </Field>
      <Field
        label={t('microsoft.clientSecret')}
        error={errors.clientSecret}
        hint={t('microsoft.secretHint')}
      >
        <input
          type="password"
          required
          maxLength={500}
          autoComplete="new-password"
          value={value.clientSecret}
          onChange={set('clientSecret')}
        />
      </Field>
      <Field
        label={t('microsoft.language')}
        error={errors.language}
        hint={t('microsoft.languageHint')}
      >
        <input
          required
          maxLength={35}
          list="allot-store-languages"
          spellCheck={false}
          value={value.language}
          onChange={set('language')}
        />
      </Field>
      <datalist id="allot-store-languages">
        {LANGUAGES.map((code) => (
          <option key={code} value={code} />
        ))}
      </datalist>
    </>
  );
}
