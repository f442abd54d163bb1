import {
  HttpException,
  type LoggerService,
  type LogLevel,
} from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { ProblemDetailsFilter } from './platform/errors/problem-details.filter.js';
import { PROBLEM_CONTENT_TYPE } from './platform/errors/problem.js';
import { RouteTable } from './platform/http/route-table.js';
import { StrictValidationPipe } from './platform/validation/strict-validation.pipe.js';
import { toProblem } from './platform/errors/to-problem.js';
import { registerRateLimit } from './platform/rate-limit/rate-limit.js';
import { registerSecurityHeaders } from './platform/http/security-headers.js';
import { closeConnectionsOnClose } from './platform/http/close-connections.js';
import { capConnectionsPerClient } from './platform/http/connection-cap.js';
import {
  answerClientError,
  answerUnmetExpectations,
} from './platform/http/client-errors.js';
import { registerJsonBodyParser } from './platform/http/json-body.js';
import { ApiKeys } from './platform/auth/api-keys.js';
import { continueWhenRead } from './platform/http/continue-when-read.js';
import {
  isUploadRoute,
  registerUploadRoutes,
} from './platform/http/upload-body.js';
import {
  applyRequestTimeouts,
  TIME_LIMIT_CHECKS,
} from './platform/http/request-timeouts.js';
import { AppConfigService } from './platform/config/app-config.service.js';
import { createLogging } from './platform/logging/logging.js';
import {
  registerRequestIdHeader,
  REQUEST_ID_HEADER,
} from './platform/logging/request-id.js';
import { registerHttpMetrics } from './platform/metrics/http-metrics.hook.js';
import { MetricsService } from './platform/metrics/metrics.service.js';
import { setUpSwagger } from './platform/http/swagger.js';

export interface CreateAppOptions {
  /** Variables laid over the environment, e.g. a test database. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly logger?: LoggerService | LogLevel[] | false;
}

export const BODY_LIMIT_BYTES = 1_048_576;

/**
 * Builds the whole app, ready to serve, without listening: `main.ts` listens on it, tests send it
 * requests with `inject`. Both run exactly this.
 */
export async function createApp(
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const logging = createLogging(options.logger);
  const adapter = new FastifyAdapter({
    ...logging.fastify,
    bodyLimit: BODY_LIMIT_BYTES,
    http: TIME_LIMIT_CHECKS,
    // What Node refuses before there is a request (431, a malformed request line, 408).
    clientErrorHandler: answerClientError,
    // While draining on SIGTERM, a request that still arrives on an open keep-alive connection
    // is served (with `Connection: close`) instead of Fastify's bare, non-problem 503.
    return503OnClosing: false,
    // Fastify answers a few errors (an undecodable URL) before any route, hence before Nest.
    frameworkErrors: (
      error: FastifyError,
      request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      // Its message quotes the URL, which may be kilobytes long.
      const { problem } = toProblem(
        new HttpException(error.message.slice(0, 200), error.statusCode ?? 400),
      );
      void reply
        .code(problem.status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .header(REQUEST_ID_HEADER, request.id)
        .send(JSON.stringify(problem));
    },
  });
  const fastify = adapter.getInstance();
  registerRequestIdHeader(fastify);
  const continues = continueWhenRead(fastify, isUploadRoute);
  answerUnmetExpectations(fastify, continues);
  closeConnectionsOnClose(fastify);
  const routes = new RouteTable();
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  // JSON is the only body this API reads: a text or form body is a 415, not a string to validate.
  fastify.removeContentTypeParser(['text/plain']);
  registerJsonBodyParser(fastify, BODY_LIMIT_BYTES);

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ overrides: options.env }),
    adapter,
    { bodyParser: false, abortOnError: false, logger: logging.nest },
  );
  const http = app.get(AppConfigService).get('http');
  registerUploadRoutes(fastify, app.get(ApiKeys), continues);
  applyRequestTimeouts(fastify.server, http);
  capConnectionsPerClient(fastify.server, http.maxConnectionsPerClient);
  registerHttpMetrics(fastify, app.get(MetricsService));
  // Plugins that hook every route are registered before Nest and Swagger add their routes.
  registerSecurityHeaders(app);
  await registerRateLimit(app);
  app.useGlobalPipes(new StrictValidationPipe());
  app.useGlobalFilters(
    new ProblemDetailsFilter(app.get(HttpAdapterHost), routes),
  );
  setUpSwagger(app);
  await app.init();
  await fastify.ready();
  return app;
}
