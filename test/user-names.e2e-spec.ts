import { request } from 'node:http';
import { useTestApp } from './support/test-app.js';

/**
 * SPEC §3.1: `.` and `..` alone are refused as user names. Sent over a real socket with Node's
 * http client, which keeps dot segments as written (fetch and `inject` resolve them away, as
 * browsers and proxies do: the reason a call stored under `..` could never be read back).
 */
describe('the user names . and .. (SPEC §3.1)', () => {
  const t = useTestApp();
  let port: number;

  beforeAll(async () => {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    port = Number(new URL(await t.app.getUrl()).port);
  });

  function send(
    method: string,
    path: string,
    body?: string,
  ): Promise<{ status: number; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          port,
          host: '127.0.0.1',
          method,
          path,
          headers:
            body === undefined ? {} : { 'content-type': 'application/json' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: text }),
          );
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  const stored = () => t.callCount();

  describe.each(['.', '..', '%2e', '%2E%2e', '.%2e'])('%s', (name) => {
    it.each([
      ['PUT', 'call', '{"call_duration": 1000}'],
      ['GET', 'billing', undefined],
      ['GET', 'calls', undefined],
    ])(
      'is refused by %s /mobile/{user_name}/%s',
      async (method, route, body) => {
        const response = await send(method, `/mobile/${name}/${route}`, body);

        expect(response.status).toBe(400);
        expect(JSON.parse(response.body)).toMatchObject({
          errors: [
            {
              field: 'user_name',
              message: expect.stringMatching(/not \. or \.\./) as unknown,
            },
          ],
        });
        await expect(stored()).resolves.toBe(0);
      },
    );
  });

  it.each(['.', '..'])(
    'is refused in a batch item, naming its index: %s',
    async (name) => {
      const response = await send(
        'POST',
        '/calls/batch',
        JSON.stringify({
          calls: [
            { user_name: 'alice', call_duration: 1 },
            { user_name: name, call_duration: 1 },
          ],
        }),
      );

      expect(response.status).toBe(400);
      expect(JSON.parse(response.body)).toMatchObject({
        errors: [{ field: 'calls[1].user_name' }],
      });
      await expect(stored()).resolves.toBe(0);
    },
  );

  it.each(['...', '.a', 'a.', 'a..b', '.-'])('still takes %s', async (name) => {
    const response = await send(
      'PUT',
      `/mobile/${name}/call`,
      '{"call_duration": 1000}',
    );

    expect(response.status).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({ user_name: name });
  });
});
