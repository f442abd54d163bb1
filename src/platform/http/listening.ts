import { isIP } from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;

/**
 * The start-up line: where the service listens, whether others can reach it, and whether the API
 * needs a key, so that an open API on every interface is noticed at once.
 */
export function listeningLine(
  host: string,
  port: number,
  apiKeys: number,
): string {
  const shownHost = isIP(host) === 6 ? `[${host}]` : host;
  const reach = LOOPBACK.test(host)
    ? 'this machine only'
    : host === '0.0.0.0' || host === '::'
      ? 'every network interface'
      : 'that address';
  const api =
    apiKeys === 0
      ? 'the API is OPEN: no API_KEYS, any client may record and read calls'
      : `the API needs one of ${apiKeys} API key${apiKeys === 1 ? '' : 's'}`;
  return `Call billing service listening on http://${shownHost}:${port} (${reach}); ${api}`;
}
