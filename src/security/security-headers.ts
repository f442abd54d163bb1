import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

/**
 * helmet's defaults, with a Content-Security-Policy the Swagger UI at `/docs` works under: its
 * scripts are files served from this origin ('self'), its few inline styles need
 * 'unsafe-inline' for styles only, its icons are data: images. `upgrade-insecure-requests` is
 * left out: the service is often reached over plain HTTP (locally, or behind a proxy that ends
 * TLS), where it would send the browser to an https:// that does not exist.
 */
export const SECURITY_HEADERS: FastifyHelmetOptions = {
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

/** Security headers (helmet) on every response, the API's and the docs'. */
export async function registerSecurityHeaders(
  app: NestFastifyApplication,
): Promise<void> {
  await app.register(helmet, SECURITY_HEADERS);
}
