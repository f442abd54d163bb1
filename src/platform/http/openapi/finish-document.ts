import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { isAdminRoute, isApiRoute } from '../api-routes.js';
import {
  PROBLEM_SCHEMA,
  PROBLEM_SCHEMA_NAME,
  problemContent,
} from './problem-schema.js';
import { headerRef, RESPONSE_HEADERS } from './response-headers.js';

/** The name of the API-key scheme in the document: the UI's "Authorize" button fills it in. */
export const API_KEY_SCHEME = 'api-key';
/** The scheme of the admin routes: a key from `ADMIN_API_KEYS`, set by `@AdminOnly()`. */
export const ADMIN_KEY_SCHEME = 'admin-key';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

const RATE_LIMIT_HEADERS = {
  'X-RateLimit-Limit': headerRef('X-RateLimit-Limit'),
  'X-RateLimit-Remaining': headerRef('X-RateLimit-Remaining'),
  'X-RateLimit-Reset': headerRef('X-RateLimit-Reset'),
};

/** What every operation can answer whatever its route: the HTTP layer's own refusals. */
function addHttpLayerErrors(operation: OperationObject): void {
  operation.responses['4XX'] ??= {
    description:
      'A request refused before it reaches the operation: `400` malformed HTTP, `404` no such ' +
      'route, `405` another method on a path the API serves (`Allow` lists its methods), `408` ' +
      'not received in time, `431` headers over 16 KB.',
    headers: { Allow: headerRef('Allow') },
    content: problemContent(),
  };
}

/** Whether `@AdminOnly()` (or an `/admin` path) marks the operation as the administrators'. */
function adminOperation(operation: OperationObject, path: string): boolean {
  return (
    isAdminRoute(path) ||
    (operation.security ?? []).some((scheme) => ADMIN_KEY_SCHEME in scheme)
  );
}

/** An API operation needs the key, may be limited, and says so in its responses and headers. */
function guardApiOperation(operation: OperationObject, admin: boolean): void {
  operation.security = [{ [admin ? ADMIN_KEY_SCHEME : API_KEY_SCHEME]: [] }];
  operation.responses['401'] ??= {
    description:
      'No API key, or an unknown one (`WWW-Authenticate: Bearer`). Only when `API_KEYS` or ' +
      '`ADMIN_API_KEYS` is set.',
    content: problemContent(401),
  };
  if (admin) {
    operation.responses['403'] ??= {
      description:
        'A valid API key without the admin role: only `ADMIN_API_KEYS` may call this.',
      content: problemContent(403),
    };
  }
  operation.responses['429'] ??= {
    description:
      'Over the rate limit; `Retry-After` says in how many seconds to retry.',
    content: problemContent(429),
  };
}

/** Documents the headers each response carries. */
function addResponseHeaders(operation: OperationObject, api: boolean): void {
  for (const [code, response] of Object.entries(operation.responses)) {
    if (response === undefined || '$ref' in response) continue;
    response.headers = {
      ...response.headers,
      'X-Request-Id': headerRef('X-Request-Id'),
      ...(api ? RATE_LIMIT_HEADERS : {}),
      ...(code === '429' || code === '503'
        ? { 'Retry-After': headerRef('Retry-After') }
        : {}),
      ...(code === '200' && operation.operationId === 'recordCall'
        ? { 'Idempotent-Replayed': headerRef('Idempotent-Replayed') }
        : {}),
    };
  }
}

/**
 * What the decorators cannot say: the named `Problem` schema and the response headers as
 * components, which operations need the key (the API's) and which are open (`security: []`,
 * health and metrics), and the responses and headers every operation shares.
 */
export function finishDocument(document: OpenAPIObject): OpenAPIObject {
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      [PROBLEM_SCHEMA_NAME]: PROBLEM_SCHEMA,
    },
    headers: { ...document.components?.headers, ...RESPONSE_HEADERS },
  };
  for (const [path, item] of Object.entries(document.paths)) {
    const api = isApiRoute(path);
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      if (api) guardApiOperation(operation, adminOperation(operation, path));
      else operation.security = [];
      addHttpLayerErrors(operation);
      addResponseHeaders(operation, api);
      describeCsvBody(operation);
    }
  }
  return document;
}

/**
 * A `text/csv` request body is text, whatever JSON schema `@ApiConsumes` gave it beside
 * `application/json`; the operation's description says its columns.
 */
function describeCsvBody(operation: OperationObject): void {
  const body = operation.requestBody;
  if (body === undefined || '$ref' in body || !('text/csv' in body.content)) {
    return;
  }
  body.content['text/csv'] = {
    schema: {
      type: 'string',
      description:
        'CSV: a header line naming the columns, then one record a line (RFC 4180 quoting).',
    },
  };
}
