import { listeningLine } from './listening.js';

describe('listeningLine', () => {
  it.each([
    [
      '127.0.0.1',
      8000,
      0,
      'Call billing service listening on http://127.0.0.1:8000 (this machine only); the API is OPEN: no API_KEYS, any client may record and read calls',
    ],
    [
      '0.0.0.0',
      8000,
      2,
      'Call billing service listening on http://0.0.0.0:8000 (every network interface); the API needs one of 2 API keys',
    ],
    [
      '::',
      9000,
      1,
      'Call billing service listening on http://[::]:9000 (every network interface); the API needs one of 1 API key',
    ],
    [
      '10.0.0.5',
      8000,
      0,
      'Call billing service listening on http://10.0.0.5:8000 (that address); the API is OPEN: no API_KEYS, any client may record and read calls',
    ],
  ])('%s:%i with %i keys', (host, port, keys, line) => {
    expect(listeningLine(host, port, keys)).toBe(line);
  });
});
