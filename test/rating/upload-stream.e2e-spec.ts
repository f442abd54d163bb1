import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { useTestApp } from '../support/test-app.js';
import { AdminApi } from '../support/admin-api.js';
import { AS_ADMIN, AS_CLIENT, KEYED_ENV } from '../support/auth.js';
import { FUTURE } from '../support/dates.js';

/**
 * A CSV version upload is read as it arrives (SPEC §7: up to 64 MiB), over real sockets: what a
 * client sees when the deck is refused before its end, sent slowly, or cut off, and that the
 * keep-alive connection it came on serves the next request. And what is checked before any
 * upload's body is read: the admin key, and one JSON body at a time.
 */
const REQUEST_TIMEOUT_MS = 5_000;

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Whether the request went out on a connection an earlier request had used. */
  readonly reusedSocket: boolean;
}

/** A CSV deck of `count` rates ("" first), `prefix,price` lines of ~20 bytes. */
function csvLines(count: number): string[] {
  const lines = ['prefix,price', ',0.05'];
  for (let i = 1; i < count; i++) lines.push(`${100_000_000 + i},0.0${i % 10}`);
  return lines;
}

describe('CSV version uploads read as they arrive (SPEC §7)', () => {
  const t = useTestApp({
    ...KEYED_ENV,
    HTTP_HEADERS_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  });
  const admin = new AdminApi(t, AS_ADMIN);
  let port: number;
  let agent: Agent;
  const path = `/admin/plans/gold/versions/${encodeURIComponent(FUTURE)}`;
  const silverPath = `/admin/plans/silver/versions/${encodeURIComponent(FUTURE)}`;

  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(await t.app.getUrl()).port);
  });

  beforeEach(() => {
    agent = new Agent({ keepAlive: true, maxSockets: 1 });
  });

  afterEach(() => agent.destroy());

  /**
   * Sends `parts` one after another (a pause between them), without Content-Length unless given,
   * with the admin key unless `headers` gives another `authorization` (undefined: none).
   */
  function send(
    method: string,
    url: string,
    headers: Record<string, string | undefined>,
    parts: readonly string[] = [],
    pauseMs = 0,
    on: Agent = agent,
  ): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          method,
          path: url,
          headers: sent({ ...AS_ADMIN, ...headers }),
          agent: on,
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => {
            answered.abort();
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body,
              reusedSocket: outgoing.reusedSocket,
            });
          });
        },
      );
      // Answered before the body was all sent: the rest is not sent, and the socket not reused.
      const answered = new AbortController();
      outgoing.on('error', reject);
      void (async () => {
        for (const part of parts) {
          if (outgoing.destroyed) return;
          outgoing.write(part);
          if (pauseMs > 0) {
            await sleep(pauseMs, undefined, { signal: answered.signal }).catch(
              () => undefined,
            );
          }
          if (answered.signal.aborted) {
            outgoing.destroy();
            return;
          }
        }
        outgoing.end();
      })();
    });
  }

  /**
   * Sends `body` with `Expect: 100-continue` as curl does for a large one: the headers, then the
   * body only once the server answers `100 Continue`; never, if it answers first.
   */
  function sendExpecting(
    url: string,
    headers: Record<string, string | undefined>,
    body: string,
  ): Promise<Answer & { readonly continued: boolean }> {
    return new Promise((resolve, reject) => {
      let continued = false;
      const outgoing = request(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: url,
          headers: sent({
            ...AS_ADMIN,
            expect: '100-continue',
            'content-length': String(Buffer.byteLength(body)),
            ...headers,
          }),
          agent: new Agent(),
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () => {
            if (!continued) outgoing.destroy();
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body: text,
              reusedSocket: false,
              continued,
            });
          });
        },
      );
      outgoing.on('continue', () => {
        continued = true;
        outgoing.end(body);
      });
      outgoing.on('error', reject);
      outgoing.flushHeaders();
    });
  }

  /** Writes `text` on a new connection as it is, and reads until the server closes it. */
  function exchange(text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1');
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('error', reject);
      socket.on('close', () => resolve(answer));
      socket.write(text);
    });
  }

  /** A request as it goes on the wire, its body at once. */
  function wire(
    url: string,
    headers: Record<string, string>,
    body: string,
  ): string {
    const lines = Object.entries({
      host: 'x',
      'content-type': 'application/json',
      ...headers,
      'content-length': String(Buffer.byteLength(body)),
    }).map(([name, value]) => `${name}: ${value}\r\n`);
    return `PUT ${url} HTTP/1.1\r\n${lines.join('')}\r\n${body}`;
  }

  /** A CSV upload of 1,000 rates sent in two halves a second apart: it holds the turn meanwhile. */
  function slowUpload(): Promise<Answer> {
    const lines = csvLines(1_000);
    return send(
      'PUT',
      path,
      { 'content-type': 'text/csv' },
      [
        `${lines.slice(0, 500).join('\n')}\n`,
        `${lines.slice(500).join('\n')}\n`,
      ],
      1_000,
    );
  }

  it('stores a deck sent slowly in pieces, with no Content-Length', async () => {
    const lines = csvLines(20_000);
    const parts: string[] = [];
    for (let i = 0; i < lines.length; i += 2_000) {
      parts.push(`${lines.slice(i, i + 2_000).join('\n')}\n`);
    }

    const answer = await send(
      'PUT',
      path,
      { 'content-type': 'text/csv' },
      parts,
      20,
    );

    expect(answer.status).toBe(201);
    expect(JSON.parse(answer.body)).toMatchObject({ rate_count: 20_000 });
  });

  it('answers a fault that stops the read near the start of a large deck, and the connection serves the next request', async () => {
    const lines = csvLines(200_000);
    // A line no rate has: the read stops there, with most of the body still to come.
    lines[2] = `44,${'9'.repeat(5_000)}`;
    const body = `${lines.join('\n')}\n`;

    const refused = await send(
      'PUT',
      path,
      {
        'content-type': 'text/csv',
        'content-length': String(Buffer.byteLength(body)),
      },
      [body],
    );
    const next = await send('GET', '/admin/plans', {});

    expect(refused.status).toBe(400);
    expect(refused.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect(JSON.parse(refused.body)).toMatchObject({
      errors: [expect.objectContaining({ field: 'lines[3]' })],
    });
    expect(next.status).toBe(200);
    expect(next.reusedSocket).toBe(true);
    expect((await admin.getVersion('gold', FUTURE)).statusCode).toBe(404);
  });

  it('answers 415 to a CSV body sent to a route that reads JSON, and closes that connection', async () => {
    const body = 'call_duration\n1000\n'.repeat(100_000);

    const refused = await send(
      'PUT',
      '/mobile/alice/call',
      { 'content-type': 'text/csv', 'content-length': String(body.length) },
      [body],
    );
    const next = await send('GET', '/mobile/alice/billing', {});

    // Refused before it is read: the rest of the body must not be taken for the next request.
    expect(refused.status).toBe(415);
    expect(refused.headers.connection).toBe('close');
    expect(next.status).toBe(200);
    expect(next.reusedSocket).toBe(false);
    expect(await t.callCount()).toBe(0);
  });

  it('refuses a version in force at once while another upload has the turn', async () => {
    const slow = slowUpload();
    let slowAnswered = false;
    void slow.then(() => (slowAnswered = true));
    await sleep(200);

    const inForce = await send(
      'PUT',
      `/admin/plans/gold/versions/${encodeURIComponent('2001-01-01T00:00:00.000Z')}`,
      { 'content-type': 'text/csv' },
      ['prefix,price\n,0.05\n'],
      0,
      new Agent(),
    );

    expect(inForce.status).toBe(409);
    expect(slowAnswered).toBe(false);
    expect((await slow).status).toBe(201);
  });

  it('stores nothing of a deck cut off before its end, and goes on serving', async () => {
    const lines = csvLines(50_000);
    const body = `${lines.join('\n')}\n`;
    const outgoing = request({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path,
      headers: {
        ...AS_ADMIN,
        'content-type': 'text/csv',
        'content-length': String(body.length),
      },
    });
    outgoing.on('error', () => undefined);
    outgoing.write(body.slice(0, body.length / 2));
    await sleep(200);
    outgoing.destroy();
    await sleep(200);

    expect((await admin.getVersion('gold', FUTURE)).statusCode).toBe(404);
    const after = await send('PUT', path, { 'content-type': 'text/csv' }, [
      body,
    ]);
    expect(after.status).toBe(201);
    expect(JSON.parse(after.body)).toMatchObject({ rate_count: 50_000 });
  });

  it('takes one JSON upload at a time: another is refused with a 503 before its body is read', async () => {
    const rates = Array.from({ length: 2_000 }, (_, i) => ({
      prefix: i === 0 ? '' : String(100_000_000 + i),
      price: '0.05',
    }));
    const json = JSON.stringify({ rates });
    const half = Math.floor(json.length / 2);
    const silver = `/admin/plans/silver/versions/${encodeURIComponent(FUTURE)}`;
    const jsonHeaders = {
      'content-type': 'application/json',
      'content-length': String(json.length),
    };
    const slow = send(
      'PUT',
      path,
      jsonHeaders,
      [json.slice(0, half), json.slice(half)],
      1_000,
    );
    await sleep(200);

    const refused = await send(
      'PUT',
      silver,
      jsonHeaders,
      [json],
      0,
      new Agent(),
    );
    const csvMeanwhile = send(
      'PUT',
      silver,
      { 'content-type': 'text/csv' },
      ['prefix,price\n,0.05\n'],
      0,
      new Agent(),
    );
    // Awaited below; a failed expectation before that must not leave its rejection unhandled.
    csvMeanwhile.catch(() => undefined);

    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect((await slow).status).toBe(201);
    expect((await csvMeanwhile).status).toBe(201);
    const after = await send(
      'PUT',
      silver,
      jsonHeaders,
      [json],
      0,
      new Agent(),
    );
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ rate_count: 2_000 });
  });

  it.each([
    ['no key', undefined, 401],
    ['a client key', AS_CLIENT.authorization, 403],
  ])(
    'refuses an upload with %s before its body arrives, and takes no JSON turn',
    async (_, authorization, status) => {
      // Two bytes of a declared megabyte: only an answer given before the body can come back
      // before the request times out (408).
      const refused = await send(
        'PUT',
        path,
        {
          authorization,
          'content-type': 'application/json',
          'content-length': '1000000',
        },
        ['{"'],
        REQUEST_TIMEOUT_MS * 2,
        new Agent(),
      );
      const upload = await send(
        'PUT',
        path,
        { 'content-type': 'application/json' },
        [JSON.stringify({ rates: [{ prefix: '', price: '0.05' }] })],
      );

      expect(refused.status).toBe(status);
      expect(upload.status).toBe(201);
    },
  );

  it('asks for the body of an upload sent with Expect: 100-continue only once it is admitted', async () => {
    const json = JSON.stringify({ rates: [{ prefix: '', price: '0.05' }] });
    const jsonType = { 'content-type': 'application/json' };
    const holder = send(
      'PUT',
      path,
      { ...jsonType, 'content-length': String(json.length) },
      [json.slice(0, 10), json.slice(10)],
      1_000,
    );
    await sleep(200);

    // Answered before its body was asked for, and so never sent.
    const busy = await sendExpecting(silverPath, jsonType, json);
    const forbidden = await sendExpecting(
      silverPath,
      { ...jsonType, authorization: AS_CLIENT.authorization },
      json,
    );
    const csv = await sendExpecting(
      silverPath,
      { 'content-type': 'text/csv' },
      'prefix,price\n,0.05\n',
    );
    expect((await holder).status).toBe(201);
    const admitted = await sendExpecting(
      silverPath,
      jsonType,
      JSON.stringify({ rates: [{ prefix: '', price: '0.07' }] }),
    );
    const call = await sendExpecting(
      '/mobile/alice/call',
      jsonType,
      '{"call_duration": 1000}',
    );

    expect(busy).toMatchObject({ status: 503, continued: false });
    expect(busy.headers.connection).toBe('close');
    expect(forbidden).toMatchObject({ status: 403, continued: false });
    expect(csv).toMatchObject({ status: 201, continued: true });
    expect(admitted).toMatchObject({ status: 200, continued: true });
    expect(JSON.parse(admitted.body)).toMatchObject({ rate_count: 1 });
    expect(call).toMatchObject({ status: 201, continued: true });
    expect(await t.callCount()).toBe(1);
  });

  it('answers an upload declared over 64 MiB with a 413 before asking for its body', async () => {
    const tooLarge = await sendExpecting(
      silverPath,
      {
        'content-type': 'text/csv',
        'content-length': String(64 * 1024 * 1024 + 1),
      },
      '',
    );

    expect(tooLarge).toMatchObject({ status: 413, continued: false });
  });

  /**
   * An upload sent with `Expect: 100-continue` and its body at once (RFC 9110 lets a client not
   * wait), and a call pipelined behind it on the same connection: each answer's status line.
   */
  async function uploadThenCall(authorization: string): Promise<string[]> {
    const json = JSON.stringify({ rates: [{ prefix: '', price: '0.05' }] });
    const answer = await exchange(
      wire(silverPath, { authorization, expect: '100-continue' }, json) +
        wire(
          '/mobile/alice/call',
          { ...AS_ADMIN, connection: 'close' },
          '{"call_duration":1000}',
        ),
    );
    // A body ends without a line break: the next status line follows it on the same line.
    return answer.match(/HTTP\/1\.1 \d+ /g) ?? [];
  }

  it('runs nothing pipelined behind an upload answered without 100 Continue', async () => {
    const statuses = await uploadThenCall(AS_CLIENT.authorization);

    // Node closes a connection answered without 100 Continue: the call, whose answer could not
    // be sent, must not have been run either (its client would send it again).
    expect(statuses).toEqual(['HTTP/1.1 403 ']);
    expect(await t.callCount()).toBe(0);
  });

  it('runs a call pipelined behind an upload that was asked for its body', async () => {
    const statuses = await uploadThenCall(AS_ADMIN.authorization);

    expect(statuses).toEqual([
      'HTTP/1.1 100 ',
      'HTTP/1.1 201 ',
      'HTTP/1.1 201 ',
    ]);
    expect(await t.callCount()).toBe(1);
  });

  it('stores no upload whose client went away while it waited for its turn', async () => {
    const slow = slowUpload();
    await sleep(200);
    const json = JSON.stringify({ rates: [{ prefix: '', price: '0.05' }] });
    const gone = request({
      host: '127.0.0.1',
      port,
      method: 'PUT',
      path: `/admin/plans/silver/versions/${encodeURIComponent(FUTURE)}`,
      headers: {
        ...AS_ADMIN,
        'content-type': 'application/json',
        'content-length': String(json.length),
      },
    });
    gone.on('error', () => undefined);
    gone.end(json);
    await sleep(200);
    gone.destroy();

    expect((await slow).status).toBe(201);
    await sleep(200);
    expect((await admin.getVersion('silver', FUTURE)).statusCode).toBe(404);
  });
});

/** The headers to send: those given, none of them undefined. */
function sent(
  headers: Record<string, string | undefined>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
}
