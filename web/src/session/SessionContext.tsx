/**
 * Who is signed in (GET /me), which spaces they see, and which one the console shows.
 * `can()` hides what the role may not do; the API enforces it anyway.
 */
import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import type { Me, Permission, Role, Space } from '../api/types.js';

/** Who the header names: the signed-in person (single sign-on) or the token. */
export interface Person {
  name: string;
  role: Role;
  /** The longer description, e.g. the person's e-mail. */
  title: string;
}

export interface Session {
  me: Me;
  person: Person;
  spaces: Space[];
  /** The space the console shows; undefined = every space the token sees. */
  spaceId: string | undefined;
  setSpaceId: (spaceId: string | undefined) => void;
  can: (permission: Permission) => boolean;
  signOut: () => void;
}

const SessionContext = createContext<Session | null>(null);
const SPACE_KEY = 'allot.space';

export function SessionProvider(props: {
  me: Me;
  spaces: Space[];
  person: Person;
  signOut: () => void;
  children: ReactNode;
}) {
  const { me, spaces, person, signOut } = props;
  const [chosen, setChosen] = useState<string | undefined>(() => {
    const saved = sessionStorage.getItem(SPACE_KEY);
    return spaces.some((s) => s.id === saved) ? (saved ?? undefined) : undefined;
  });
  const session = useMemo<Session>(
    () => ({
      me,
      person,
      spaces,
      spaceId: me.spaceId ?? chosen,
      setSpaceId: (spaceId) => {
        if (spaceId === undefined) sessionStorage.removeItem(SPACE_KEY);
        else sessionStorage.setItem(SPACE_KEY, spaceId);
        setChosen(spaceId);
      },
      can: (permission) => me.permissions.includes(permission),
      signOut,
    }),
    [me, person, spaces, chosen, signOut],
  );
  return <SessionContext.Provider value={session}>{props.children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (session === null) throw new Error('useSession outside SessionProvider');
  return session;
}
