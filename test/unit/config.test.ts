import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('configuration from the environment', () => {
  it('has defaults that start a local server on SQLite', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: null,
      logLevel: 'info',
      databasePoolSize: 10,
      jobConcurrency: 8,
    });
    expect(config.dataDir).toMatch(/data$/);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['ALLOT_ADMIN_TOKEN', 'short'],
    ['ALLOT_SECRET_KEY', 'too-short'],
    ['LOG_LEVEL', 'loud'],
    ['ALLOT_DATABASE_POOL_SIZE', '0'],
    ['ALLOT_DATABASE_POOL_SIZE', 'ten'],
    ['ALLOT_APPLE_API_URL', 'ftp://example.org'],
    ['ALLOT_HEADERS_TIMEOUT', '0'],
    ['ALLOT_REQUEST_TIMEOUT', '2.5'],
    ['ALLOT_KEEP_ALIVE_TIMEOUT', 'long'],
    ['ALLOT_SHUTDOWN_TIMEOUT', '9999'],
    ['ALLOT_DATABASE_CONNECT_TIMEOUT', '-1'],
    ['ALLOT_JOB_CONCURRENCY', '0'],
    ['ALLOT_JOB_CONCURRENCY', '65'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });

  it('accepts a PostgreSQL URL and a 32-byte key in hex or base64', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/allot',
      ALLOT_SECRET_KEY: 'a'.repeat(64),
      LOG_LEVEL: 'WARN',
    });
    expect(config.databaseUrl).toBe('postgres://postgres@127.0.0.1:5432/allot');
    expect(config.logLevel).toBe('warn');
    expect(loadConfig({ ALLOT_DATABASE_POOL_SIZE: '4' }).databasePoolSize).toBe(4);
    expect(
      loadConfig({ ALLOT_SECRET_KEY: Buffer.alloc(32, 7).toString('base64') }).secretKey,
    ).not.toBeNull();
  });
});

describe('timeouts (issue 13, items 7, 14 and 15)', () => {
  it('bound slow clients, connecting and stopping by default, in milliseconds', () => {
    expect(loadConfig({})).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 72_000,
      shutdownTimeoutMs: 10_000,
      databaseConnectTimeoutMs: 10_000,
    });
  });

  it('are given in seconds', () => {
    expect(
      loadConfig({
        ALLOT_HEADERS_TIMEOUT: '5',
        ALLOT_REQUEST_TIMEOUT: '60',
        ALLOT_KEEP_ALIVE_TIMEOUT: '120',
        ALLOT_SHUTDOWN_TIMEOUT: '30',
        ALLOT_DATABASE_CONNECT_TIMEOUT: '3',
      }),
    ).toMatchObject({
      headersTimeoutMs: 5_000,
      requestTimeoutMs: 60_000,
      keepAliveTimeoutMs: 120_000,
      shutdownTimeoutMs: 30_000,
      databaseConnectTimeoutMs: 3_000,
    });
  });

  it('refuse a headers timeout longer than the request timeout, naming ALLOT_HEADERS_TIMEOUT', () => {
    expect(() => loadConfig({ ALLOT_HEADERS_TIMEOUT: '40' })).toThrow(
      /^ALLOT_HEADERS_TIMEOUT: must not exceed ALLOT_REQUEST_TIMEOUT \(30 s\)$/,
    );
  });
});
