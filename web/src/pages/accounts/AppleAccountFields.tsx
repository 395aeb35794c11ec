/** The Apple location's token file, owner and type (R-T2, R-T3). */
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';
import type { FieldErrors } from '../../api/fieldErrors.js';
import { TokenFileField, type TokenFile } from './TokenFileField.js';
import { TokenOptions, TokenSharingWarning, type TokenOptionValues } from './TokenOptions.js';

export interface AppleValues {
  file: TokenFile | null;
  appleId: string;
  accountType: 'business' | 'education' | '';
  options: TokenOptionValues;
}

export function AppleAccountFields(props: {
  value: AppleValues;
  onChange: (value: AppleValues) => void;
  errors: FieldErrors;
}) {
  const { t } = useTranslation('accounts');
  const { value, onChange, errors } = props;
  return (
    <>
      <TokenSharingWarning />
      <TokenFileField value={value.file} onChange={(file) => onChange({ ...value, file })} />
      {errors.token !== undefined && <p className="field-error">{errors.token}</p>}
      <Field label={t('apple.appleId')} error={errors.appleId}>
        <input
          type="email"
          required
          autoComplete="off"
          value={value.appleId}
          onChange={(event) => onChange({ ...value, appleId: event.target.value })}
        />
      </Field>
      <fieldset className="field">
        <legend>{t('apple.accountType')}</legend>
        {(['business', 'education'] as const).map((type) => (
          <label key={type} className="radio">
            <input
              type="radio"
              name="accountType"
              value={type}
              required
              checked={value.accountType === type}
              onChange={() => onChange({ ...value, accountType: type })}
            />
            {t(`apple.type.${type}`)}
          </label>
        ))}
        {errors.accountType !== undefined && (
          <small className="field-error">{errors.accountType}</small>
        )}
      </fieldset>
      <TokenOptions value={value.options} onChange={(options) => onChange({ ...value, options })} />
    </>
  );
}
