import type { HeadersObject } from '@nestjs/swagger';

const integer = { type: 'integer' } as const;

/** Every header a response of this service may carry, documented once and referred to. */
export const RESPONSE_HEADERS = {
  'X-Request-Id': {
    description:
      "The request's id: the client's own `X-Request-Id` (1–128 visible ASCII characters) or a new UUID. Logged with every line about the request.",
    schema: { type: 'string', example: '3f0c1e9a-5b7d-4c1e-9a3f-0c1e9a5b7d4c' },
  },
  'Idempotent-Replayed': {
    description:
      'Present (`true`) when the answer repeats the first response to this `Idempotency-Key`.',
    schema: { type: 'string', enum: ['true'] },
  },
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { ...integer, minimum: 1, example: 5 },
  },
  'X-RateLimit-Limit': {
    description:
      'Requests a client may make to the API per minute (the three `X-RateLimit-*` headers are absent when `RATE_LIMIT_PER_MINUTE=0`).',
    schema: { ...integer, example: 6000 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current minute.',
    schema: { ...integer, example: 5999 },
  },
  'X-RateLimit-Reset': {
    description:
      'Seconds until the current minute ends and the count starts again.',
    schema: { ...integer, example: 42 },
  },
  Allow: {
    description:
      'On a `405` (a path the API serves, asked with another method): the methods it serves there.',
    schema: { type: 'string', example: 'PUT' },
  },
} satisfies HeadersObject;

/** A reference to one of {@link RESPONSE_HEADERS}. */
export function headerRef(name: keyof typeof RESPONSE_HEADERS) {
  return { $ref: `#/components/headers/${name}` };
}
