import { Agent, request, type IncomingHttpHeaders } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AdminApi } from '../support/admin-api.js';
import { AS_ADMIN, KEYED_ENV } from '../support/auth.js';
import { FUTURE } from '../support/dates.js';
import { exchangeRaw } from '../support/raw-socket.js';
import { useTestApp } from '../support/test-app.js';

/**
 * What the upload suites share: an app with keys, listening on a port of its own with 5-s
 * header and request timeouts, and clients that send an upload as real sockets do (slowly, in
 * pieces, with `Expect: 100-continue`, or as raw HTTP/1.1).
 */
export const REQUEST_TIMEOUT_MS = 5_000;

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  /** Whether the request went out on a connection an earlier request had used. */
  readonly reusedSocket: boolean;
}

/** A CSV deck of `count` rates ("" first), `prefix,price` lines of ~20 bytes. */
export function csvLines(count: number): string[] {
  const lines = ['prefix,price', ',0.05'];
  for (let i = 1; i < count; i++) lines.push(`${100_000_000 + i},0.0${i % 10}`);
  return lines;
}

/** The version routes the suites upload to. */
export const GOLD_PATH = `/admin/plans/gold/versions/${encodeURIComponent(FUTURE)}`;
export const SILVER_PATH = `/admin/plans/silver/versions/${encodeURIComponent(FUTURE)}`;

/** The suite's app and its upload clients (call in a `describe`). */
export function useUploadClient() {
  const t = useTestApp({
    ...KEYED_ENV,
    HTTP_HEADERS_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
  });
  const admin = new AdminApi(t, AS_ADMIN);
  const path = GOLD_PATH;
  let port: number;
  let agent: Agent;

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
    return exchangeRaw(port, text);
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

  return {
    t,
    admin,
    send,
    sendExpecting,
    exchange,
    slowUpload,
    /** The port the app listens on (from `beforeAll` on). */
    port: () => port,
  };
}

/** A request as it goes on the wire, its body at once. */
export function wire(
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
