import {
  BadRequestException,
  HttpException,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { pipeline, Readable } from 'node:stream';
import type { UploadSource } from './upload-body.js';
import {
  createGunzip,
  createInflate,
  type Gunzip,
  type Inflate,
} from 'node:zlib';

/** The encodings a client may compress a streamed body with; `identity` is no compression. */
const INFLATERS: Readonly<
  Record<string, (() => Gunzip | Inflate) | undefined>
> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
};

/**
 * The body of `payload`, to be read as it arrives rather than gathered into one buffer: inflated
 * when `Content-Encoding` says gzip or deflate, and held to `limit` bytes as received and as
 * inflated (a 413 the moment either passes it, or at once when `Content-Length` does). A body
 * shorter than its `Content-Length`, cut off or not valid compressed data is a 400. Whatever the
 * reader leaves unread is dropped as it comes (up to `limit` bytes more), so the connection stays
 * in step for the next request. Throws the 413 of a `Content-Length` over the limit, and the 415
 * of an unknown encoding, before anything is read.
 */
export function streamedBody(
  payload: Readable,
  headers: Readonly<Record<string, string | string[] | undefined>>,
  limit: number,
): UploadSource & { readonly chunks: AsyncIterable<Uint8Array> } {
  const declared = headers['content-length'];
  // Node's parser refuses a malformed Content-Length; whatever else is here counts as none.
  const length =
    typeof declared === 'string' && /^\d+$/.test(declared)
      ? Number(declared)
      : undefined;
  if (length !== undefined && length > limit) throw tooLarge(limit);
  const encoding = String(headers['content-encoding'] ?? 'identity')
    .trim()
    .toLowerCase();
  // An error after the reader let go (the client gone) has no one left to tell.
  payload.on('error', () => undefined);
  const received = receivedChunks(payload, length, limit);
  if (encoding === 'identity' || encoding === '') {
    return { chunks: received, size: length };
  }
  const inflater = INFLATERS[encoding];
  if (inflater === undefined) throw unsupportedEncoding(encoding);
  return { chunks: inflated(received, inflater, encoding, limit) };
}

async function* receivedChunks(
  payload: Readable,
  length: number | undefined,
  limit: number,
): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  let complete = false;
  try {
    for await (const chunk of payload.iterator({ destroyOnReturn: false })) {
      const bytesOf = chunk as Buffer;
      bytes += bytesOf.length;
      if (bytes > limit) throw tooLarge(limit);
      yield bytesOf;
    }
    complete = true;
  } catch (error) {
    throw error instanceof HttpException ? error : cutShort();
  } finally {
    if (!complete) dropRest(payload, limit);
  }
  if (length !== undefined && bytes !== length) throw cutShort();
}

async function* inflated(
  received: AsyncIterable<Uint8Array>,
  inflater: () => Gunzip | Inflate,
  encoding: string,
  limit: number,
): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  let refused: HttpException | undefined;
  const output = pipeline(Readable.from(received), inflater(), (error) => {
    if (error instanceof HttpException) refused = error;
  });
  try {
    for await (const chunk of output) {
      const bytesOf = chunk as Buffer;
      bytes += bytesOf.length;
      if (bytes > limit) {
        throw new PayloadTooLargeException(
          `The request body inflates to more than ${limit} bytes`,
        );
      }
      yield bytesOf;
    }
  } catch (error) {
    if (error instanceof HttpException) throw error;
    throw (
      refused ??
      new BadRequestException(`The request body is not valid ${encoding} data`)
    );
  }
}

/**
 * Reads and drops what is left of a body its reader let go (a deck refused part-way): the answer
 * then reaches a client still sending, and the keep-alive connection stays in step. Past `limit`
 * more bytes (a body without end) the request is destroyed, which ends its connection.
 */
function dropRest(payload: Readable, limit: number): void {
  let dropped = 0;
  payload.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > limit) payload.destroy();
  });
}

/** The 415 of a `Content-Encoding` that nothing here decodes. */
export function unsupportedEncoding(
  encoding: string,
): UnsupportedMediaTypeException {
  return new UnsupportedMediaTypeException(
    `Content-Encoding ${encoding.slice(0, 32)} is not supported; send gzip, deflate or none`,
  );
}

function tooLarge(limit: number): PayloadTooLargeException {
  return new PayloadTooLargeException(
    `The request body is larger than ${limit} bytes`,
  );
}

function cutShort(): BadRequestException {
  return new BadRequestException(
    'The request body ended before all of it arrived',
  );
}
