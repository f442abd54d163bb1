import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { problem, ProblemException } from '../../platform/errors/problem.js';
import { IDEMPOTENCY_KEY_PATTERN } from '../domain/call-record.rules.js';

export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';
const RULE = `${IDEMPOTENCY_KEY_HEADER} must be 1 to 64 visible ASCII characters (! to ~)`;

/** The header's key, or undefined when absent; an empty, long or non-printable key is a 400. */
export function parseIdempotencyKey(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && IDEMPOTENCY_KEY_PATTERN.test(value))
    return value;
  throw new ProblemException(
    problem(400, RULE, [{ field: IDEMPOTENCY_KEY_HEADER, message: RULE }]),
  );
}

/** Injects the request's validated `Idempotency-Key`. */
export const IdempotencyKey = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    parseIdempotencyKey(
      context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>()
        .headers['idempotency-key'],
    ),
);
