import {
  BadRequestException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { PassThrough, Readable } from 'node:stream';
import { deflateSync, gzipSync } from 'node:zlib';
import { streamedBody } from './streamed-body.js';

const LIMIT = 1000;

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

function headers(body: Buffer, more: Record<string, string> = {}) {
  return { 'content-length': String(body.length), ...more };
}

describe('streamedBody', () => {
  it('gives the chunks as they arrive, with the size Content-Length declares', async () => {
    const body = Buffer.from('prefix,price\n,0.05\n');
    const streamed = streamedBody(
      Readable.from([body.subarray(0, 5), body.subarray(5)]),
      headers(body),
      LIMIT,
    );

    expect(streamed.size).toBe(body.length);
    expect((await bytesOf(streamed.chunks)).toString()).toBe(body.toString());
  });

  it.each([
    ['gzip', gzipSync],
    ['x-gzip', gzipSync],
    ['deflate', deflateSync],
  ])('inflates a %s body, its size unknown', async (encoding, compress) => {
    const text = 'prefix,price\n,0.05\n'.repeat(10);
    const body = compress(Buffer.from(text));
    const streamed = streamedBody(
      Readable.from([body]),
      headers(body, { 'content-encoding': encoding }),
      LIMIT,
    );

    expect(streamed.size).toBeUndefined();
    expect((await bytesOf(streamed.chunks)).toString()).toBe(text);
  });

  it('refuses a Content-Length over the limit, and an unknown encoding, before reading', () => {
    const payload = new PassThrough();

    expect(() =>
      streamedBody(payload, { 'content-length': String(LIMIT + 1) }, LIMIT),
    ).toThrow(PayloadTooLargeException);
    expect(() =>
      streamedBody(payload, { 'content-encoding': 'br' }, LIMIT),
    ).toThrow(UnsupportedMediaTypeException);
    expect(payload.readableFlowing).toBeNull();
  });

  it('refuses a body that passes the limit as it arrives, with no Content-Length', async () => {
    const chunks = [Buffer.alloc(600), Buffer.alloc(600)];
    const streamed = streamedBody(Readable.from(chunks), {}, LIMIT);

    await expect(bytesOf(streamed.chunks)).rejects.toBeInstanceOf(
      PayloadTooLargeException,
    );
  });

  it('refuses a body that inflates past the limit', async () => {
    const body = gzipSync(Buffer.alloc(LIMIT * 10));
    const streamed = streamedBody(
      Readable.from([body]),
      headers(body, { 'content-encoding': 'gzip' }),
      LIMIT,
    );

    await expect(bytesOf(streamed.chunks)).rejects.toBeInstanceOf(
      PayloadTooLargeException,
    );
  });

  it('refuses a body shorter than its Content-Length, cut off, or not valid gzip', async () => {
    const short = streamedBody(
      Readable.from([Buffer.from('abc')]),
      { 'content-length': '10' },
      LIMIT,
    );
    await expect(bytesOf(short.chunks)).rejects.toBeInstanceOf(
      BadRequestException,
    );

    const cut = new PassThrough();
    const cutOff = streamedBody(cut, {}, LIMIT);
    cut.write('abc');
    setImmediate(() => cut.destroy(new Error('aborted')));
    await expect(bytesOf(cutOff.chunks)).rejects.toBeInstanceOf(
      BadRequestException,
    );

    const garbage = Buffer.from('not gzip at all');
    const notGzip = streamedBody(
      Readable.from([garbage]),
      headers(garbage, { 'content-encoding': 'gzip' }),
      LIMIT,
    );
    await expect(bytesOf(notGzip.chunks)).rejects.toBeInstanceOf(
      BadRequestException,
    );
  });

  it('lets the rest through unread when the reader stops early, without ending the stream', async () => {
    const payload = new PassThrough();
    const streamed = streamedBody(payload, {}, LIMIT);
    payload.write('first');

    for await (const chunk of streamed.chunks) {
      expect(Buffer.from(chunk).toString()).toBe('first');
      break;
    }

    // Not destroyed (that would end the connection before the answer), and read to its end.
    expect(payload.destroyed).toBe(false);
    const ended = new Promise((resolve) => payload.once('end', resolve));
    payload.end('the rest');
    await ended;
  });

  it('cuts a body that goes on for more than the limit after the reader let go', async () => {
    const payload = new PassThrough();
    const streamed = streamedBody(payload, {}, LIMIT);
    payload.write('first');
    for await (const chunk of streamed.chunks) {
      expect(chunk.length).toBe(5);
      break;
    }

    payload.write(Buffer.alloc(LIMIT));
    await new Promise((resolve) => setImmediate(resolve));
    expect(payload.destroyed).toBe(false);
    payload.write(Buffer.alloc(10));
    await new Promise((resolve) => setImmediate(resolve));
    expect(payload.destroyed).toBe(true);
  });
});
