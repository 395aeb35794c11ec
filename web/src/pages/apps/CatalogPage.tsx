import { PageTitle } from '../../components/Section.js';

export function CatalogPage() {
  return (
    <>
      <PageTitle>Catalog</PageTitle>
    </>
  );
}
