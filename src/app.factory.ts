import type { LoggerService, LogLevel } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import {
  FastifyAdapter,
  type NestFastifyApplication,
} from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import { ProblemDetailsFilter } from './errors/problem-details.filter.js';
import { RouteTable } from './errors/route-table.js';
import { StrictValidationPipe } from './errors/strict-validation.pipe.js';
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
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES });
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
