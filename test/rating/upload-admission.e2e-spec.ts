import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { AS_ADMIN, AS_CLIENT } from '../support/auth.js';
import { FUTURE } from '../support/dates.js';
import {
  GOLD_PATH,
  REQUEST_TIMEOUT_MS,
  SILVER_PATH,
  useUploadClient,
} from './upload-client.js';

/**
 * What is checked before any upload's body is read, over real sockets: the admin key, and one
 * JSON body at a time per process; and an upload whose client left while it waited for its
 * turn is not stored.
 */
describe('what an upload must pass before its body is read', () => {
  const { admin, send, slowUpload, port } = useUploadClient();
  const path = GOLD_PATH;
  const silverPath = SILVER_PATH;

  it('takes one JSON upload at a time: another is refused with a 503 before its body is read', async () => {
    const rates = Array.from({ length: 2_000 }, (_, i) => ({
      prefix: i === 0 ? '' : String(100_000_000 + i),
      price: '0.05',
    }));
    const json = JSON.stringify({ rates });
    const half = Math.floor(json.length / 2);
    const jsonHeaders = {
      'content-type': 'application/json',
      'content-length': String(json.length),
    };
    const slow = send(
      'PUT',
      path,
      jsonHeaders,
      [json.slice(0, half), json.slice(half)],
      1_000,
    );
    await sleep(200);

    const refused = await send(
      'PUT',
      silverPath,
      jsonHeaders,
      [json],
      0,
      new Agent(),
    );
    const csvMeanwhile = send(
      'PUT',
      silverPath,
      { 'content-type': 'text/csv' },
      ['prefix,price\n,0.05\n'],
      0,
      new Agent(),
    );
    // Awaited below; a failed expectation before that must not leave its rejection unhandled.
    csvMeanwhile.catch(() => undefined);

    expect(refused.status).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.headers['content-type']).toMatch(
      /^application\/problem\+json/,
    );
    expect((await slow).status).toBe(201);
    expect((await csvMeanwhile).status).toBe(201);
    const after = await send(
      'PUT',
      silverPath,
      jsonHeaders,
      [json],
      0,
      new Agent(),
    );
    expect(after.status).toBe(200);
    expect(JSON.parse(after.body)).toMatchObject({ rate_count: 2_000 });
  });

  it.each([
    ['no key', undefined, 401],
    ['a client key', AS_CLIENT.authorization, 403],
  ])(
    'refuses an upload with %s before its body arrives, and takes no JSON turn',
    async (_, authorization, status) => {
      // Two bytes of a declared megabyte: only an answer given before the body can come back
      // before the request times out (408).
      const refused = await send(
        'PUT',
        path,
        {
          authorization,
          'content-type': 'application/json',
          'content-length': '1000000',
        },
        ['{"'],
        REQUEST_TIMEOUT_MS * 2,
        new Agent(),
      );
      const upload = await send(
        'PUT',
        path,
        { 'content-type': 'application/json' },
        [JSON.stringify({ rates: [{ prefix: '', price: '0.05' }] })],
      );

      expect(refused.status).toBe(status);
      expect(upload.status).toBe(201);
    },
  );

  it('stores no upload whose client went away while it waited for its turn', async () => {
    const slow = slowUpload();
    await sleep(200);
    const json = JSON.stringify({ rates: [{ prefix: '', price: '0.05' }] });
    const gone = request({
      host: '127.0.0.1',
      port: port(),
      method: 'PUT',
      path: silverPath,
      headers: {
        ...AS_ADMIN,
        'content-type': 'application/json',
        'content-length': String(json.length),
      },
    });
    gone.on('error', () => undefined);
    gone.end(json);
    await sleep(200);
    gone.destroy();

    expect((await slow).status).toBe(201);
    await sleep(200);
    expect((await admin.getVersion('silver', FUTURE)).statusCode).toBe(404);
  });
});
