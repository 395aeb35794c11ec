/** Short confirmations of what just happened, announced politely to screen readers. */
import { createContext, useCallback, useContext, useState, type ReactNode } from 'react';

const NOTICE_MS = 8000;

type Notify = (message: string) => void;
const NoticeContext = createContext<Notify>(() => undefined);

export function NoticeProvider({ children }: { children: ReactNode }) {
  const [notices, setNotices] = useState<Array<{ id: number; message: string }>>([]);
  const notify = useCallback<Notify>((message) => {
    const id = Date.now() + Math.random();
    setNotices((list) => [...list.slice(-2), { id, message }]);
    setTimeout(() => setNotices((list) => list.filter((n) => n.id !== id)), NOTICE_MS);
  }, []);
  return (
    <NoticeContext.Provider value={notify}>
      {children}
      <div className="notices" role="status" aria-live="polite">
        {notices.map((n) => (
          <p key={n.id} className="notice">
            {n.message}
          </p>
        ))}
      </div>
    </NoticeContext.Provider>
  );
}

export function useNotify(): Notify {
  return useContext(NoticeContext);
}
