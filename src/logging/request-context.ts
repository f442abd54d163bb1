import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { REQUEST_ID_HEADER } from './request-id.js';

const requestLoggers = new AsyncLocalStorage<FastifyBaseLogger>();

/** The logger of the request being served (it carries the request's id), if any. */
export function currentRequestLogger(): FastifyBaseLogger | undefined {
  return requestLoggers.getStore();
}

/**
 * Echoes the request's id in `X-Request-Id` on every response, errors included, and makes the
 * request's logger the current one for all the code that serves it (Fastify carries the async
 * context on through reading the body). Registered before anything else, so that even a reply
 * sent by an earlier hook (a rate limit, say) carries the header.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header(REQUEST_ID_HEADER, request.id);
    requestLoggers.run(request.log, done);
  });
}
