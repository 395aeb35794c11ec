/**
 * R-X3 for one space: its idle licence reclaim policy, the dry run of it, and the licences it
 * took back that can still be restored. The space is the header switcher's (or `?space=`); with
 * every space shown there, the page offers to pick one, the default space first.
 */
import { useTranslation } from 'react-i18next';
import { SelectField } from '../../components/Field.js';
import { Loaded } from '../../components/State.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';
import { usePolicySpace } from './data.js';
import { DryRun } from './DryRun.js';
import { InsightsFrame } from './InsightsFrame.js';
import { PolicyForm } from './PolicyForm.js';
import { Reclaimed } from './Reclaimed.js';
import type { ReclaimPolicy } from './types.js';

function SpacePicker(props: { spaceId: string; onChoose: (id: string) => void }) {
  const { t } = useTranslation('insights');
  const { me, spaces } = useSession();
  if (me.spaceId !== null || spaces.length < 2) return null;
  return (
    <div className="filters">
      <SelectField label={t('policy.space')} value={props.spaceId} onValue={props.onChoose}>
        {spaces.map((space) => (
          <option key={space.id} value={space.id}>
            {space.name}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

function SpacePolicy({ spaceId }: { spaceId: string }) {
  const { can } = useSession();
  const canWrite = can('licenses:write');
  const policy = useResource<ReclaimPolicy>(
    `/spaces/${encodeURIComponent(spaceId)}/reclaim-policy`,
  );
  return (
    <>
      <Loaded resource={policy}>
        {(data) => (
          <PolicyForm
            key={`${spaceId} ${data.updatedAt ?? ''}`}
            spaceId={spaceId}
            policy={data}
            canWrite={canWrite}
          />
        )}
      </Loaded>
      {canWrite && <DryRun key={spaceId} spaceId={spaceId} />}
      <Reclaimed spaceId={spaceId} canWrite={canWrite} />
    </>
  );
}

export function ReclaimPage() {
  const { spaceId, choose } = usePolicySpace();
  return (
    <InsightsFrame view="reclaim">
      {spaceId !== undefined && (
        <>
          <SpacePicker spaceId={spaceId} onChoose={choose} />
          <SpacePolicy key={spaceId} spaceId={spaceId} />
        </>
      )}
    </InsightsFrame>
  );
}
