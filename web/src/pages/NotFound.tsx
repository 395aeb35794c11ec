import { PageTitle } from '../components/Section.js';
import { Link } from '../router.js';

export function NotFound() {
  return (
    <>
      <PageTitle>Page not found</PageTitle>
      <p>
        Nothing lives at this address. Go back to the <Link to="/">dashboard</Link>.
      </p>
    </>
  );
}
