/**
 * The one place that reads the environment. `loadConfig` validates every variable once and
 * fails with a message naming the variable; everything else receives the typed Config.
 */
import { isIP } from 'node:net';
import path from 'node:path';
import {
  parsePrivateTargets,
  PrivateTargetsConfigError,
  type PrivateTargets,
} from './services/access/targets.js';

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
  /** ALLOT_JOB_CONCURRENCY: syncs of different accounts a worker process runs at once. */
  jobConcurrency: number;
  /** The bootstrap globalAdmin token; generated at first start when null. */
  adminToken: string | null;
  /** Bearer token `/metrics` asks for (ALLOT_METRICS_TOKEN); null = `/metrics` is open. */
  metricsToken: string | null;
  /** 32-byte key (base64 or hex) for encrypting store tokens; read from the data dir when null. */
  secretKey: string | null;
  /** ALLOT_SECRET_KEY_PREVIOUS: the key a rotation replaces, still read (allot rotate-key). */
  previousSecretKey: string | null;
  /** ALLOT_DEPLOYMENT_ID: this deployment's identity at Apple, kept across key rotations. */
  deploymentId: string | null;
  /** R-S5: the internal targets (webhooks, MDM connectors) the operator allows. */
  privateTargets: PrivateTargets;
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
  /**
   * ALLOT_TRUST_PROXY: which reverse proxies' X-Forwarded-For/-Proto/-Host are believed
   * (Fastify's `trustProxy`): false (none), true (any), a hop count, or proxy addresses/ranges.
   */
  trustProxy: TrustProxy;
  /** R-I3: console single sign-on through OpenID Connect; null = token sign-in only. */
  sso: SsoConfig | null;
  /** How long a PostgreSQL connection may take to open and answer before start-up gives up. */
  databaseConnectTimeoutMs: number;
  /** A request's headers must arrive within this long of the connection's first byte. */
  headersTimeoutMs: number;
  /** A whole request (headers and body) must arrive within this long. */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs: number;
  /** Stopping waits this long for requests and background runs before it hands work back. */
  shutdownTimeoutMs: number;
  /** Notification e-mail (ALLOT_SMTP_URL, ALLOT_SMTP_FROM); null = e-mail is off. */
  smtp: SmtpConfig | null;
}

/**
 * The SMTP server notification digests go through. The password is only ever handed to the
 * transport: never logged, never returned (R-S4).
 */
export interface SmtpConfig {
  host: string;
  port: number;
  /** smtps://: TLS from the first byte; smtp://: STARTTLS when offered (required, see below). */
  secure: boolean;
  /** smtp:// with credentials to a host other than loopback: STARTTLS or no login at all. */
  requireTls: boolean;
  user: string | null;
  password: string | null;
  /** ALLOT_SMTP_FROM: the From of every digest, `allot@example.org` or `Allot <allot@…>`. */
  from: string;
}

/** The OpenID Connect provider of console sign-in and the sessions it opens (R-I3). */
export interface SsoConfig {
  /** ALLOT_OIDC_ISSUER: https, or http on loopback (tests, `allot demo`). */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** ALLOT_OIDC_SCOPES: what to ask for; Okta needs `groups` to send the groups claim. */
  scopes: string;
  /** ALLOT_OIDC_GROUPS_CLAIM: the claim holding the person's groups. */
  groupsClaim: string;
  /** ALLOT_OIDC_NAME: the provider's name on the console's sign-in button; null = none given. */
  displayName: string | null;
  /** ALLOT_SESSION_IDLE_TIMEOUT: a session unused this long ends. */
  idleTimeoutMs: number;
  /** ALLOT_SESSION_MAX_AGE: a session ends this long after sign-in, used or not. */
  maxAgeMs: number;
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
  }
}

/**
 * A setting that is well-formed but does not work at start-up (a port in use, a database that
 * does not answer, a data directory that cannot be written): the message names the variable.
 */
