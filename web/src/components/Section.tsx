import { useCallback, useEffect, type ReactNode } from 'react';

/** A titled card; `actions` sit at the right of the title. */
export function Section(props: {
  title: string;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
}) {
  const id = `section-${props.title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
  return (
    <section className={`card ${props.className ?? ''}`} aria-labelledby={id}>
      <header className="card-header">
        <h2 id={id}>{props.title}</h2>
        {props.actions !== undefined && <div className="card-actions">{props.actions}</div>}
      </header>
      {props.children}
    </section>
  );
}

let focusPending = false;

/**
 * After a navigation the new page's title takes focus, so screen readers announce the page: at
 * once if it is on screen, or when it mounts (a page loaded on demand comes a moment later).
 */
export function focusTitleAfterNavigation(): void {
  const title = document.getElementById('page-title');
  focusPending = title === null;
  title?.focus();
}

/** The page title; it takes focus after navigation so screen readers announce the page. */
export function PageTitle(props: {
  children: ReactNode;
  actions?: ReactNode;
  subtitle?: ReactNode;
}) {
  const title = typeof props.children === 'string' ? props.children : null;
  useEffect(() => {
    if (title !== null) document.title = `${title} · Allot`;
  }, [title]);
  const focusIfNavigated = useCallback((heading: HTMLHeadingElement | null) => {
    if (heading === null || !focusPending) return;
    focusPending = false;
    heading.focus();
  }, []);
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} id="page-title" ref={focusIfNavigated}>
          {props.children}
        </h1>
        {props.subtitle !== undefined && <p className="subtitle">{props.subtitle}</p>}
      </div>
      {props.actions !== undefined && <div className="page-actions">{props.actions}</div>}
    </header>
  );
}
