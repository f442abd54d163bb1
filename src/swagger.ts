import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the Swagger UI at `/docs` and the OpenAPI document, built from the DTOs, at `/docs-json`. */
export function setUpSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Call Billing Service')
      .setDescription(
        'Records phone calls per user and tells, exactly, what each user owes. ' +
          'Errors are RFC 9457 problem documents (application/problem+json).',
      )
      .setVersion('1')
      .build(),
  );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
