import { useTestApp } from './support/test-app.js';

/** The Content-Security-Policy as a map of directive → sources. */
function directives(policy: unknown): Map<string, string[]> {
  expect(typeof policy).toBe('string');
  return new Map(
    (policy as string)
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name !== '')
      .map(([name, ...sources]) => [name, sources]),
  );
}

describe('security headers (SPEC §5)', () => {
  const t = useTestApp({}, { clearBeforeEach: false });

  it.each([
    ['an API answer', 'GET', '/mobile/alice/billing', 200],
    ['a problem', 'GET', '/mobile/alice/billing?period=2024-13', 400],
    ['an unknown route', 'GET', '/nowhere', 404],
    ['the docs', 'GET', '/docs', 200],
    ['the OpenAPI document', 'GET', '/docs-json', 200],
  ] as const)('come with %s', async (_, method, url, status) => {
    const response = await t.app.inject({ method, url });

    expect(response.statusCode).toBe(status);
    expect(response.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'SAMEORIGIN',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'strict-transport-security': expect.stringMatching(
        /max-age=\d+/,
      ) as unknown,
    });
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(
      directives(response.headers['content-security-policy']).get(
        'default-src',
      ),
    ).toEqual(["'self'"]);
  });

  it('runs no script that is not a file of this origin, and never eval', async () => {
    const policy = directives(
      (await t.app.inject({ method: 'GET', url: '/docs' })).headers[
        'content-security-policy'
      ],
    );

    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('object-src')).toEqual(["'none'"]);
    expect(policy.get('frame-ancestors')).toEqual(["'none'"]);
    // Plain-HTTP deployments must not have the UI's files sent to an https:// that is not there.
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
  });

  it('serves a Swagger UI that works under that policy: files of this origin only', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/docs' });
    const html = page.body;

    // Every script is a file (the policy forbids inline ones), and every file is served.
    const scripts = [
      ...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g),
    ];
    expect(scripts.length).toBeGreaterThan(0);
    const files: string[] = [];
    for (const [, attributes, body] of scripts) {
      const src = /\bsrc=["']([^"']+)["']/.exec(attributes ?? '')?.[1];
      expect(src).toBeDefined();
      expect(body?.trim()).toBe('');
      files.push(src!);
    }
    for (const [, href] of html.matchAll(
      /<link\b[^>]*href=["']([^"']+)["']/g,
    )) {
      files.push(href);
    }
    for (const file of files) {
      expect(file).not.toMatch(/^(https?:)?\/\//);
      const url = new URL(file, 'http://service/docs').pathname;
      const response = await t.app.inject({ method: 'GET', url });

      expect({ url, status: response.statusCode }).toEqual({
        url,
        status: 200,
      });
    }
  });
});
