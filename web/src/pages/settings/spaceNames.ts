import { useTranslation } from 'react-i18next';
import type { Page, Space } from '../../api/types.js';
import { useResource } from '../../hooks/useResource.js';
import { useSession } from '../../session/SessionContext.js';

/** The spaces as the API lists them now (one created on the Spaces tab shows at once). */
export function useSpaces(): Space[] {
  const { spaces } = useSession();
  return useResource<Page<Space>>('/spaces').data?.items ?? spaces;
}

/** A space's name by ID; `null` (a tenant-wide grant) is the whole organisation. */
export function useSpaceName(): (spaceId: string | null) => string {
  const { t } = useTranslation('settings');
  const spaces = useSpaces();
  return (spaceId) =>
    spaceId === null
      ? t('scope.tenant')
      : (spaces.find((s) => s.id === spaceId)?.name ?? t('scope.unknown'));
}
