/** The role (R-S1) and the scope it is granted on: the whole organisation or one space. */
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/types.js';
import { useSession } from '../../session/SessionContext.js';
import { useSpaces } from './spaceNames.js';

export const ROLES: readonly Role[] = [
  'globalAdmin',
  'licenseAdmin',
  'userAdmin',
  'appManager',
  'readOnly',
];

/** `hideLabel`: inside a table whose column header already says what the control is. */
export function RoleSelect(props: {
  value: Role;
  onChange: (role: Role) => void;
  label?: string;
  hideLabel?: boolean;
}) {
  const { t } = useTranslation('settings');
  const { t: common } = useTranslation();
  return (
    <label className="field">
      <span className={props.hideLabel === true ? 'visually-hidden' : undefined}>
        {props.label ?? t('tokens.role')}
      </span>
      <select value={props.value} onChange={(e) => props.onChange(e.target.value as Role)}>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {common(`role.${role}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A space-scoped administrator grants only on its own space (R-S2). */
export function ScopeSelect(props: {
  value: string | null;
  onChange: (spaceId: string | null) => void;
  label?: string;
  hideLabel?: boolean;
}) {
  const { t } = useTranslation('settings');
  const { me } = useSession();
  const spaces = useSpaces();
  return (
    <label className="field">
      <span className={props.hideLabel === true ? 'visually-hidden' : undefined}>
        {props.label ?? t('tokens.scope')}
      </span>
      <select
        value={props.value ?? ''}
        onChange={(e) => props.onChange(e.target.value === '' ? null : e.target.value)}
      >
        {me.spaceId === null && <option value="">{t('scope.tenant')}</option>}
        {spaces.map((space) => (
          <option key={space.id} value={space.id}>
            {t('scope.space', { name: space.name })}
          </option>
        ))}
      </select>
    </label>
  );
}
