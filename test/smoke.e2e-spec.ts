import { createTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

it('works', async () => {
  const r = await t.app.inject({
    method: 'PUT',
    url: '/mobile/alice/call',
    payload: { call_duration: 545000 },
  });
  console.log(r.statusCode, r.headers['content-type'], r.body);
  const b = await t.app.inject({ method: 'GET', url: '/mobile/alice/billing' });
  console.log(b.statusCode, b.body);
  for (const [m, u, p, h] of [
    ['PUT', '/mobile/alice/call', '{"call_duration":', 'application/json'],
    ['PUT', '/mobile/alice/call', '', 'application/json'],
    ['PUT', '/mobile/alice/call', 'hi', 'text/plain'],
    ['PUT', '/mobile/alice/call', 'a=1', 'application/x-www-form-urlencoded'],
    ['GET', '/mobile/alice/call', undefined, undefined],
    ['GET', '/nope', undefined, undefined],
    ['PUT', '/mobile/a%2Fb/call', '{"call_duration":1}', 'application/json'],
    ['PUT', '/mobile/alice/call', undefined, undefined],
    ['PUT', '/mobile/alice/call', 'null', 'application/json'],
    ['PUT', '/mobile/alice/call', '[1]', 'application/json'],
    [
      'PUT',
      '/mobile/alice/call',
      '{"call_duration":"5","x":1}',
      'application/json',
    ],
    ['GET', '/mobile/alice/billing?period=', undefined, undefined],
    ['PUT', '/mobile/alice/call', 'x'.repeat(1048577), 'application/json'],
    ['GET', '/docs-json', undefined, undefined],
    ['GET', '/docs', undefined, undefined],
  ] as const) {
    const res = await t.app.inject({
      method: m,
      url: u,
      payload: p,
      headers: h ? { 'content-type': h } : {},
    });
    console.log(
      m,
      u,
      String(p).slice(0, 40),
      '→',
      res.statusCode,
      res.headers['content-type'],
      res.headers.allow ?? '',
      res.body.slice(0, 300),
    );
  }
});
