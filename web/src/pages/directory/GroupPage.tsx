import { PageTitle } from '../../components/Section.js';

export function GroupPage({ id }: { id: string }) {
  return (
    <>
      <PageTitle>Group</PageTitle>
      <p>{id}</p>
    </>
  );
}
