import { exchangeRaw } from './support/raw-socket.js';
import { useTestApp } from './support/test-app.js';

/**
 * What Node's HTTP server answers itself, before there is a request for Fastify or Nest: headers
 * over 16 KB, a malformed request line, a request that arrives too slowly (SPEC §4 and §5). Sent
 * over real sockets to the app listening on a port.
 */
const HEADERS_TIMEOUT_MS = 300;
const REQUEST_TIMEOUT_MS = 600;

interface RawResponse {
  readonly statusLine: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

describe('errors of the HTTP layer (SPEC §4, §5)', () => {
  const t = useTestApp({
    HTTP_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  });
  let port: number;

  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(await t.app.getUrl()).port);
  });

  /** Writes `text` on a new connection and reads the answer until the server closes it. */
  async function exchange(text: string): Promise<RawResponse> {
    const data = await exchangeRaw(port, text);
    const [head = '', body = ''] = data.split('\r\n\r\n', 2);
    const [statusLine = '', ...lines] = head.split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [
          line.slice(0, colon).toLowerCase(),
          line.slice(colon + 1).trim(),
        ];
      }),
    );
    return { statusLine, headers, body };
  }

  function expectProblem(response: RawResponse, status: number): void {
    expect(response.statusLine).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(response.headers['content-type']).toBe('application/problem+json');
    expect(response.headers.connection).toBe('close');
    expect(JSON.parse(response.body)).toEqual({
      type: 'about:blank',
      title: expect.any(String) as unknown,
      status,
      detail: expect.stringMatching(/\S/) as unknown,
    });
  }

  it('answers headers over 16 KB with a 431 problem', async () => {
    expectProblem(
      await exchange(
        `GET /health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(17_000)}\r\n\r\n`,
      ),
      431,
    );
  });

  it('answers an Expect other than 100-continue with a 417 problem, storing nothing', async () => {
    const response = await exchange(
      'PUT /mobile/alice/call HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n' +
        'Content-Type: application/json\r\nContent-Length: 22\r\n\r\n{"call_duration":1000}',
    );

    expectProblem(response, 417);
    expect(response.headers['cache-control']).toBe('no-store');
    await expect(t.callCount()).resolves.toBe(0);
  });

  it('runs nothing pipelined behind a 417 on its connection', async () => {
    const call = (key: string) =>
      `PUT /mobile/alice/call HTTP/1.1\r\nHost: x\r\nIdempotency-Key: ${key}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 22\r\n\r\n{"call_duration":1000}';
    const response = await exchange(
      call('first').replace('Host: x', 'Host: x\r\nExpect: 200-ok') +
        call('second'),
    );

    expect(response.statusLine).toMatch(/^HTTP\/1\.1 417 /);
    await expect(t.callCount()).resolves.toBe(0);
  });

  it.each([
    ['a malformed request line', 'GARBAGE\r\n\r\n'],
    ['a bad HTTP version', 'GET / HTTP/9.9\r\n\r\n'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost x\r\n\r\n'],
  ])('answers %s with a 400 problem', async (_, text) => {
    expectProblem(await exchange(text), 400);
  });

  it('answers 408 and closes a connection whose headers do not arrive in time', async () => {
    expectProblem(await exchange('GET /health HTTP/1.1\r\nHost: x\r\n'), 408);
  });

  it('answers 408 and closes a connection whose body does not arrive in time, storing nothing', async () => {
    const response = await exchange(
      'PUT /mobile/alice/call HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
        'Content-Length: 100\r\n\r\n{"call_duration":',
    );

    expectProblem(response, 408);
    await expect(t.callCount()).resolves.toBe(0);
  });

  it('keeps serving other clients while 200 slow ones wait to be timed out', async () => {
    const slow = Array.from({ length: 200 }, (_, i) =>
      exchange(
        i % 2 === 0
          ? 'GET /health HTTP/1.1\r\nHost: x\r\n'
          : 'PUT /mobile/bob/call HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 50\r\n\r\n{',
      ),
    );

    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const answers = await Promise.all(slow);
    expect(answers.map((a) => a.statusLine.split(' ')[1])).toEqual(
      Array<string>(200).fill('408'),
    );
  });
});
