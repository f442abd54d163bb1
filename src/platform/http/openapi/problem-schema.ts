import type { ContentObject, SchemaObject } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';

export const PROBLEM_SCHEMA_NAME = 'Problem';
const PROBLEM_REF = `#/components/schemas/${PROBLEM_SCHEMA_NAME}`;

/** The RFC 9457 problem document: one named component that every error response refers to. */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description:
    'An RFC 9457 problem document, the body of every error response.',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string', example: 'about:blank' },
    title: {
      type: 'string',
      description: "The status code's reason phrase.",
      example: 'Bad Request',
    },
    status: { type: 'integer', example: 400 },
    detail: {
      type: 'string',
      description: 'What went wrong, for a person to read.',
      example: 'call_duration must be an integer between 0 and 2147483647',
    },
    errors: {
      type: 'array',
      description: 'The fields at fault, at most 10 of them.',
      items: {
        type: 'object',
        required: ['field', 'message'],
        properties: {
          field: {
            type: 'string',
            description:
              'The field as the client sent it: `call_duration`, `calls[3].user_name`, a header name, or `body`.',
            example: 'call_duration',
          },
          message: {
            type: 'string',
            example:
              'call_duration must be an integer between 0 and 2147483647',
          },
        },
      },
    },
    errors_omitted: {
      type: 'integer',
      minimum: 1,
      description: 'How many more faults the request had than `errors` lists.',
      example: 99_990,
    },
  },
};

/** The detail each error status typically comes with, for its example. */
const DETAILS: Readonly<Record<number, string>> = {
  400: 'call_duration must be an integer between 0 and 2147483647',
  401: 'This API needs an API key: Authorization: Bearer <key>',
  403: 'Only an admin key (ADMIN_API_KEYS) may call this route',
  404: 'Plan default has no version effective from 2026-12-01T00:00:00.000Z',
  406: 'An invoice is available as application/json or application/pdf',
  408: 'The request did not arrive in time; the connection is closed',
  409: 'Idempotency-Key "switch-7:call-0001" was already used for a different call (another call_duration, started_at or destination)',
  413: 'Request body is too large',
  415: 'The request body must be JSON, sent with Content-Type: application/json',
  429: 'Too many requests: at most 6000 a minute per client; retry in 12 s',
  503: 'The database is unavailable; retry shortly',
};

const FIELDS: Readonly<Record<number, string>> = {
  400: 'call_duration',
  409: 'Idempotency-Key',
};

/** An example problem for `status`, so that each response shows its own. */
export function problemExample(status: number): Record<string, unknown> {
  const detail = DETAILS[status] ?? STATUS_CODES[status] ?? 'Error';
  const field = FIELDS[status];
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(field === undefined ? {} : { errors: [{ field, message: detail }] }),
  };
}

/** A problem body, with an example for `status` (none for a range such as `4XX`). */
export function problemContent(status?: number): ContentObject {
  return {
    'application/problem+json': {
      schema: { $ref: PROBLEM_REF },
      ...(status === undefined ? {} : { example: problemExample(status) }),
    },
  };
}
