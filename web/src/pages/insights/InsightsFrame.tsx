/**
 * The frame of the insights area: its four views as a row of links (each view is a page of its
 * own, with its own address, so the links say which one is current with `aria-current`), then
 * the view's title.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageTitle } from '../../components/Section.js';
import { Link } from '../../router.js';
import './insights.css';

export type InsightsView = 'costs' | 'reclaim' | 'waitlist' | 'drift';

const VIEWS: readonly InsightsView[] = ['costs', 'reclaim', 'waitlist', 'drift'];

export function InsightsFrame(props: {
  view: InsightsView;
  actions?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation('insights');
  return (
    <>
      <nav className="insights-nav" aria-label={t('nav.label')}>
        <ul>
          {VIEWS.map((view) => (
            <li key={view}>
              <Link to={`/${view}`} aria-current={view === props.view ? 'page' : undefined}>
                {t(`nav.${view}`)}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <PageTitle subtitle={t(`${props.view}.subtitle`)} actions={props.actions}>
        {t(`${props.view}.title`)}
      </PageTitle>
      {props.children}
    </>
  );
}
