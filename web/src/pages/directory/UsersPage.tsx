/** Users of the space, searchable by name or email. */
import { withQuery } from '../../api/client.js';
import type { User } from '../../api/types.js';
import { PagedList } from '../../components/PagedList.js';
import { PageTitle } from '../../components/Section.js';
import { SearchBox } from '../../components/SearchBox.js';
import { humanize } from '../../format.js';
import { usePaged } from '../../hooks/usePaged.js';
import { Link, useQueryParam } from '../../router.js';
import { useSession } from '../../session/SessionContext.js';

export function UsersPage() {
  const { spaceId, spaces } = useSession();
  const [q, setQ] = useQueryParam('q');
  const paged = usePaged<User>(withQuery('/users', { q, spaceId, limit: 100 }));
  return (
    <>
      <PageTitle>Users</PageTitle>
      <div className="filters">
        <SearchBox label="Search users" value={q} onSearch={setQ} placeholder="Name or email" />
      </div>
      <PagedList paged={paged} empty={q === '' ? 'No user yet.' : `No user matches “${q}”.`}>
        {(users) => (
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Store programme</th>
                  {spaces.length > 1 && <th scope="col">Space</th>}
                </tr>
              </thead>
              <tbody>
                {users.map((u) => (
                  <tr key={u.id}>
                    <th scope="row">
                      <Link to={`/users/${encodeURIComponent(u.id)}`}>{u.displayName}</Link>
                    </th>
                    <td>{u.email}</td>
                    <td>{humanize(u.enrolment)}</td>
                    {spaces.length > 1 && (
                      <td>{spaces.find((s) => s.id === u.spaceId)?.name ?? '—'}</td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </PagedList>
    </>
  );
}
