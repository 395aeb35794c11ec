import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

describe('Microsoft Store configuration', () => {
  it('defaults to Microsoft’s own services, and takes an emulator’s URLs', () => {
    expect(loadConfig({})).toMatchObject({
      microsoftApiUrl: 'https://bspmts.mp.microsoft.com/V1',
      microsoftAuthorityUrl: 'https://login.microsoftonline.com',
      microsoftGraphUrl: 'https://graph.microsoft.com/v1.0',
    });
    expect(
      loadConfig({
        ALLOT_MICROSOFT_API_URL: 'http://127.0.0.1:9091/V1/',
        ALLOT_MICROSOFT_AUTHORITY_URL: 'http://127.0.0.1:9091',
        ALLOT_MICROSOFT_GRAPH_URL: 'http://127.0.0.1:9091/v1.0',
      }),
    ).toMatchObject({
      microsoftApiUrl: 'http://127.0.0.1:9091/V1',
      microsoftAuthorityUrl: 'http://127.0.0.1:9091',
      microsoftGraphUrl: 'http://127.0.0.1:9091/v1.0',
    });
  });

  it.each([
    ['ALLOT_MICROSOFT_API_URL', 'ftp://example.org'],
    ['ALLOT_MICROSOFT_AUTHORITY_URL', 'not a url'],
    ['ALLOT_MICROSOFT_GRAPH_URL', 'graph.microsoft.com'],
  ])('refuses %s=%s with a message naming the variable', (name, value) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });
});
