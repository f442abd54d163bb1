import {
  PayloadTooLargeException,
  BadRequestException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { gunzip, inflate, type InputType, type ZlibOptions } from 'node:zlib';
import { problem, ProblemException } from '../errors/problem.js';
import { describeFieldError } from '../validation/validation-problem.js';
import { jsonLimitFault } from './json-limits.js';
import { streamedBody, unsupportedEncoding } from './streamed-body.js';
import { keepingFractions } from './whole-number.js';
import {
  csvNotAccepted,
  isUploadRoute,
  UploadedBody,
  type UploadFormat,
} from './upload-body.js';

type Decoder = (body: InputType, options: ZlibOptions) => Promise<Buffer>;

/** The encodings a client may compress a body with; `identity` is no compression. */
const DECODERS: Readonly<Record<string, Decoder | undefined>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
};

/** The charset a JSON body may declare: JSON is UTF-8 (RFC 8259), and nothing decodes another. */
const UTF_8 = new Set(['utf-8', 'utf8']);

/** The `charset` parameter of a Content-Type, lower-cased, or undefined when it has none. */
export function charsetOf(contentType: string | undefined): string | undefined {
  for (const parameter of (contentType ?? '').split(';').slice(1)) {
    const [name, value = ''] = parameter.split('=', 2);
    if (name?.trim().toLowerCase() === 'charset') {
      return value
        .trim()
        .replace(/^"(.*)"$/, '$1')
        .toLowerCase();
    }
  }
  return undefined;
}

/**
 * The body as the client meant it: inflated when `Content-Encoding` says gzip or deflate, never
 * to more than `limit` bytes (zlib stops there, so a zip bomb costs `limit` and no more).
 */
export async function decodedBody(
  body: Buffer,
  encoding: string | undefined,
  limit: number,
): Promise<Buffer> {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === 'identity' || name === '') return body;
  const decode = DECODERS[name];
  if (decode === undefined) throw unsupportedEncoding(name);
  try {
    return await decode(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new PayloadTooLargeException(
        `The request body inflates to more than ${limit} bytes`,
      );
    }
    throw new BadRequestException(`The request body is not valid ${name} data`);
  }
}

type Done = (error: Error | null, body?: unknown) => void;

/**
 * Adds the parser of `type`: a charset other than UTF-8 is a 415, a gzip- or deflate-encoded
 * body is inflated, with the route's body limit applied to the inflated body too, and the bytes
 * go to `parse`. An upload route (`upload-body.ts`) gets them as they are, to read in slices.
 */
function addUtf8Parser(
  fastify: FastifyInstance,
  type: string,
  format: UploadFormat,
  limit: number,
  parse: (request: FastifyRequest, bytes: Buffer, done: Done) => void,
): void {
  fastify.addContentTypeParser(
    type,
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer, done: Done) => {
      const fault = charsetFault(request, format);
      if (fault !== undefined) {
        done(fault);
        return;
      }
      const routeLimit = request.routeOptions.bodyLimit ?? limit;
      decodedBody(body, request.headers['content-encoding'], routeLimit).then(
        (bytes) => {
          if (isUploadRoute(request))
            done(
              null,
              new UploadedBody(format, { chunks: bytes, size: bytes.length }),
            );
          else parse(request, bytes, done);
        },
        (error: Error) => done(error),
      );
    },
  );
}

/**
 * Replaces Fastify's JSON parser with one that refuses a charset other than UTF-8 (415), reads
 * gzip- or deflate-encoded bodies, with the body limit applied to the inflated body too, and
 * refuses a body past the JSON limits (`json-limits.ts`) before parsing it. A fraction too fine
 * for a double is kept a fraction (`whole-number.ts`), for the validation to refuse. Parsing itself stays
 * Fastify's (secure-json-parse, refusing `__proto__` and `constructor` poisoning). `text/csv` is
 * read by upload routes only, as it arrives (`streamed-body.ts`): a deck of a million lines is
 * never gathered into one buffer. Elsewhere it is a 415, before any of it is read.
 */
export function registerJsonBodyParser(
  fastify: FastifyInstance,
  limit: number,
): void {
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser('application/json');
  addUtf8Parser(
    fastify,
    'application/json',
    'json',
    limit,
    (request, bytes, done) => {
      // Clients send the header on bodiless requests (a DELETE, a close): no bytes is no body,
      // which a route that needs one refuses like any missing body.
      if (bytes.length === 0) {
        done(null, undefined);
        return;
      }
      const text = bytes.toString('utf8');
      const fault = jsonLimitFault(text);
      if (fault === undefined) {
        void parseJson(request, keepingFractions(text), done);
        return;
      }
      done(
        new ProblemException(problem(400, describeFieldError(fault), [fault])),
      );
    },
  );
  fastify.addContentTypeParser(
    'text/csv',
    (request: FastifyRequest, payload: Readable, done: Done) => {
      const fault =
        charsetFault(request, 'csv') ??
        (isUploadRoute(request) ? undefined : csvNotAccepted());
      if (fault !== undefined) {
        done(fault);
        return;
      }
      try {
        const body = streamedBody(
          payload,
          request.headers,
          request.routeOptions.bodyLimit ?? limit,
        );
        done(null, new UploadedBody('csv', body));
      } catch (error) {
        done(error as Error);
      }
    },
  );
}

/** The 415 of a body in a charset other than UTF-8, or undefined. */
function charsetFault(
  request: FastifyRequest,
  format: UploadFormat,
): UnsupportedMediaTypeException | undefined {
  const charset = charsetOf(request.headers['content-type']);
  return charset === undefined || UTF_8.has(charset)
    ? undefined
    : new UnsupportedMediaTypeException(
        `A ${format.toUpperCase()} body must be UTF-8, not ${charset.slice(0, 32)}`,
      );
}
