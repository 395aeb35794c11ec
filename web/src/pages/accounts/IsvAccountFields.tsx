/**
 * An ISV seat subscription (R-T12): its product and publisher, its seats, where it was bought
 * (only a marketplace purchase's seats change in Allot) and what a seat costs.
 */
import { useTranslation } from 'react-i18next';
import { Field } from '../../components/Field.js';
import type { FieldErrors } from '../../api/fieldErrors.js';

export interface IsvValues {
  productName: string;
  publisher: string;
  seats: string;
  purchasedThrough: 'marketplace' | 'vendor';
  /** In the currency's major unit, as typed ("12.50"). */
  costAmount: string;
  currency: string;
}

const CURRENCIES = ['USD', 'EUR', 'GBP', 'CHF', 'CAD', 'AUD', 'JPY'];

/** Minor units of the currency (cents; yen have none). */
function minorUnits(amount: string, currency: string): number | null {
  const value = Number(amount.replace(',', '.'));
  if (amount.trim() === '' || !Number.isFinite(value) || value < 0) return null;
  const digits =
    new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return Math.round(value * 10 ** digits);
}

/** The body's ISV part; null while a required field is empty. */
export function isvBody(v: IsvValues): Record<string, unknown> | null {
  if (v.productName.trim() === '' || v.publisher.trim() === '' || v.seats.trim() === '') {
    return null;
  }
  const amount = minorUnits(v.costAmount, v.currency);
  return {
    productName: v.productName.trim(),
    publisher: v.publisher.trim(),
    seats: Number(v.seats),
    purchasedThrough: v.purchasedThrough,
    ...(amount === null ? {} : { costPerSeat: { amount, currency: v.currency } }),
  };
}

export function IsvAccountFields(props: {
  value: IsvValues;
  onChange: (value: IsvValues) => void;
  errors: FieldErrors;
}) {
  const { t } = useTranslation('accounts');
  const { value, onChange, errors } = props;
  const set = (key: keyof IsvValues) => (event: { target: { value: string } }) =>
    onChange({ ...value, [key]: event.target.value });
  return (
    <>
      <div className="form-row">
        <Field label={t('isv.productName')} error={errors.productName}>
          <input required maxLength={200} value={value.productName} onChange={set('productName')} />
        </Field>
        <Field label={t('isv.publisher')} error={errors.publisher}>
          <input required maxLength={200} value={value.publisher} onChange={set('publisher')} />
        </Field>
      </div>
      <Field label={t('isv.seats')} error={errors.seats}>
        <input
          type="number"
          required
          min={0}
          max={10_000_000}
          step={1}
          value={value.seats}
          onChange={set('seats')}
        />
      </Field>
      <fieldset className="field">
        <legend>{t('isv.purchasedThrough')}</legend>
        {(['marketplace', 'vendor'] as const).map((where) => (
          <label key={where} className="radio">
            <input
              type="radio"
              name="purchasedThrough"
              value={where}
              checked={value.purchasedThrough === where}
              onChange={() => onChange({ ...value, purchasedThrough: where })}
            />
            <span>
              {t(`isv.through.${where}`)}
              <small className="muted"> — {t(`isv.throughHint.${where}`)}</small>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="form-row">
        <Field label={t('isv.costPerSeat')} error={errors.costPerSeat} hint={t('isv.costHint')}>
          <input
            inputMode="decimal"
            value={value.costAmount}
            onChange={set('costAmount')}
            pattern="[0-9]+([.,][0-9]{1,3})?"
          />
        </Field>
        <Field label={t('isv.currency')}>
          <select value={value.currency} onChange={set('currency')}>
            {CURRENCIES.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </>
  );
}
