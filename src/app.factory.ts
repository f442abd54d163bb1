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
import { ProblemDetailsFilter } from './errors/problem-details.filter.js';
import { PROBLEM_CONTENT_TYPE } from './errors/problem.js';
import { RouteTable } from './errors/route-table.js';
import { StrictValidationPipe } from './errors/strict-validation.pipe.js';
import { toProblem } from './errors/to-problem.js';
import { setUpSwagger } from './swagger.js';

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
  const adapter = new FastifyAdapter({
    bodyLimit: BODY_LIMIT_BYTES,
    // Fastify answers a few errors (an undecodable URL) before any route, hence before Nest.
    frameworkErrors: (
      error: FastifyError,
      _request: FastifyRequest,
      reply: FastifyReply,
    ) => {
      const { problem } = toProblem(
        new HttpException(error.message, error.statusCode ?? 400),
      );
      void reply
        .code(problem.status)
        .header('content-type', PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem));
    },
  });
  const fastify = adapter.getInstance();
  const routes = new RouteTable();
  fastify.addHook('onRoute', (route) => routes.add(route.method, route.url));
  // JSON is the only body this API reads: a text or form body is a 415, not a string to validate.
  fastify.removeContentTypeParser(['text/plain']);

  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot({ overrides: options.env }),
    adapter,
    { bodyParser: false, abortOnError: false, logger: options.logger },
  );
  app.useGlobalPipes(new StrictValidationPipe());
  app.useGlobalFilters(
    new ProblemDetailsFilter(app.get(HttpAdapterHost), routes),
  );
  setUpSwagger(app);
  await app.init();
  await fastify.ready();
  return app;
}