export class SettingError extends ConfigError {}

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
    jobConcurrency: readInteger(env, 'ALLOT_JOB_CONCURRENCY', 8, 1, 64),
    adminToken: readAdminToken(env),
    metricsToken: nonEmpty(env, 'ALLOT_METRICS_TOKEN') ?? null,
    secretKey: readSecretKey(env, 'ALLOT_SECRET_KEY'),
    ...readKeyRotation(env),
    privateTargets: readPrivateTargets(env),
    logLevel: readLogLevel(env),
    appleApiUrl,
    appleLookupUrl:
      readUrl(env, 'ALLOT_APPLE_LOOKUP_URL') ??
      (appleApiUrl === APPLE_API_URL ? APPLE_LOOKUP_URL : `${new URL(appleApiUrl).origin}/lookup`),
    microsoftApiUrl: readUrl(env, 'ALLOT_MICROSOFT_API_URL') ?? MICROSOFT_API_URL,
    microsoftAuthorityUrl: readUrl(env, 'ALLOT_MICROSOFT_AUTHORITY_URL') ?? MICROSOFT_AUTHORITY_URL,
    microsoftGraphUrl: readUrl(env, 'ALLOT_MICROSOFT_GRAPH_URL') ?? MICROSOFT_GRAPH_URL,
    publicUrl: readUrl(env, 'ALLOT_PUBLIC_URL'),
    trustProxy: readTrustProxy(env),
    sso: readSso(env),
    databaseConnectTimeoutMs: readSeconds(env, 'ALLOT_DATABASE_CONNECT_TIMEOUT', 10, 1, 600),
    ...readHttpTimeouts(env),
    shutdownTimeoutMs: readSeconds(env, 'ALLOT_SHUTDOWN_TIMEOUT', 10, 1, 600),
    smtp: readSmtp(env),
  };
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

/** A mailbox: an address, or `Name <address>` (what a From header holds). */
const MAILBOX = /^(?:[^<>\r\n]{1,200} <[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/;

/**
 * ALLOT_SMTP_URL (smtp://user:password@host:587 or smtps://…:465) and ALLOT_SMTP_FROM: both, or
 * neither (e-mail off). Messages never repeat the URL: it holds the password (R-S4).
 */
function readSmtp(env: Env): SmtpConfig | null {
  const raw = nonEmpty(env, 'ALLOT_SMTP_URL');
  const from = nonEmpty(env, 'ALLOT_SMTP_FROM');
  if (raw === undefined) {
    if (from !== undefined) throw new ConfigError('ALLOT_SMTP_FROM', 'needs ALLOT_SMTP_URL');
    return null;
  }
  const expected = 'expected smtp://user:password@host:port or smtps://user:password@host:port';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('ALLOT_SMTP_URL', `not a URL; ${expected}`);
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '') {
    throw new ConfigError('ALLOT_SMTP_URL', expected);
  }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '') {
    throw new ConfigError('ALLOT_SMTP_URL', `no path or options after the port; ${expected}`);
  }
  if (from === undefined) throw new ConfigError('ALLOT_SMTP_FROM', 'needed with ALLOT_SMTP_URL');
  if (!MAILBOX.test(from)) {
    throw new ConfigError('ALLOT_SMTP_FROM', 'expected allot@example.org or Allot <allot@…>');
  }
  const secure = url.protocol === 'smtps:';
  let user: string | null;
  let password: string | null;
  try {
    user = url.username === '' ? null : decodeURIComponent(url.username);
    password = url.password === '' ? null : decodeURIComponent(url.password);
  } catch {
    throw new ConfigError('ALLOT_SMTP_URL', 'the user or password is not well percent-encoded');
  }
  return {
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    // A password is not sent in clear over the network; a relay on loopback may go without TLS.
    requireTls: !secure && user !== null && !LOOPBACK_HOSTS.includes(url.hostname),
    user,
    password,
    from,
  };
}

/**
 * Node's defaults let a client hold a connection for minutes by sending slowly (headers 60 s,
 * request 300 s; Fastify turns the request limit off). A request to Allot is small: 10 s for
 * the headers and 30 s for the whole request are generous on any network that can use it.
 * Keep-alive stays Fastify's 72 s, longer than the 60 s idle limit of common load balancers,
 * so that the balancer, not Allot, closes an idle connection.
 */
