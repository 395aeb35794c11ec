/**
 * A link to whatever a notification or an activity entry is about. Usage notifications name a
 * product within a space (`productId:spaceId`): they lead to the app's page.
 */
import { Link } from '../router.js';

export function subjectHref(type: string, id: string): string | null {
  const safe = encodeURIComponent;
  switch (type) {
    case 'user':
      return `/users/${safe(id)}`;
    case 'device':
      return `/devices/${safe(id)}`;
    case 'catalogApp':
      return `/apps/${safe(id)}`;
    case 'account':
      return `/accounts#account-${safe(id)}`;
    case 'product':
      return `/products/${safe(id.split(':')[0] ?? id)}`;
    default:
      return `/activity?subjectId=${safe(id)}`;
  }
}

export function SubjectLink(props: { subject: { type: string; id: string; name: string | null } }) {
  const { type, id, name } = props.subject;
  const href = subjectHref(type, id);
  const text = name ?? id;
  if (href === null) return <span>{text}</span>;
  return <Link to={href}>{text}</Link>;
}
