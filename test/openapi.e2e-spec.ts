import { createConfig, lintFromString } from '@redocly/openapi-core';
import { STATUS_CODES } from 'node:http';
import { useTestApp } from './support/test-app.js';

interface Operation {
  operationId?: string;
  summary?: string;
  security?: Record<string, string[]>[];
  responses: Record<
    string,
    {
      headers?: Record<string, { $ref?: string }>;
      content?: Record<
        string,
        { schema?: { $ref?: string }; example?: { status?: number } }
      >;
    }
  >;
}

interface Document {
  info: { description: string };
  servers?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<
      string,
      {
        required?: string[];
        properties?: Record<string, { items?: { required?: string[] } }>;
      }
    >;
    headers: Record<string, unknown>;
    securitySchemes: Record<string, { bearerFormat?: string }>;
  };
}

/**
 * The OpenAPI document at /docs-json, as a client generator (openapi-typescript) and a linter
 * read it: `@redocly/openapi-core` with its recommended rules finds no error and no warning, and
 * every body, error and header has a name a generated client can use.
 */
describe('the OpenAPI document', () => {
  const t = useTestApp({}, { clearBeforeEach: false });
  let text: string;
  let document: Document;
  const operations: [string, Operation][] = [];

  beforeAll(async () => {
    const response = await t.app.inject({ method: 'GET', url: '/docs-json' });
    text = response.body;
    document = JSON.parse(text) as Document;
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations.push([`${method.toUpperCase()} ${path}`, operation]);
      }
    }
  });

  it("passes Redocly's recommended rules (but the licence) without an error or a warning", async () => {
    const problems = await lintFromString({
      source: text,
      absoluteRef: 'openapi.json',
      config: await createConfig({
        extends: ['recommended'],
        // A private service: there is no licence to name.
        rules: { 'info-license': 'off', 'info-license-strict': 'off' },
      }),
    });

    expect(
      problems.map(
        (p) =>
          `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`,
      ),
    ).toEqual([]);
  });

  it('names operations for what they do', () => {
    expect(
      operations.map(([, operation]) => operation.operationId).sort(),
    ).toEqual([
      'assignUserPlan',
      'checkHealth',
      'closePeriod',
      'deletePlanVersion',
      'getBill',
      'getInvoice',
      'getPlanVersion',
      'getUserPlan',
      'importCalls',
      'listCalls',
      'listInvoices',
      'listPeriodInvoices',
      'listPeriods',
      'listPlans',
      'putPlanVersion',
      'quoteRate',
      'recordCall',
      'scrapeMetrics',
      'voidCall',
    ]);
  });

  it('names schemas without a Dto suffix, the problem among them', () => {
    const names = Object.keys(document.components.schemas);

    expect(names).toEqual(
      expect.arrayContaining([
        'Call',
        'Bill',
        'CallPage',
        'NewCall',
        'CallBatch',
        'Problem',
      ]),
    );
    expect(names.filter((name) => /Dto$/.test(name))).toEqual([]);
  });

  it('describes a problem once, with errors[].field required', () => {
    const problem = document.components.schemas.Problem;

    expect(problem?.required).toEqual(['type', 'title', 'status', 'detail']);
    expect(problem?.properties?.errors?.items?.required).toEqual([
      'field',
      'message',
    ]);
  });

  it('answers every error with the Problem schema and an example of its own status', () => {
    for (const [name, operation] of operations) {
      for (const [code, response] of Object.entries(operation.responses)) {
        // /health's 503 is its report (`{"status": "error", …}`), documented by terminus, which
        // does so only where it can require @nestjs/swagger (not under Jest on Node 20).
        if (!/^[45]/.test(code) || name === 'GET /health') continue;
        const body = response.content?.['application/problem+json'];
        expect({ name, code, schema: body?.schema }).toEqual({
          name,
          code,
          schema: { $ref: '#/components/schemas/Problem' },
        });
        if (/^\d+$/.test(code)) {
          expect({ name, code, status: body?.example?.status }).toEqual({
            name,
            code,
            status: Number(code),
          });
          expect(STATUS_CODES[code]).toBeDefined();
        }
      }
    }
  });

  it('documents the headers responses carry', () => {
    expect(Object.keys(document.components.headers).sort()).toEqual([
      'Allow',
      'Idempotent-Replayed',
      'Retry-After',
      'X-RateLimit-Limit',
      'X-RateLimit-Remaining',
      'X-RateLimit-Reset',
      'X-Request-Id',
    ]);
    const put = document.paths['/mobile/{user_name}/call']?.put;
    expect(put?.responses['200']?.headers).toMatchObject({
      'Idempotent-Replayed': {
        $ref: '#/components/headers/Idempotent-Replayed',
      },
      'X-Request-Id': { $ref: '#/components/headers/X-Request-Id' },
      'X-RateLimit-Remaining': {
        $ref: '#/components/headers/X-RateLimit-Remaining',
      },
    });
    expect(put?.responses['503']?.headers).toHaveProperty('Retry-After');
    expect(put?.responses['429']?.headers).toHaveProperty('Retry-After');
  });

  it('asks for the key on the API only, an admin key on admin routes, and says the others are open', () => {
    for (const [name, operation] of operations) {
      const admin = / \/admin\//.test(name) || name.endsWith('/void');
      const api = / \/(mobile|calls)\//.test(name);
      expect({ name, security: operation.security }).toEqual({
        name,
        security: admin
          ? [{ 'admin-key': [] }]
          : api
            ? [{ 'api-key': [] }]
            : [],
      });
    }
    expect(
      document.components.securitySchemes['api-key']?.bearerFormat,
    ).toBeUndefined();
  });

  it('keeps <key> as text in the description: in code, so that Markdown does not take it for HTML', () => {
    expect(document.info.description).toContain(
      '`Authorization: Bearer <key>`',
    );
  });
});
