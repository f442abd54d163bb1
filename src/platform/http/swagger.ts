import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import {
  ADMIN_KEY_SCHEME,
  API_KEY_SCHEME,
  finishDocument,
} from './openapi/finish-document.js';

/**
 * Operation ids a generated client names its functions after (`recordCall`, not
 * `CallController_record`); an operation not listed gets `<method><Controller>`.
 */
const OPERATION_IDS: Readonly<Record<string, string>> = {
  'CallController.record': 'recordCall',
  'CallController.list': 'listCalls',
  'BillingController.bill': 'getBill',
  'BatchController.import': 'importCalls',
  'InvoiceController.list': 'listInvoices',
  'InvoiceController.get': 'getInvoice',
  'VoidController.void': 'voidCall',
  'PeriodsController.list': 'listPeriods',
  'PeriodsController.close': 'closePeriod',
  'PeriodsController.invoices': 'listPeriodInvoices',
  'PlansController.list': 'listPlans',
  'PlansController.put': 'putPlanVersion',
  'PlansController.get': 'getPlanVersion',
  'PlansController.delete': 'deletePlanVersion',
  'UserPlansController.assign': 'assignUserPlan',
  'UserPlansController.get': 'getUserPlan',
  'RateController.rate': 'quoteRate',
  'HealthController.check': 'checkHealth',
  'MetricsController.scrape': 'scrapeMetrics',
};

function operationId(controller: string, method: string): string {
  return (
    OPERATION_IDS[`${controller}.${method}`] ??
    `${method}${controller.replace(/Controller$/, '')}`
  );
}

/** Serves the Swagger UI at `/docs` and the OpenAPI document, built from the DTOs, at `/docs-json`. */
export function setUpSwagger(app: INestApplication): void {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Call Billing Service')
      .setDescription(
        'Records phone calls per user and tells, exactly, what each user owes. ' +
          'Errors are RFC 9457 problem documents (`application/problem+json`). ' +
          'When the service has API keys, the `/mobile`, `/calls` and `/admin` routes need one: ' +
          '`Authorization: Bearer <key>`; `/admin` routes need an admin key.',
      )
      .setVersion('1')
      // Relative: the UI sends its requests to whichever address served it (a proxy, a mapped
      // container port), never to a fixed one.
      .addServer('/', 'This service, where the document was served from')
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          // An opaque key from API_KEYS, not a JWT (the builder's default format).
          bearerFormat: undefined,
          description: 'One of the keys in the `API_KEYS` setting.',
        },
        API_KEY_SCHEME,
      )
      .addBearerAuth(
        {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: undefined,
          description:
            'One of the keys in the `ADMIN_API_KEYS` setting: the admin role, for `/admin` routes.',
        },
        ADMIN_KEY_SCHEME,
      )
      .build(),
    { operationIdFactory: operationId },
  );
  SwaggerModule.setup('docs', app, finishDocument(document), {
    jsonDocumentUrl: 'docs-json',
  });
}
