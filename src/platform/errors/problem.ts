import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';

/** One field that failed validation, named as the client sent it (`call_duration`, `calls[3].user_name`). */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** An RFC 9457 problem document, the body of every error response. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldError[];
  /** How many more faults the request had than `errors` lists (the list is capped). */
  readonly errors_omitted?: number;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problem(
  status: number,
  detail: string,
  errors?: readonly FieldError[],
  errorsOmitted = 0,
): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(errors && errors.length > 0 ? { errors } : {}),
    ...(errorsOmitted > 0 ? { errors_omitted: errorsOmitted } : {}),
  };
}

/** An HTTP error that already knows its problem document, e.g. a failed validation. */
export class ProblemException extends HttpException {
  constructor(
    readonly problem: Problem,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(problem, problem.status);
  }
}
