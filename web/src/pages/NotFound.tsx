import { Trans, useTranslation } from 'react-i18next';
import { PageTitle } from '../components/Section.js';
import { Link } from '../router.js';

export function NotFound() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('notFound.title')}</PageTitle>
      <p>
        <Trans i18nKey="notFound.text" components={{ 1: <Link to="/" /> }} />
      </p>
    </>
  );
}
