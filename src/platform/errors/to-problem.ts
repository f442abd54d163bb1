import { HttpException } from '@nestjs/common';
import { ConflictError } from './conflict.error.js';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import { problem, ProblemException, type Problem } from './problem.js';
import { ServiceUnavailableError } from './service-unavailable.error.js';

export interface ProblemReply {
  readonly problem: Problem;
  readonly headers: Readonly<Record<string, string>>;
}

/** Seconds a client should wait before retrying when the database is away. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * Maps anything thrown while serving a request to the problem document the client gets. Only
 * HTTP errors tell the client their message; anything else is a generic 500 (the log has it).
 */
export function toProblem(error: unknown): ProblemReply {
  if (error instanceof ProblemException) {
    return { problem: error.problem, headers: error.headers };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    return { problem: problem(status, httpDetail(error, status)), headers: {} };
  }
  if (error instanceof ConflictError) {
    return {
      problem: {
        ...problem(409, error.message, [
          { field: error.field, message: error.message },
        ]),
        ...(error.type === undefined ? {} : { type: error.type }),
      },
      headers: {},
    };
  }
  if (error instanceof ServiceUnavailableError) {
    return {
      problem: problem(503, error.message),
      headers: { 'retry-after': String(error.retryAfterSeconds) },
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      problem: problem(503, 'The database is unavailable; retry shortly'),
      headers: { 'retry-after': String(RETRY_AFTER_SECONDS) },
    };
  }
  return { problem: problem(500, 'An unexpected error occurred'), headers: {} };
}

function httpDetail(error: HttpException, status: number): string {
  if (status >= 500) return 'An unexpected error occurred';
  // Fastify's own 415 names the content type it has no parser for; ours say what to send.
  if (status === 415 && isFastifyError(error.cause))
    return 'The request body must be JSON, sent with Content-Type: application/json';
  const response = error.getResponse();
  if (typeof response === 'string') return response;
  const { message } = response as { message?: unknown };
  if (Array.isArray(message)) return message.join('; ');
  return typeof message === 'string' ? message : error.message;
}

function isFastifyError(error: unknown): boolean {
  return error instanceof Error && error.name === 'FastifyError';
}
