import type { WebhookEvent } from '../../api/types.js';

/**
 * The notification kinds a webhook or an e-mail recipient subscribes to; `*` is every kind, new
 * ones included. Webhooks and e-mail share the list (both are `*` and the notification kinds);
 * typed against the generated schema, so a kind the API adds or drops fails the type check.
 */
export const EVENT_KINDS = [
  '*',
  'usage',
  'tokenExpiring',
  'authError',
  'syncFailed',
  'storeRefused',
  'forecast',
  'drift',
  'mdmCommandRefused',
] as const satisfies readonly WebhookEvent[];

type Listed = (typeof EVENT_KINDS)[number];
type Unlisted = Exclude<WebhookEvent, Listed>;
/**
 * Compiles only while EVENT_KINDS lists every webhook event; e-mail kinds are checked where the
 * recipient form passes its EmailKind[] to the kinds field.
 */
export const everyKindListed: [Unlisted] extends [never] ? true : Unlisted = true;
