import { ConfigValidationError, validateEnv } from './validate-env.js';

const KEY = 'k3y-A_0123456789abcdef';

describe('validateEnv: HOST and the HTTP time limits', () => {
  it('listens on this machine only while the API is open', () => {
    expect(validateEnv({}).http.host).toBe('127.0.0.1');
  });

  it('listens on every interface once API keys guard the API', () => {
    expect(validateEnv({ API_KEYS: KEY }).http.host).toBe('0.0.0.0');
  });

  it.each(['0.0.0.0', '::', '10.1.2.3', 'localhost', 'api.internal'])(
    'takes HOST=%s as given, keys or not',
    (host) => {
      expect(validateEnv({ HOST: host }).http.host).toBe(host);
    },
  );

  it('reads both time limits', () => {
    expect(
      validateEnv({
        HTTP_HEADERS_TIMEOUT_MS: '2000',
        HTTP_REQUEST_TIMEOUT_MS: '5000',
      }).http,
    ).toEqual({
      host: '127.0.0.1',
      headersTimeoutMs: 2000,
      requestTimeoutMs: 5000,
      maxConnectionsPerClient: 256,
    });
  });

  it('reads the cap on connections per client, 0 for none', () => {
    expect(
      validateEnv({ HTTP_MAX_CONNECTIONS_PER_CLIENT: '0' }).http
        .maxConnectionsPerClient,
    ).toBe(0);
    expect(() =>
      validateEnv({ HTTP_MAX_CONNECTIONS_PER_CLIENT: '-1' }),
    ).toThrow(/HTTP_MAX_CONNECTIONS_PER_CLIENT must be/);
  });

  it.each([
    [{ HOST: 'not a host' }, /HOST must be an IP address or a host name/],
    [{ HOST: 'a/b' }, /HOST must be/],
    [{ HTTP_HEADERS_TIMEOUT_MS: '0' }, /HTTP_HEADERS_TIMEOUT_MS must be/],
    [{ HTTP_REQUEST_TIMEOUT_MS: '10s' }, /HTTP_REQUEST_TIMEOUT_MS must be/],
    [
      { HTTP_HEADERS_TIMEOUT_MS: '20000', HTTP_REQUEST_TIMEOUT_MS: '10000' },
      /HTTP_HEADERS_TIMEOUT_MS \(20000\) must not exceed HTTP_REQUEST_TIMEOUT_MS \(10000\)/,
    ],
  ])('refuses %p', (env, message) => {
    expect(() => validateEnv(env)).toThrow(ConfigValidationError);
    expect(() => validateEnv(env)).toThrow(message);
  });
});
