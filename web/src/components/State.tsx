/** Loading, empty and error states, the same everywhere. */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, messageOf } from '../api/client.js';
import type { Resource } from '../hooks/useResource.js';

export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <p className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label ?? t('action.loading')}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="state empty">{children}</p>;
}

/** Errors the console makes itself (no answer, or not the API's), said in its language. */
const CLIENT_ERRORS = new Set(['NETWORK', 'HTTP_ERROR']);

/** The API's own message, with its code for a support request. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (error === undefined || error === null) return null;
  const code = error instanceof ApiError ? error.code : undefined;
  const message =
    error instanceof ApiError && CLIENT_ERRORS.has(error.code)
      ? t(`clientError.${error.code}`, { status: error.status })
      : messageOf(error);
  return (
    <div className="error" role="alert">
      <strong>{message}</strong>
      {code !== undefined && <span className="error-code"> ({code})</span>}
    </div>
  );
}

/** Renders a resource once loaded; loading and error states otherwise. */
export function Loaded<T>(props: {
  resource: Resource<T>;
  label?: string;
  children: (data: T) => ReactNode;
}) {
  const { data, error, loading } = props.resource;
  if (data === undefined) {
    if (error !== undefined) return <ErrorMessage error={error} />;
    return loading ? <Loading label={props.label} /> : null;
  }
  return (
    <>
      {error !== undefined && <ErrorMessage error={error} />}
      {props.children(data)}
    </>
  );
}