function readHttpTimeouts(
  env: Env,
): Pick<Config, 'headersTimeoutMs' | 'requestTimeoutMs' | 'keepAliveTimeoutMs'> {
  const headersTimeoutMs = readSeconds(env, 'ALLOT_HEADERS_TIMEOUT', 10, 1, 3600);
  const requestTimeoutMs = readSeconds(env, 'ALLOT_REQUEST_TIMEOUT', 30, 1, 3600);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(
      'ALLOT_HEADERS_TIMEOUT',
      `must not exceed ALLOT_REQUEST_TIMEOUT (${requestTimeoutMs / 1000} s)`,
    );
  }
  const keepAliveTimeoutMs = readSeconds(env, 'ALLOT_KEEP_ALIVE_TIMEOUT', 72, 1, 3600);
  return { headersTimeoutMs, requestTimeoutMs, keepAliveTimeoutMs };
}

/** A duration given in whole seconds, returned in milliseconds. */
function readSeconds(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return fallback * 1000;
  if (!/^\d+$/.test(raw) || Number(raw) < min || Number(raw) > max) {
    throw new ConfigError(name, `expected a number of seconds from ${min} to ${max}, got "${raw}"`);
  }
  return Number(raw) * 1000;
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

/** The shortest bootstrap token accepted, and how many different characters it must hold. */
export const ADMIN_TOKEN_MIN_LENGTH = 32;
const ADMIN_TOKEN_MIN_DISTINCT = 12;

/**
 * Why a bootstrap token given by the operator (ALLOT_ADMIN_TOKEN) is too weak to guard a whole
 * deployment, or null when it is strong enough: at least 32 characters, at least 12 different
 * ones, and not one short piece repeated (what `openssl rand -base64 32` always passes).
 */
export function adminTokenWeakness(token: string): string | null {
  const advice = 'generate one with `openssl rand -base64 32`';
  if (token.length < ADMIN_TOKEN_MIN_LENGTH) {
    return `too weak: ${token.length} characters, at least ${ADMIN_TOKEN_MIN_LENGTH} needed; ${advice}`;
  }
  if (new Set(token).size < ADMIN_TOKEN_MIN_DISTINCT) {
    return `too weak: fewer than ${ADMIN_TOKEN_MIN_DISTINCT} different characters; ${advice}`;
  }
  if (/^(.+?)\1+$/s.test(token)) return `too weak: one short piece repeated; ${advice}`;
  return null;
}

function readAdminToken(env: Env): string | null {
  const raw = nonEmpty(env, 'ALLOT_ADMIN_TOKEN');
  if (raw === undefined) return null;
  if (raw.length > 200 || /\s/.test(raw)) {
    throw new ConfigError('ALLOT_ADMIN_TOKEN', 'expected at most 200 characters without spaces');
  }
  const weakness = adminTokenWeakness(raw);
  if (weakness !== null) throw new ConfigError('ALLOT_ADMIN_TOKEN', weakness);
  return raw;
}

function readSecretKey(env: Env, name: string): string | null {
  const raw = nonEmpty(env, name);
  if (raw === undefined) return null;
  if (decodeSecretKey(raw) === null) {
    throw new ConfigError(
      name,
      'expected 32 bytes as 64 hex digits or base64 (openssl rand -base64 32)',
    );
  }
  return raw;
}

/**
 * A key rotation (allot rotate-key): the key being replaced, and the deployment's identity at
 * Apple, which was derived from the key and must outlive it: pinned before a second key is set.
 */
function readKeyRotation(env: Env): Pick<Config, 'previousSecretKey' | 'deploymentId'> {
  const previousSecretKey = readSecretKey(env, 'ALLOT_SECRET_KEY_PREVIOUS');
  const deploymentId = nonEmpty(env, 'ALLOT_DEPLOYMENT_ID') ?? null;
  if (
    deploymentId !== null &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(deploymentId)
  ) {
    throw new ConfigError('ALLOT_DEPLOYMENT_ID', 'expected the id that allot rotate-key printed');
  }
  if (previousSecretKey !== null && deploymentId === null) {
    throw new ConfigError(
      'ALLOT_SECRET_KEY_PREVIOUS',
      'set ALLOT_DEPLOYMENT_ID first (allot rotate-key prints it), so that Apple still knows ' +
        'this deployment when the key changes',
    );
  }
  return { previousSecretKey, deploymentId };
}

function readPrivateTargets(env: Env): PrivateTargets {
  try {
    return parsePrivateTargets(env);
  } catch (error) {
    if (error instanceof PrivateTargetsConfigError) {
      throw new ConfigError(error.variable, error.reason);
    }
    throw error;
  }
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

/** ALLOT_OIDC_*: all three of issuer, client id and secret, or none. */
function readSso(env: Env): SsoConfig | null {
  const issuer = readUrl(env, 'ALLOT_OIDC_ISSUER');
  const clientId = nonEmpty(env, 'ALLOT_OIDC_CLIENT_ID');
  const clientSecret = nonEmpty(env, 'ALLOT_OIDC_CLIENT_SECRET');
  if (issuer === null && clientId === undefined && clientSecret === undefined) return null;
  if (issuer === null)
    throw new ConfigError('ALLOT_OIDC_ISSUER', 'needed with ALLOT_OIDC_CLIENT_ID');
  if (clientId === undefined)
    throw new ConfigError('ALLOT_OIDC_CLIENT_ID', 'needed with ALLOT_OIDC_ISSUER');
  if (clientSecret === undefined) {
    throw new ConfigError('ALLOT_OIDC_CLIENT_SECRET', 'needed with ALLOT_OIDC_ISSUER');
  }
  const url = new URL(issuer);
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !loopback) {
    throw new ConfigError('ALLOT_OIDC_ISSUER', 'expected an https:// URL (http only on loopback)');
  }
  const scopes = nonEmpty(env, 'ALLOT_OIDC_SCOPES') ?? 'openid profile email';
  if (!scopes.split(/\s+/).includes('openid')) {
    throw new ConfigError('ALLOT_OIDC_SCOPES', 'must include openid');
  }
  const idleTimeoutMs = readSeconds(env, 'ALLOT_SESSION_IDLE_TIMEOUT', 3600, 60, 86_400 * 7);
  const maxAgeMs = readSeconds(env, 'ALLOT_SESSION_MAX_AGE', 12 * 3600, 60, 86_400 * 30);
  if (idleTimeoutMs > maxAgeMs) {
    throw new ConfigError('ALLOT_SESSION_IDLE_TIMEOUT', 'must not exceed ALLOT_SESSION_MAX_AGE');
  }
  return {
    issuer,
    clientId,
    clientSecret,
    scopes,
    groupsClaim: nonEmpty(env, 'ALLOT_OIDC_GROUPS_CLAIM') ?? 'groups',
    displayName: nonEmpty(env, 'ALLOT_OIDC_NAME') ?? null,
    idleTimeoutMs,
    maxAgeMs,
  };
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

/** Fastify's `trustProxy`, as ALLOT_TRUST_PROXY sets it. */
export type TrustProxy = boolean | number | string[];

/** The names proxy-addr (Fastify's `trustProxy`) gives to reserved ranges. */
const PROXY_RANGE_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

/**
 * ALLOT_TRUST_PROXY: unset or `false`, nothing is believed (the socket's address and scheme);
 * `true`, every proxy; a number, that many hops from Allot; else a comma-separated list of
 * proxy addresses, CIDR ranges or the names loopback, linklocal, uniquelocal.
 */
function readTrustProxy(env: Env): TrustProxy {
  const raw = nonEmpty(env, 'ALLOT_TRUST_PROXY');
  if (raw === undefined || raw.toLowerCase() === 'false') return false;
  if (raw.toLowerCase() === 'true') return true;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 100) throw new ConfigError('ALLOT_TRUST_PROXY', `${raw} hops is not a proxy chain`);
    return hops === 0 ? false : hops;
  }
  const entries = raw.split(',').map((e) => e.trim());
  for (const entry of entries) {
    if (PROXY_RANGE_NAMES.includes(entry.toLowerCase())) continue;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address ?? '');
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk =
      prefix === undefined ||
      (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix) ||
      (family === 4 && isIP(prefix) === 4);
    if (family === 0 || !prefixOk || rest.length > 0) {
      throw new ConfigError(
        'ALLOT_TRUST_PROXY',
        `"${entry}" is not a proxy address; expected true, false, a hop count, or a ` +
          'comma-separated list of addresses, CIDR ranges (10.0.0.0/8) or loopback, linklocal, ' +
          'uniquelocal',
      );
    }
  }
  return entries;
}
