/** Administrators of several spaces choose the one the console shows (or all of them). */
import { useTranslation } from 'react-i18next';
import { useSession } from '../session/SessionContext.js';

export function SpaceSwitcher() {
  const { t } = useTranslation();
  const { me, spaces, spaceId, setSpaceId } = useSession();
  if (me.spaceId !== null || spaces.length < 2) {
    const only = spaces.find((s) => s.id === (me.spaceId ?? spaces[0]?.id));
    return only === undefined ? null : (
      <span className="space-name">{t('space.current', { name: only.name })}</span>
    );
  }
  return (
    <label className="space-switcher">
      <span>{t('space.label')}</span>
      <select
        value={spaceId ?? ''}
        onChange={(event) => setSpaceId(event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">{t('space.all')}</option>
        {spaces.map((space) => (
          <option key={space.id} value={space.id}>
            {space.isDefault ? t('space.default', { name: space.name }) : space.name}
          </option>
        ))}
      </select>
    </label>
  );
}
