import type { INestApplication } from '@nestjs/common';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
} from '@nestjs/swagger';
import { isApiRoute } from './api-routes.js';
import { PROBLEM_SCHEMA } from '../errors/problem-responses.decorator.js';

/** The name of the API-key scheme in the document: the UI's "Authorize" button fills it in. */
export const API_KEY_SCHEME = 'api-key';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

function problemResponse(description: string) {
  return {
    description,
    content: { 'application/problem+json': { schema: PROBLEM_SCHEMA } },
  };
}

/**
 * Marks every API operation (and only those: health and metrics are open) as needing the key,
 * with the 401 and 429 it can answer, so the UI sends `Authorization: Bearer <key>` for them.
 */
export function requireApiKey(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    if (!isApiRoute(path)) continue;
    for (const method of METHODS) {
      const operation = item[method];
      if (operation === undefined) continue;
      operation.security = [{ [API_KEY_SCHEME]: [] }];
      operation.responses['401'] ??= problemResponse(
        'No API key, or an unknown one (`WWW-Authenticate: Bearer`).',
      );
      operation.responses['429'] ??= problemResponse(
        'Over the rate limit; `Retry-After` says in how many seconds to retry.',
      );
    }
  }
  return document;
}

/** Serves the Swagger UI at `/docs` and the OpenAPI document, built from the DTOs, at `/docs-json`. */
export function setUpSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Call Billing Service')
      .setDescription(
        'Records phone calls per user and tells, exactly, what each user owes. ' +
          'Errors are RFC 9457 problem documents (application/problem+json). ' +
          'The /mobile and /calls routes need an API key: Authorization: Bearer <key>.',
      )
      .setVersion('1')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          description: 'One of the keys in the API_KEYS setting.',
        },
        API_KEY_SCHEME,
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, requireApiKey(document), {
    jsonDocumentUrl: 'docs-json',
  });
}
