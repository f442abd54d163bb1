import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

export const REQUEST_ID_HEADER = 'x-request-id';

/** 1–128 visible ASCII characters: nothing that could break a log line or a header. */
const SANE_REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * The request's id: the client's (or a proxy's) `X-Request-Id` when it is sane, so that one id
 * follows a request across services; otherwise a new UUID.
 */
export function requestIdFrom(header: unknown): string {
  return typeof header === 'string' && SANE_REQUEST_ID.test(header)
    ? header
    : randomUUID();
}

/**
 * Echoes the request's id in `X-Request-Id` on every response, errors included. Registered before
 * anything else, so that even a reply sent by an earlier hook (a rate limit, say) carries it.
 */
export function registerRequestIdHeader(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
}
