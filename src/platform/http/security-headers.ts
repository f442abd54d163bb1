import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * helmet's defaults, with a Content-Security-Policy the Swagger UI at `/docs` works under: its
 * scripts are files served from this origin ('self'), its few inline styles need
 * 'unsafe-inline' for styles only, its icons are data: images. `upgrade-insecure-requests` is
 * left out: the service is often reached over plain HTTP (locally, or behind a proxy that ends
 * TLS), where it would send the browser to an https:// that does not exist.
 */
export const SECURITY_HEADERS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'connect-src': ["'self'"],
      'font-src': ["'self'", 'data:'],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
    },
  },
};

/**
 * The headers helmet sets for these options. They do not depend on the request, so they are
 * computed once: running helmet per request cost 3-7% of the server's time under load
 * (docs/performance.md), mostly re-parsing the CSP.
 */
export function securityHeaders(
  options: HelmetOptions,
): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => {
      headers[name.toLowerCase()] = String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name.toLowerCase()];
    },
  };
  helmet(options)(
    {} as IncomingMessage,
    response as unknown as ServerResponse,
    () => undefined,
  );
  return headers;
}

/** Security headers (helmet's) on every response, the API's and the docs'. */
export function registerSecurityHeaders(app: NestFastifyApplication): void {
  const headers = securityHeaders(SECURITY_HEADERS);
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRequest', (_request, reply, done) => {
      void reply.headers(headers);
      done();
    });
}
