import { deflateSync, gzipSync } from 'node:zlib';
import type { Response } from './support/api.js';
import { expectProblem } from './support/expectations.js';
import { useTestApp } from './support/test-app.js';

const MIB = 1_048_576;
const CALL = '{"call_duration": 61000}';

/** The headers of a JSON body sent with Content-Encoding `encoding`. */
const encodedJson = (encoding: string) => ({
  'content-type': 'application/json',
  'content-encoding': encoding,
});

describe('request body charsets and encodings (SPEC §4)', () => {
  const t = useTestApp();

  function put(payload: string | Buffer, headers: Record<string, string>) {
    return t.app.inject({
      method: 'PUT',
      url: '/mobile/alice/call',
      headers,
      payload,
    });
  }

  const stored = () => t.callCount();

  /** A short problem of `status`, and nothing stored. */
  async function expectRefused(response: Response, status: number) {
    expectProblem(response, status);
    expect(response.body.length).toBeLessThan(1_000);
    await expect(stored()).resolves.toBe(0);
  }

  describe('the charset of a JSON body', () => {
    it.each([
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=UTF-8',
      'application/json;charset="utf-8"',
    ])('is UTF-8 with %s', async (contentType) => {
      const response = await put(CALL, { 'content-type': contentType });

      expect(response.statusCode).toBe(201);
    });

    it.each(['utf-16', 'UTF-16LE', 'iso-8859-1', 'us-ascii'])(
      'is refused with 415 when it is %s',
      async (charset) => {
        const response = await put(CALL, {
          'content-type': `application/json; charset=${charset}`,
        });

        await expectRefused(response, 415);
        expect(response.json()).toMatchObject({
          detail: `A JSON body must be UTF-8, not ${charset.toLowerCase()}`,
        });
      },
    );
  });

  describe('Content-Encoding', () => {
    it.each([
      ['gzip', gzipSync],
      ['x-gzip', gzipSync],
      ['deflate', deflateSync],
      ['GZIP', gzipSync],
    ] as const)('inflates a %s body', async (encoding, compress) => {
      const response = await put(compress(CALL), encodedJson(encoding));

      expect(response.statusCode).toBe(201);
      expect(response.json()).toMatchObject({ call_duration: 61_000 });
    });

    it('takes identity as no encoding', async () => {
      const response = await put(CALL, encodedJson('identity'));

      expect(response.statusCode).toBe(201);
    });

    it.each(['br', 'compress', 'zstd', 'gzip, gzip'])(
      'refuses %s with 415',
      async (encoding) => {
        await expectRefused(await put(CALL, encodedJson(encoding)), 415);
      },
    );

    it('answers 400 for a body that is not what its encoding says', async () => {
      await expectRefused(await put(CALL, encodedJson('gzip')), 400);
    });

    it('applies the 1 MiB limit to the inflated body: 413', async () => {
      const body = `{"call_duration": 1${' '.repeat(MIB)}}`;
      const compressed = gzipSync(body);
      expect(compressed.length).toBeLessThan(10_000);

      await expectRefused(await put(compressed, encodedJson('gzip')), 413);
    });

    it('stops inflating a zip bomb at the limit: 200 MB of spaces in 200 KB', async () => {
      const bomb = gzipSync(Buffer.alloc(200 * MIB, 0x20));
      const before = process.memoryUsage().arrayBuffers;

      const response = await put(bomb, encodedJson('gzip'));

      await expectRefused(response, 413);
      // What was allocated for it is about the limit, not the 200 MB it inflates to.
      expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(
        32 * MIB,
      );
    });
  });
});
