import {
  STATUS_CODES,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from '../errors/problem.js';
import type { ContinueGate } from './continue-when-read.js';

/** What Node's HTTP parser and timers report on a connection, before any request exists. */
interface ConnectionError extends Error {
  readonly code?: string;
}

/** The response a connection is being answered with, if any (Node keeps it on the socket). */
interface PendingResponse {
  readonly headersSent?: boolean;
}

function answer(error: ConnectionError): { status: number; detail: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        status: 408,
        detail: 'The request did not arrive in time; the connection is closed',
      };
    case 'HPE_HEADER_OVERFLOW':
      return {
        status: 431,
        detail: 'The request headers are larger than 16 KB',
      };
    default:
      return { status: 400, detail: 'The request is not valid HTTP/1.1' };
  }
}

/** A whole HTTP/1.1 response carrying a problem document, written straight on the socket. */
export function rawProblemResponse(status: number, detail: string): string {
  const body = JSON.stringify(problem(status, detail));
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
    `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n' +
    `Connection: close\r\n\r\n${body}`
  );
}

/**
 * Fastify's `clientErrorHandler`: answers what Node's HTTP server refuses before there is a
 * request (a malformed request line, headers over 16 KB, a request that arrives too slowly) as
 * problem+json, as every other error, instead of Fastify's plain JSON, then closes the
 * connection. Nothing is written once a response has begun, nor to a connection the client
 * already reset.
 */
export function answerClientError(
  this: FastifyInstance,
  error: ConnectionError,
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, detail } = answer(error);
  this.log.debug(
    { code: error.code, status_code: status },
    `connection answered ${status}: ${detail}`,
  );
  const pending = (socket as { _httpMessage?: PendingResponse })._httpMessage;
  if (socket.writable && pending?.headersSent !== true) {
    socket.write(rawProblemResponse(status, detail));
  }
  socket.destroy();
}

/**
 * Answers a request whose `Expect` header is anything but `100-continue` with a 417 problem,
 * where Node alone would answer an empty 417, and closes its connection. Node still runs a
 * request pipelined behind it on that connection (read along with it, before the close): the
 * `gate` drops such a request unrun, so the client, which never sees its answer, can send it
 * again without recording it twice.
 */
export function answerUnmetExpectations(
  fastify: FastifyInstance,
  gate: Pick<ContinueGate, 'refuse'>,
): void {
  fastify.server.on(
    'checkExpectation',
    (request: IncomingMessage, response: ServerResponse) => {
      gate.refuse(request.socket);
      const body = JSON.stringify(
        problem(417, 'The only expectation this API meets is 100-continue'),
      );
      response.writeHead(417, {
        'Content-Type': PROBLEM_CONTENT_TYPE,
        'Content-Length': Buffer.byteLength(body),
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        Connection: 'close',
      });
      response.end(body);
    },
  );
}
