/** Administrators of several spaces choose the one the console shows (or all of them). */
import { useSession } from '../session/SessionContext.js';

export function SpaceSwitcher() {
  const { me, spaces, spaceId, setSpaceId } = useSession();
  if (me.spaceId !== null || spaces.length < 2) {
    const only = spaces.find((s) => s.id === (me.spaceId ?? spaces[0]?.id));
    return only === undefined ? null : <span className="space-name">Space: {only.name}</span>;
  }
  return (
    <label className="space-switcher">
      <span>Space</span>
      <select
        value={spaceId ?? ''}
        onChange={(event) => setSpaceId(event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">All spaces</option>
        {spaces.map((space) => (
          <option key={space.id} value={space.id}>
            {space.name}
            {space.isDefault ? ' (default)' : ''}
          </option>
        ))}
      </select>
    </label>
  );
}
