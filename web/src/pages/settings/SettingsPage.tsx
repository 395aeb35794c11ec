import { PageTitle } from '../../components/Section.js';

export function SettingsPage() {
  return (
    <>
      <PageTitle>Settings</PageTitle>
    </>
  );
}
