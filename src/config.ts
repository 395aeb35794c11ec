/**
 * The one place that reads the environment. `loadConfig` validates every variable once and
 * fails with a message naming the variable; everything else receives the typed Config.
 */
import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  /** postgres://… when PostgreSQL is used; null for the embedded SQLite database. */
  databaseUrl: string | null;
  /** PostgreSQL schema to use (tests isolate each run in its own); null = the server default. */
  databaseSchema: string | null;
  /** PostgreSQL connections per process for Allot's own tables (pg-boss has its own few). */
  databasePoolSize: number;
  /** The bootstrap globalAdmin token; generated at first start when null. */
  adminToken: string | null;
  /** 32-byte key (base64 or hex) for encrypting store tokens; read from the data dir when null. */
  secretKey: string | null;
  logLevel: LogLevel;
  /** Base URL of Apple's Apps and Books API (an emulator in tests and demos). */
  appleApiUrl: string;
  /** Product metadata lookup (iTunes lookup shape); Apple's, or the emulator's `/lookup`. */
  appleLookupUrl: string;
  /** Base URL of the Microsoft Store for Business management API (an emulator in tests). */
  microsoftApiUrl: string;
  /** Azure AD authority (where `/{tenant}/oauth2/token` lives). */
  microsoftAuthorityUrl: string;
  /** Microsoft Graph (organisation name, client-secret expiry). */
  microsoftGraphUrl: string;
  /** Where stores can reach this server (push notifications); null = not reachable. */
  publicUrl: string | null;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

type Env = Record<string, string | undefined>;

const APPLE_API_URL = 'https://vpp.itunes.apple.com/mdm/v2';
const APPLE_LOOKUP_URL = 'https://itunes.apple.com/lookup';
const MICROSOFT_API_URL = 'https://bspmts.mp.microsoft.com/V1';
const MICROSOFT_AUTHORITY_URL = 'https://login.microsoftonline.com';
const MICROSOFT_GRAPH_URL = 'https://graph.microsoft.com/v1.0';

export function loadConfig(env: Env = process.env): Config {
  const appleApiUrl = readUrl(env, 'ALLOT_APPLE_API_URL') ?? APPLE_API_URL;
  return {
    port: readPort(env),
    host: nonEmpty(env, 'HOST') ?? '127.0.0.1',
    dataDir: path.resolve(nonEmpty(env, 'ALLOT_DATA_DIR') ?? './data'),
    databaseUrl: readDatabaseUrl(env),
    databaseSchema: readIdentifier(env, 'ALLOT_DATABASE_SCHEMA'),
    databasePoolSize: readInteger(env, 'ALLOT_DATABASE_POOL_SIZE', 10, 1, 200),
    adminToken: readAdminToken(env),
    secretKey: readSecretKey(env),
    logLevel: readLogLevel(env),
    appleApiUrl,
    appleLookupUrl:
      readUrl(env, 'ALLOT_APPLE_LOOKUP_URL') ??
      (appleApiUrl === APPLE_API_URL ? APPLE_LOOKUP_URL : `${new URL(appleApiUrl).origin}/lookup`),
    microsoftApiUrl: readUrl(env, 'ALLOT_MICROSOFT_API_URL') ?? MICROSOFT_API_URL,
    microsoftAuthorityUrl: readUrl(env, 'ALLOT_MICROSOFT_AUTHORITY_URL') ?? MICROSOFT_AUTHORITY_URL,
    microsoftGraphUrl: readUrl(env, 'ALLOT_MICROSOFT_GRAPH_URL') ?? MICROSOFT_GRAPH_URL,
    publicUrl: readUrl(env, 'ALLOT_PUBLIC_URL'),
  };
}

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === '' ? undefined : value;
}

function readInteger(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function readPort(env: Env): number {
  const raw = nonEmpty(env, 'PORT');
  if (raw === undefined) return 8080;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) {
    throw new ConfigError('PORT', `expected an integer from 0 to 65535, got "${raw}"`);
  }
  return port;
}

function readDatabaseUrl(env: Env): string | null {
  const raw = nonEmpty(env, 'DATABASE_URL');
  if (raw === undefined) return null;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', 'not a URL; expected postgres://user@host:port/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', `expected a postgres:// URL, got "${url.protocol}//…"`);
  }
  return raw;
}

function readIdentifier(env: Env, name: string): string | null {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return null;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(raw)) {
    throw new ConfigError(name, 'expected a lower-case SQL identifier (letters, digits, _)');
  }
  return raw;
}

function readAdminToken(env: Env): string | null {
  const raw = nonEmpty(env, 'ALLOT_ADMIN_TOKEN');
  if (raw === undefined) return null;
  if (raw.length < 16 || raw.length > 200 || /\s/.test(raw)) {
    throw new ConfigError('ALLOT_ADMIN_TOKEN', 'expected 16 to 200 characters without spaces');
  }
  return raw;
}

function readSecretKey(env: Env): string | null {
  const raw = nonEmpty(env, 'ALLOT_SECRET_KEY');
  if (raw === undefined) return null;
  if (decodeSecretKey(raw) === null) {
    throw new ConfigError(
      'ALLOT_SECRET_KEY',
      'expected 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    );
  }
  return raw;
}

/** The 32 key bytes of a secret key written as hex or base64, or null if it is neither. */
export function decodeSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(trimmed)) {
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length === 32) return bytes;
  }
  return null;
}

function readLogLevel(env: Env): LogLevel {
  const raw = nonEmpty(env, 'LOG_LEVEL');
  if (raw === undefined) return 'info';
  const level = LOG_LEVELS.find((l) => l === raw.toLowerCase());
  if (level === undefined) {
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return level;
}

function readUrl(env: Env, name: string): string | null {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return null;
  try {
    const url = new URL(raw);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
  } catch {
    throw new ConfigError(name, `expected an http(s):// URL, got "${raw}"`);
  }
  return raw.replace(/\/+$/, '');
}
