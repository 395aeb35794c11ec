/** API refusals on the settings tabs, said in words (and in the console's language). */
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client.js';
import { ErrorMessage } from '../../components/State.js';

/** Codes whose meaning the settings namespace explains (`error.<CODE>`). */
const EXPLAINED = new Set([
  'LAST_GLOBAL_ADMIN_TOKEN',
  'PRIVATE_TARGET',
  'DEFAULT_SPACE',
  'SPACE_NOT_EMPTY',
  'INVALID_WEBHOOK_SECRET',
  'RECIPIENT_EXISTS',
]);

/** SPACE_NOT_EMPTY names what the space still holds (users, devices or groups). */
function holdsOf(t: TFunction<'settings'>, details: Record<string, unknown> | undefined): string {
  const holds = details?.holds;
  return typeof holds === 'string' ? t(`holds.${holds}`, { defaultValue: holds }) : '';
}

/** The same error with the explanation as its message; the code stays for support. */
export function explainError(t: TFunction<'settings'>, error: unknown): unknown {
  if (!(error instanceof ApiError) || !EXPLAINED.has(error.code)) return error;
  return new ApiError(
    error.status,
    error.code,
    t(`error.${error.code}`, { defaultValue: error.message, holds: holdsOf(t, error.details) }),
    error.details,
  );
}

/** Runs a write; a refusal it throws comes out explained. */
export async function explained(
  t: TFunction<'settings'>,
  work: () => Promise<void>,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    throw explainError(t, error);
  }
}

export function SettingsError({ error }: { error: unknown }) {
  const { t } = useTranslation('settings');
  return <ErrorMessage error={explainError(t, error)} />;
}
