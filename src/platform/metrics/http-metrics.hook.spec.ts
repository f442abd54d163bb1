import Fastify, { type FastifyInstance } from 'fastify';
import { registerHttpMetrics } from './http-metrics.hook.js';
import { MetricsService } from './metrics.service.js';

describe('registerHttpMetrics', () => {
  let fastify: FastifyInstance;
  let metrics: MetricsService;

  beforeEach(async () => {
    fastify = Fastify();
    metrics = new MetricsService();
    registerHttpMetrics(fastify, metrics);
    fastify.put('/mobile/:user_name/call', (_request, reply) =>
      reply.code(201).send({}),
    );
    await fastify.ready();
  });
  afterEach(async () => {
    await fastify.close();
  });

  it('labels a request by its route’s pattern, not by the user in its URL', async () => {
    await fastify.inject({ method: 'PUT', url: '/mobile/alice/call' });
    await fastify.inject({ method: 'PUT', url: '/mobile/bob/call' });

    const text = await metrics.render();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="PUT",route="/mobile/:user_name/call",status_code="201"} 2',
    );
    expect(text).not.toMatch(/alice|bob/);
  });

  it('labels a request that matched no route as unmatched', async () => {
    await fastify.inject({ method: 'GET', url: '/mobile/alice/nothing' });

    const text = await metrics.render();
    expect(text).toContain(
      'http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"} 1',
    );
    expect(text).not.toContain('alice');
  });
});
