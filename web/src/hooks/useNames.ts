/**
 * Display names of users, devices and groups known only by ID (distribution lists). Each name
 * is fetched once per page load and cached.
 */
import { useEffect, useState } from 'react';
import { api } from '../api/client.js';

export type NamedKind = 'users' | 'devices' | 'groups';

const cache = new Map<string, string>();
const ALL_USERS = 'allUsers';

function nameOf(kind: NamedKind, body: Record<string, unknown>): string {
  if (kind === 'users') return String(body.displayName ?? body.email ?? body.id);
  if (kind === 'devices') return String(body.name ?? body.serialNumber ?? body.id);
  return String(body.name ?? body.id);
}

/** Remembers a name seen elsewhere (a search result), so it needs no request. */
export function rememberName(kind: NamedKind, id: string, name: string): void {
  cache.set(`${kind}:${id}`, name);
}

export function useNames(kind: NamedKind, ids: readonly string[]): (id: string) => string {
  const [, setVersion] = useState(0);
  const key = ids.join(',');

  useEffect(() => {
    const missing = ids.filter((id) => id !== ALL_USERS && !cache.has(`${kind}:${id}`));
    if (missing.length === 0) return;
    let live = true;
    void Promise.all(
      missing.map(async (id) => {
        try {
          const body = await api.get<Record<string, unknown>>(`/${kind}/${encodeURIComponent(id)}`);
          cache.set(`${kind}:${id}`, nameOf(kind, body));
        } catch {
          cache.set(`${kind}:${id}`, `${id} (not found)`);
        }
      }),
    ).then(() => {
      if (live) setVersion((v) => v + 1);
    });
    return () => {
      live = false;
    };
    // `key` stands for the list of IDs.
  }, [kind, key]);

  return (id) => (id === ALL_USERS ? 'All Users' : (cache.get(`${kind}:${id}`) ?? '…'));
}
