/**
 * What a list page keeps in the URL: its sort (`sort=-name`), its filters, and the space
 * the header's switcher chose (`space=`), so a link or a reload shows the same list.
 */
import { useEffect, useRef } from 'react';
import { parseSort, sortParam, type TableSort } from '../components/DataTable.js';
import { useQueryParam } from '../router.js';
import { useSession } from '../session/SessionContext.js';

/** The space of the list: the URL's on arrival, then the header switcher's. */
export function useSpaceInUrl(): string | undefined {
  const { me, spaceId, setSpaceId } = useSession();
  const [space, setSpace] = useQueryParam('space');
  const arrived = useRef(true);
  const fromUrl = arrived.current && space !== '' && me.spaceId === null;
  useEffect(() => {
    if (arrived.current) {
      arrived.current = false;
      if (fromUrl && space !== spaceId) {
        setSpaceId(space);
        return;
      }
    }
    if (space !== (spaceId ?? '')) setSpace(spaceId ?? '');
    // Follows the switcher; the URL is read once, on arrival.
  }, [spaceId]);
  return fromUrl ? space : spaceId;
}

export function useSortInUrl(): [TableSort | null, string, (sort: TableSort | null) => void] {
  const [text, setText] = useQueryParam('sort');
  return [parseSort(text), text, (sort) => setText(sortParam(sort))];
}
