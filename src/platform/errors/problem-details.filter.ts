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
import { ServiceUnavailableError } from './service-unavailable.error.js';
import { toProblem, type ProblemReply } from './to-problem.js';

interface RequestLike {
  readonly method: string;
  readonly url: string;
  readonly routeOptions?: { readonly url?: string };
  /** Node's request: aborted when the client went away before it was whole. */
  readonly raw?: { readonly readableAborted?: boolean };
  /** The request's own logger: its lines carry the request id. */
  readonly log: FastifyBaseLogger;
}

const LOG_CONTEXT = { context: 'ProblemDetailsFilter' };

/** The most of a path that a 404 repeats: a 12 KB URL is not echoed back whole. */
const MAX_ECHOED_PATH = 100;

/**
 * The client closed the connection while its body was still arriving. Node reports it as
 * ECONNRESET, which is not the database's, whatever the code says.
 */
function isClientAbort(exception: unknown, request: RequestLike): boolean {
  return (
    request.raw?.readableAborted === true &&
    (exception as { code?: unknown } | null)?.code === 'ECONNRESET'
  );
}

/** Turns every error, Nest's, Fastify's, the validator's and the database's, into problem+json. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly routes: RouteTable,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const reply = this.answer(exception, http.getRequest<RequestLike>());
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

  /** The answer to `exception`, logged as what it is: a client gone, a database away, a fault. */
  private answer(exception: unknown, request: RequestLike): ProblemReply {
    const where = `${request.method} ${request.routeOptions?.url ?? request.url.slice(0, MAX_ECHOED_PATH)}`;
    if (isClientAbort(exception, request)) {
      // Nobody is left to read the answer; sending it ends the request's log line.
      request.log.info(
        LOG_CONTEXT,
        `${where}: the client closed the connection before its request was complete`,
      );
      return {
        problem: problem(400, 'The request was not complete'),
        headers: {},
      };
    }
    const reply =
      this.unmatchedRoute(exception, request) ?? toProblem(exception);
    if (isDatabaseUnavailable(exception)) {
      // Expected while the database is away, once per request: one line, no stack to repeat.
      request.log.warn(
        LOG_CONTEXT,
        `${where} answered ${reply.problem.status}: database unavailable (${summary(exception)})`,
      );
    } else if (exception instanceof ServiceUnavailableError) {
      // A refusal the service chose (busy, or the client gone): no fault, no stack to log.
      request.log.warn(
        LOG_CONTEXT,
        `${where} answered ${reply.problem.status}: ${exception.message}`,
      );
    } else if (reply.problem.status >= 500) {
      request.log.error(
        { ...LOG_CONTEXT, err: exception },
        `${where} failed with ${reply.problem.status}`,
      );
    }
    return reply;
  }

  /**
   * A request that matched no route: a 405 with `Allow` for a path the app serves with another
   * method, else a 404 that repeats at most the first 100 characters of the path.
   */
  private unmatchedRoute(
    exception: unknown,
    request: RequestLike,
  ): ProblemReply | undefined {
    const status = (exception as { getStatus?: () => number }).getStatus?.();
    if (
      status !== HttpStatus.NOT_FOUND ||
      request.routeOptions?.url !== undefined
    )
      return undefined;
    const path = request.url.split('?', 1)[0] ?? '';
    const allowed = this.routes.allowedMethods(path);
    if (allowed.length === 0 || allowed.includes(request.method)) {
      const shown =
        path.length > MAX_ECHOED_PATH
          ? `${path.slice(0, MAX_ECHOED_PATH)}…`
          : path;
      return {
        problem: problem(
          HttpStatus.NOT_FOUND,
          `No route serves ${request.method} ${shown}`,
        ),
        headers: {},
      };
    }
    return {
      problem: problem(
        HttpStatus.METHOD_NOT_ALLOWED,
        `${request.method} is not allowed here; use ${allowed.join(', ')}`,
      ),
      headers: { allow: allowed.join(', ') },
    };
  }
}
