import {
  Catch,
  HttpStatus,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import type { HttpAdapterHost } from '@nestjs/core';
import type { FastifyBaseLogger } from 'fastify';
import { summary } from '../database/error-summary.js';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import type { RouteTable } from '../http/route-table.js';
import { problem, PROBLEM_CONTENT_TYPE } from './problem.js';
import { toProblem, type ProblemReply } from './to-problem.js';

interface RequestLike {
  readonly method: string;
  readonly url: string;
  readonly routeOptions?: { readonly url?: string };
  /** The request's own logger: its lines carry the request id. */
  readonly log: FastifyBaseLogger;
}

const LOG_CONTEXT = { context: 'ProblemDetailsFilter' };

/** Turns every error, Nest's, Fastify's, the validator's and the database's, into problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly routes: RouteTable,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<RequestLike>();
    const reply =
      this.methodNotAllowed(exception, request) ?? toProblem(exception);
    if (isDatabaseUnavailable(exception)) {
      // Expected while the database is away, once per request: one line, no stack to repeat.
      request.log.warn(
        LOG_CONTEXT,
        `${request.method} ${request.routeOptions?.url ?? request.url} answered ${reply.problem.status}: ` +
          `database unavailable (${summary(exception)})`,
      );
    } else if (reply.problem.status >= 500) {
      request.log.error(
        { ...LOG_CONTEXT, err: exception },
        `${request.method} ${request.routeOptions?.url ?? request.url} failed with ${reply.problem.status}`,
      );
    }
    const { httpAdapter } = this.adapterHost;
    const response: unknown = http.getResponse();
    for (const [name, value] of Object.entries(reply.headers)) {
      httpAdapter.setHeader(response, name, value);
    }
    httpAdapter.setHeader(response, 'content-type', PROBLEM_CONTENT_TYPE);
    httpAdapter.reply(
      response,
      JSON.stringify(reply.problem),
      reply.problem.status,
    );
  }

  /** A path the app serves, asked for with another method, is a 405 rather than a 404. */
  private methodNotAllowed(
    exception: unknown,
    request: RequestLike,
  ): ProblemReply | undefined {
    const status = (exception as { getStatus?: () => number }).getStatus?.();
    if (
      status !== HttpStatus.NOT_FOUND ||
      request.routeOptions?.url !== undefined
    )
      return undefined;
    const allowed = this.routes.allowedMethods(
      request.url.split('?', 1)[0] ?? '',
    );
    if (allowed.length === 0 || allowed.includes(request.method))
      return undefined;
    return {
      problem: problem(
        HttpStatus.METHOD_NOT_ALLOWED,
        `${request.method} is not allowed here; use ${allowed.join(', ')}`,
      ),
      headers: { allow: allowed.join(', ') },
    };
  }
}
