import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';

export const PROBLEM_SCHEMA = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: { type: 'string', example: 'Bad Request' },
    status: { type: 'integer', example: 400 },
    detail: {
      type: 'string',
      example: 'call_duration must be an integer between 0 and 2147483647',
    },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          field: { type: 'string', example: 'call_duration' },
          message: {
            type: 'string',
            example:
              'call_duration must be an integer between 0 and 2147483647',
          },
        },
      },
    },
  },
};

/** Documents the RFC 9457 problem responses a route can give. */
export function ApiProblemResponses(
  ...statuses: number[]
): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: 'An RFC 9457 problem document.',
        content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
      }),
    ),
  );
}
