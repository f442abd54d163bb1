import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { problemContent } from '../http/openapi/problem-schema.js';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'The request is not valid: `errors` names each field at fault.',
  404: 'No such resource for this user (another user’s counts as none).',
  406: 'The `Accept` header allows none of the media types the route answers with.',
  409: 'The request contradicts what is stored (an idempotency key reused with another call).',
  413: 'The body is over 1 MiB, inflated.',
  415: 'The body is not UTF-8 JSON, or its Content-Encoding is not gzip, deflate or identity.',
  503: 'The database cannot be reached or did not answer in time; retry after `Retry-After` seconds.',
};

/** Documents the RFC 9457 problem responses a route can give, each with its own example. */
export function ApiProblemResponses(
  ...statuses: number[]
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'An RFC 9457 problem document.',
        content: problemContent(status),
      }),
    ),
  );
}
