import { useEffect, type ReactNode } from 'react';

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
  return (
    <header className="page-header">
      <div>
        <h1 tabIndex={-1} id="page-title">
          {props.children}
        </h1>
        {props.subtitle !== undefined && <p className="subtitle">{props.subtitle}</p>}
      </div>
      {props.actions !== undefined && <div className="page-actions">{props.actions}</div>}
    </header>
  );
}
