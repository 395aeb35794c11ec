/** The space a new user, device or group goes to, for administrators of several spaces. */
import { useTranslation } from 'react-i18next';
import { useSession } from '../../session/SessionContext.js';
import { SelectField } from '../../components/Field.js';

/** The space to create in by default: the one shown, else the default space. */
export function useCreationSpace(): string {
  const { spaceId, spaces } = useSession();
  return spaceId ?? spaces.find((s) => s.isDefault)?.id ?? spaces[0]?.id ?? '';
}

export function SpaceField(props: {
  value: string;
  onValue: (id: string) => void;
  error?: string;
}) {
  const { t } = useTranslation('directory');
  const { me, spaces } = useSession();
  if (me.spaceId !== null || spaces.length < 2) return null;
  return (
    <SelectField
      label={t('field.space')}
      value={props.value}
      onValue={props.onValue}
      error={props.error}
    >
      {spaces.map((s) => (
        <option key={s.id} value={s.id}>
          {s.name}
        </option>
      ))}
    </SelectField>
  );
}
