import type { FastifyInstance } from 'fastify';
import type { MetricsService } from './metrics.service.js';

/** The label of a request that matched no route: its URL must not become a label value. */
export const UNMATCHED_ROUTE = 'unmatched';

/** Times every answered request, labelled by its route's pattern and its status. */
export function registerHttpMetrics(
  fastify: FastifyInstance,
  metrics: MetricsService,
): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url ?? UNMATCHED_ROUTE,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}
