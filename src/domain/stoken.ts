/**
 * The Apple Apps and Books location token (the `.vpptoken` file, "sToken"): one Base64 string
 * that decodes to JSON `{token, expDate, orgName}`. The whole Base64 text, not the inner
 * `token`, is what the store expects as the Bearer value. Pure: the current time is passed in.
 */
import { RuleViolationError, ValidationError } from './errors.js';

export interface SToken {
  /** The file content without surrounding or embedded whitespace: the Bearer value. */
  raw: string;
  /** Apple's opaque location token inside the file. */
  token: string;
  organizationName: string;
  expiresAt: Date;
}

/** A real token file is well under 1 KB; refuse anything absurd before decoding it. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const BASE64 =
  /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;
// Apple writes `2027-03-01T10:00:00+0000`; also accept `Z` and `+00:00` and fractions.
const APPLE_DATE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)(Z|[+-]\d{2}(?::?\d{2})?)$/;

function invalid(reason: string): ValidationError {
  return new ValidationError(
    `The token is not a valid Apps and Books token file: ${reason}`,
    { field: 'token', reason },
    'INVALID_TOKEN',
  );
}

/** Parses an ISO-8601 date as Apple writes it; null when it is not one. */
export function parseAppleDate(text: string): Date | null {
  const match = APPLE_DATE.exec(text.trim());
  if (!match) return null;
  const [, local, zone] = match;
  let offset = zone ?? 'Z';
  if (offset !== 'Z') {
    const digits = offset.slice(1).replace(':', '');
    offset = `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
  }
  const date = new Date(`${local}${offset}`);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Formats a date the way Apple does: UTC, seconds, `+0000`. */
export function formatAppleDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}+0000`;
}

/** Decodes and checks the shape of a token file's content. Throws INVALID_TOKEN. */
export function parseSToken(content: string): SToken {
  if (typeof content !== 'string') throw invalid('not text');
  const raw = content.replace(/\s+/g, '');
  if (raw.length === 0) throw invalid('empty');
  if (raw.length > MAX_TOKEN_LENGTH) throw invalid('too long');
  if (!BASE64.test(raw)) throw invalid('not Base64');
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    throw invalid('not JSON once decoded');
  }
  if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) {
    throw invalid('not a JSON object once decoded');
  }
  const { token, expDate, orgName } = decoded as Record<string, unknown>;
  if (typeof token !== 'string' || token.length === 0) throw invalid('no token field');
  if (typeof orgName !== 'string' || orgName.trim().length === 0) throw invalid('no orgName field');
  if (typeof expDate !== 'string') throw invalid('no expDate field');
  const expiresAt = parseAppleDate(expDate);
  if (!expiresAt) throw invalid('expDate is not a date');
  return { raw, token, organizationName: orgName, expiresAt };
}

/** Parses the token and refuses one that has already expired at `now` (R-T3). */
export function validateSToken(content: string, now: Date): SToken {
  const parsed = parseSToken(content);
  if (parsed.expiresAt.getTime() <= now.getTime()) {
    throw new RuleViolationError(
      'TOKEN_EXPIRED',
      `The token expired on ${parsed.expiresAt.toISOString()}; download a new one from the store portal`,
      { field: 'token', expiresAt: parsed.expiresAt.toISOString() },
    );
  }
  return parsed;
}

/** Builds token file content (what Apple's portal offers for download); used by emulators. */
export function encodeSToken(fields: {
  token: string;
  organizationName: string;
  expiresAt: Date;
}): string {
  const json = JSON.stringify({
    token: fields.token,
    expDate: formatAppleDate(fields.expiresAt),
    orgName: fields.organizationName,
  });
  return Buffer.from(json, 'utf8').toString('base64');
}
