import { SECURITY_HEADERS, securityHeaders } from './security-headers.js';

describe('securityHeaders', () => {
  const headers = securityHeaders(SECURITY_HEADERS);

  it('computes helmet’s headers, with the Swagger-friendly CSP', () => {
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).toContain(
      "style-src 'self' 'unsafe-inline'",
    );
    expect(headers['content-security-policy']).not.toContain(
      'upgrade-insecure-requests',
    );
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('sets no X-Powered-By', () => {
    expect(headers['x-powered-by']).toBeUndefined();
  });
});
