import { PageTitle } from '../../components/Section.js';

export function GroupsPage() {
  return (
    <>
      <PageTitle>Groups</PageTitle>
    </>
  );
}
